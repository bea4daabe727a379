"""The tree browser page and its two JSON endpoints: scope, lazy children, search with the path to the
match, fixed query counts, and the timing on a 100,000-node tree."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .big_tree import build_big_tree

CHILDREN = "/organizations/tree/children/"
SEARCH = "/organizations/tree/search/"


def test_the_page_needs_a_login(tree, client):
    response = client.get(reverse("organizations:tree"))
    assert response.status_code == 302


def test_the_page_starts_at_the_users_root(tree, users, client):
    # given
    client.force_login(users.district)
    # when
    response = client.get(reverse("organizations:tree"))
    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert "武昌区妇联" in page
    assert f'data-id="{tree.city.pk}"' not in page
    assert f'data-id="{tree.d1.pk}"' in page
    assert "organizations/tree.js" in page
    assert "<script>" not in page  # no inline script: the CSP holds


def test_children_are_those_of_the_asked_node_with_has_children(tree, users, client):
    client.force_login(users.district)
    body = client.get(CHILDREN, {"parent": tree.s1.pk}).json()
    nodes = body["children"][str(tree.s1.pk)]
    assert [(n["name"], n["has_children"]) for n in nodes] == [("东亭社区妇联", True), ("翠柳村妇联", False)]


def test_children_without_parent_are_the_users_roots(tree, users, client):
    client.force_login(users.street)
    body = client.get(CHILDREN).json()
    assert [n["id"] for n in body["roots"]] == [tree.s1.pk]


def test_children_of_a_node_out_of_sight_are_404(tree, users, client):
    client.force_login(users.district)
    assert client.get(CHILDREN, {"parent": tree.s3.pk}).status_code == 404
    assert client.get(CHILDREN, {"parent": tree.city.pk}).status_code == 404
    assert client.get(CHILDREN, {"parent": [tree.s1.pk, tree.s3.pk]}).status_code == 404


def test_children_with_a_bad_parent_is_400(tree, users, client):
    client.force_login(users.district)
    response = client.get(CHILDREN, {"parent": "abc"})
    assert response.status_code == 400
    assert "妇联编号" in response.json()["error"]


def test_search_returns_the_path_from_the_users_root(tree, users, client):
    # given
    client.force_login(users.city)
    # when
    results = client.get(SEARCH, {"q": "水果湖"}).json()["results"]
    # then
    assert [r["name"] for r in results] == ["水果湖街妇联"]
    assert [step["name"] for step in results[0]["path"]] == ["武汉市妇联", "武昌区妇联"]


def test_search_by_code_and_within_scope_only(tree, users, client):
    client.force_login(users.district)
    results = client.get(SEARCH, {"q": "S1C1"}).json()["results"]
    assert [r["code"] for r in results] == ["S1C1", "S1C1G1"]
    assert [step["name"] for step in results[1]["path"]] == ["武昌区妇联", "水果湖街妇联", "东亭社区妇联"]
    # 永宁社区 is in 硚口: not found for 武昌's staff
    assert client.get(SEARCH, {"q": "永宁"}).json()["results"] == []


def test_search_and_children_take_a_fixed_number_of_queries(tree, users, client):
    client.force_login(users.city)
    with CaptureQueriesContext(connection) as one:
        client.get(SEARCH, {"q": "一网格"})
    with CaptureQueriesContext(connection) as many:
        client.get(SEARCH, {"q": "妇联"})
    assert len(one) == len(many)
    with CaptureQueriesContext(connection) as few:
        client.get(CHILDREN, {"parent": tree.s2.pk})
    with CaptureQueriesContext(connection) as more:
        client.get(CHILDREN, {"parent": [tree.city.pk, tree.d1.pk, tree.s1.pk]})
    assert len(few) == len(more)


@pytest.mark.slow
def test_the_browser_stays_quick_on_a_100000_node_tree(db, make_user, client, capsys):
    # given: a generated tree of 100,221 federations and a city office user there
    from accounts.models import Role

    root, size = build_big_tree()
    assert size > 100_000
    client.force_login(make_user(Role.CITY_OFFICE, root))
    street = root.get_descendants().filter(level="STREET").order_by("-lft").first()
    # when
    timings = {}
    for label, url, params in [
        ("roots", CHILDREN, {}),
        ("children of a street (50)", CHILDREN, {"parent": street.pk}),
        ("search a deep name", SEARCH, {"q": "街1909社区049"}),
        ("search a code prefix", SEARCH, {"q": street.code}),
    ]:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        timings[label] = (time.perf_counter() - started, len(queries))
        assert response.status_code == 200
    # then
    deep = client.get(SEARCH, {"q": "街1909社区049"}).json()["results"][0]
    assert [s["name"] for s in deep["path"]] == ["大城市妇联", "第19区妇联", "区19街09街道妇联"]
    with capsys.disabled():
        for label, (seconds, queries) in timings.items():
            print(f"\n  100k tree: {label}: {seconds * 1000:.0f} ms, {queries} queries", end="")
    assert all(seconds < 1.0 for seconds, _q in timings.values())


def test_children_come_in_natural_ordinal_order(tree, users, client):
    # given: grid groups named out of order, one renamed after it was made
    from organizations.models import Federation

    for name in ["第三网格妇女小组", "第十一网格妇女小组", "第二网格妇女小组", "第十网格妇女小组"]:
        Federation.objects.create(name=name, code=f"G-{name}", level="GRID_GROUP", parent=tree.s1c1)
    tree.s1c1g1.name = "第一网格妇女小组"
    tree.s1c1g1.save(update_fields=["name"])
    client.force_login(users.district)
    # when
    nodes = client.get(CHILDREN, {"parent": tree.s1c1.pk}).json()["children"][str(tree.s1c1.pk)]
    # then
    assert [n["name"] for n in nodes] == [
        "第一网格妇女小组", "第二网格妇女小组", "第三网格妇女小组", "第十网格妇女小组", "第十一网格妇女小组",
    ]  # fmt: skip


def test_nodes_link_to_their_dashboard_and_for_staff_to_their_admin_record(tree, users, client):
    # district staff: both links on the page (the root's, and the patterns the script fills for the rest)
    client.force_login(users.district)
    page = client.get(reverse("organizations:tree")).content.decode()
    assert f'href="/evaluations/dashboard/?federation={tree.d1.pk}"' in page
    assert f'href="/admin/organizations/federation/{tree.d1.pk}/change/"' in page
    assert 'data-admin-url="/admin/organizations/federation/0/change/"' in page
    assert 'data-dashboard-url="/evaluations/dashboard/?federation="' in page
    # a community chair does not work in the admin: the dashboard only
    client.force_login(users.chair)
    page = client.get(reverse("organizations:tree")).content.decode()
    assert f'href="/evaluations/dashboard/?federation={tree.s1c1.pk}"' in page
    assert "/admin/" not in page
    assert 'data-admin-url=""' in page
