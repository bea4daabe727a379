"""Scope semantics (issue 14 items 4, 12, 13): a link never widens what a user may unmask, out of scope
answers exactly like missing, and writes are checked against the tree as it is after the write."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from cadres.models import Person, PersonalDataAccess, Post
from organizations.choices import Level, MemberUnitType
from organizations.models import Federation, MemberUnit
from tests.cadres.factories import PersonFactory, PostFactory, make_id_number
from venues.models import ClusterMembership, VenueCluster

CREDIT_CODE = "91350100M000100Y43"
MISSING = 999_999


def _without_ids(payload, *ids):
    """The response text with the ids named removed, to compare the answers for two different ids."""
    text = str(payload)
    for value in ids:
        text = re.sub(rf"\b{value}\b", "ID", text)
    return text


@pytest.fixture
def street_chair(tree, make_user):
    """A community chair of 东亭 (S1C1) who views her whole street (水果湖街, S1), as in the demo."""
    return make_user(Role.COMMUNITY_CHAIR, tree.s1c1, username="dongting-chair", view_federation=tree.s1)


@pytest.fixture
def neighbour(tree):
    """A cadre of 翠柳村 (S1V1): in the chair's view (her street), outside her edit scope (her community)."""
    return PersonFactory(
        federation=tree.s1v1, name="邻村干部", phone="13912345678", id_number=make_id_number(7, "19850101")
    )


# 1. A link never widens what a user may unmask -------------------------------------------------------------


def test_a_post_in_her_community_does_not_unmask_a_person_of_another_community(
    tree, street_chair, neighbour, api_client
):
    # a post of the neighbour in the chair's community (recorded by the street, say)
    post = PostFactory(federation=tree.s1c1, person=neighbour)
    client = api_client(street_chair)
    # when
    person = client.get(f"/api/v1/cadres/people/{neighbour.pk}/").json()
    listed = client.get("/api/v1/cadres/people/", {"federation": tree.s1v1.pk}).json()["results"]
    post_row = client.get(f"/api/v1/cadres/posts/{post.pk}/").json()
    # then: masked everywhere, nothing recorded as a full read
    assert person["personal_data_masked"] is True
    assert person["phone"] == "139****5678"
    assert "*" in person["id_number"]
    assert [row["phone"] for row in listed] == ["139****5678"]
    assert post_row["phone"] == "139****5678"
    assert not PersonalDataAccess.objects.filter(person=neighbour).exists()


def test_her_own_people_stay_unmasked(tree, street_chair, api_client):
    own = PersonFactory(federation=tree.s1c1, phone="13712345678")
    data = api_client(street_chair).get(f"/api/v1/cadres/people/{own.pk}/").json()
    assert data["personal_data_masked"] is False
    assert data["phone"] == "13712345678"


def test_linking_a_person_outside_the_edit_scope_is_refused_like_a_missing_id(
    tree, street_chair, neighbour, api_client
):
    client = api_client(street_chair)
    body = {"federation": tree.s1c1.pk, "position": "EXEC_MEMBER", "term_start": "2017-03-01"}
    # when
    linked = client.post("/api/v1/cadres/posts/", {**body, "person": neighbour.pk}, format="json")
    missing = client.post("/api/v1/cadres/posts/", {**body, "person": MISSING}, format="json")
    # then: the same 400 in the same words, and no post
    assert linked.status_code == missing.status_code == 400
    assert list(linked.json()) == ["person"]
    assert _without_ids(linked.json(), neighbour.pk) == _without_ids(missing.json(), MISSING)
    assert not Post.objects.filter(person=neighbour).exists()


def test_a_team_lead_outside_the_edit_scope_is_refused_like_a_missing_id(tree, street_chair, neighbour, api_client):
    client = api_client(street_chair)
    body = {"federation": tree.s1c1.pk, "name": "东亭舞蹈队"}
    linked = client.post("/api/v1/activities/teams/", {**body, "leader": neighbour.pk}, format="json")
    missing = client.post("/api/v1/activities/teams/", {**body, "leader": MISSING}, format="json")
    assert linked.status_code == missing.status_code == 400
    assert _without_ids(linked.json(), neighbour.pk) == _without_ids(missing.json(), MISSING)


def test_the_admin_refuses_linking_a_person_outside_the_edit_scope(tree, make_user, client):
    # a street staff who views her whole district but edits only her street
    street = make_user(Role.STREET_STAFF, tree.s1, username="s1-wide", view_federation=tree.d1)
    other = PersonFactory(federation=tree.s2c1, name="中南干部")
    client.force_login(street)
    url = reverse("admin:cadres_post_add")
    form = {
        "person": other.pk,
        "federation": tree.s1c1.pk,
        "position": "EXEC_MEMBER",
        "term_number": 1,
        "term_start": "2017-03-01",
        "appointment": "ELECTED",
    }
    # when
    response = client.post(url, form)
    # then: the form answers as for a missing choice, and nothing is saved
    assert response.status_code == 200
    assert "person" in response.context["adminform"].form.errors
    assert not Post.objects.filter(person=other).exists()


# 2. Out of scope answers exactly like missing --------------------------------------------------------------


@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_writing_an_out_of_scope_id_answers_like_a_missing_one(tree, users, api_client, method):
    theirs = PersonFactory(federation=tree.s3c1, name="硚口干部")
    client = api_client(users.district)
    # when
    out_of_scope = getattr(client, method)(f"/api/v1/cadres/people/{theirs.pk}/", {"name": "改名"}, format="json")
    missing = getattr(client, method)(f"/api/v1/cadres/people/{MISSING}/", {"name": "改名"}, format="json")
    # then
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()
    assert Person.objects.get(pk=theirs.pk).name == "硚口干部"


def test_a_viewer_who_sees_the_record_is_told_she_may_not_change_it(tree, users, api_client):
    theirs = PersonFactory(federation=tree.s3c1, name="硚口干部")
    response = api_client(users.viewer).patch(f"/api/v1/cadres/people/{theirs.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 403
    assert Person.objects.get(pk=theirs.pk).name == "硚口干部"


@pytest.mark.parametrize(
    ("url", "param", "make"),
    [
        ("/api/v1/cadres/posts/", "person", lambda tree: PersonFactory(federation=tree.s3c1).pk),
        ("/api/v1/cadres/people/", "federation", lambda tree: tree.s3c1.pk),
        ("/api/v1/cadres/duty-reports/", "post", lambda tree: PostFactory(federation=tree.s3c1).pk),
        ("/api/v1/venues/venues/", "federation", lambda tree: tree.s3.pk),
        ("/api/v1/activities/activities/", "federation", lambda tree: tree.s3.pk),
        ("/api/v1/organizations/clusters/", "core", lambda tree: tree.s3.pk),
        ("/api/v1/cadres/personal-data-accesses/", "person", lambda tree: PersonFactory(federation=tree.s3c1).pk),
    ],
)
def test_a_filter_on_an_out_of_scope_id_answers_like_a_missing_one(tree, users, api_client, url, param, make):
    theirs = make(tree)
    client = api_client(users.district)
    # when
    out_of_scope = client.get(url, {param: theirs})
    missing = client.get(url, {param: MISSING})
    # then
    assert out_of_scope.status_code == missing.status_code == 400
    assert _without_ids(out_of_scope.json(), theirs) == _without_ids(missing.json(), MISSING)


def test_every_api_filter_on_a_scoped_model_is_narrowed_to_the_user(tree, users, rf):
    """Meta-test: every model-choice filter of every API view lists only what the user may view."""
    from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
    from rest_framework.request import Request

    from wuhan_fulian.urls import urlpatterns  # noqa: F401  (the routers are registered on import)

    checked = 0
    for view in _api_viewsets():
        request = Request(rf.get("/"))
        request.user = users.other_district
        instance = view(request=request, format_kwarg=None, action="list", kwargs={})
        for backend_class in view.filter_backends:
            if not hasattr(backend_class, "get_filterset"):
                continue
            filterset = backend_class().get_filterset(request, view.queryset, instance)
            if filterset is None:
                continue
            for name, flt in filterset.filters.items():
                if not isinstance(flt, (ModelChoiceFilter, ModelMultipleChoiceFilter)):
                    continue
                choices = flt.get_queryset(request)
                manager = choices.model._default_manager
                if not hasattr(manager, "visible_to"):
                    continue
                checked += 1
                ids = set(choices.values_list("pk", flat=True))
                visible = set(manager.visible_to(users.other_district).values_list("pk", flat=True))
                assert ids <= visible, f"{view.__name__}.{name}"
    assert checked > 30


def _api_viewsets():
    from django.urls import get_resolver

    seen = []

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
                continue
            cls = getattr(pattern.callback, "cls", None)
            if cls is not None and getattr(cls, "queryset", None) is not None and cls not in seen:
                seen.append(cls)

    walk(get_resolver().url_patterns)
    return seen


def test_a_credit_code_taken_elsewhere_does_not_name_a_federation_out_of_view(tree, users, api_client, make_unit):
    make_unit(tree.s3, name="硚口单位", credit_code=CREDIT_CODE)
    body = {
        "unit_type": MemberUnitType.ENTERPRISE,
        "name": "同码单位",
        "credit_code": CREDIT_CODE,
        "federation": tree.s1.pk,
        "joined_on": "2017-05-01",
    }
    # when
    response = api_client(users.district).post("/api/v1/organizations/member-units/", body, format="json")
    # then: refused without naming 宝丰街 (outside 武昌's view)
    assert response.status_code == 400
    assert "宝丰街" not in str(response.json())
    assert "成员单位" in str(response.json())
    assert MemberUnit.objects.filter(credit_code=CREDIT_CODE).count() == 1


def test_a_credit_code_taken_in_view_still_names_the_federation(tree, users, api_client, make_unit):
    make_unit(tree.s2, name="中南单位", credit_code=CREDIT_CODE)
    body = {
        "unit_type": MemberUnitType.ENTERPRISE,
        "name": "同码单位",
        "credit_code": CREDIT_CODE,
        "federation": tree.s1.pk,
        "joined_on": "2017-05-01",
    }
    response = api_client(users.district).post("/api/v1/organizations/member-units/", body, format="json")
    assert response.status_code == 400
    assert "中南路街妇联" in str(response.json())


def test_an_overlapping_membership_does_not_name_a_federation_out_of_view(tree, users, make_unit):
    from core.scope import acting_as
    from organizations.models import MemberUnitMembership

    unit = make_unit(tree.s3, name="硚口单位", joined_on=date(2017, 4, 20))
    period = MemberUnitMembership(unit=unit, federation=tree.s1, joined_on=date(2017, 6, 1))
    with acting_as(users.district), pytest.raises(ValidationError) as raised:
        period.full_clean()
    assert "宝丰街" not in str(raised.value)
    with acting_as(users.city), pytest.raises(ValidationError) as raised:
        period.full_clean()
    assert "宝丰街" in str(raised.value)


# 3. Writes checked against the tree as it is after the write -----------------------------------------------


@pytest.mark.parametrize("name", ["A测试社区妇联", "龥测试社区妇联"])
def test_a_street_creates_a_community_wherever_its_name_sorts(tree, users, api_client, name):
    body = {"name": name, "code": f"T-{name[0]}", "level": Level.COMMUNITY, "parent": tree.s1.pk}
    response = api_client(users.street).post("/api/v1/organizations/federations/", body, format="json")
    assert response.status_code == 201, response.json()
    assert Federation.objects.filter(name=name, parent=tree.s1).exists()


def test_a_street_renames_itself_even_when_it_moves_among_its_siblings(tree, users, api_client):
    response = api_client(users.street).patch(
        f"/api/v1/organizations/federations/{tree.s1.pk}/", {"name": "A水果湖街妇联"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert Federation.objects.get(pk=tree.s1.pk).name == "A水果湖街妇联"


def test_the_admin_saves_a_community_whose_name_sorts_last(tree, users, client):
    client.force_login(users.street)
    form = {
        "name": "龥测试社区妇联",
        "code": "T-ADMIN",
        "level": Level.COMMUNITY,
        "parent": tree.s1.pk,
    }
    response = client.post(reverse("admin:organizations_federation_add"), form)
    assert response.status_code == 302, getattr(response, "context", None) and response.context.get("errors")
    assert Federation.objects.filter(name="龥测试社区妇联").exists()


def test_a_write_outside_the_tree_after_the_save_is_still_refused(tree, users, api_client):
    # moving her own community out of her street is refused, and nothing moves
    response = api_client(users.street).patch(
        f"/api/v1/organizations/federations/{tree.s1c1.pk}/", {"parent": tree.s2.pk}, format="json"
    )
    assert response.status_code in (400, 403)
    assert Federation.objects.get(pk=tree.s1c1.pk).parent_id == tree.s1.pk


# 4. One root; a cluster with homes is not deleted silently --------------------------------------------------


def test_a_second_city_root_is_refused(tree, make_user, api_client):
    admin = make_user(Role.CITY_OFFICE, tree.city, username="root-admin", is_superuser=True)
    body = {"name": "第二个市妇联", "code": "C2", "level": Level.CITY}
    response = api_client(admin).post("/api/v1/organizations/federations/", body, format="json")
    assert response.status_code == 400
    assert "顶级" in str(response.json())
    assert not Federation.objects.filter(code="C2").exists()
    with pytest.raises(ValidationError):
        Federation(name="第三个市妇联", code="C3", level=Level.CITY).full_clean()


def test_the_existing_root_can_still_be_edited(tree, make_user, api_client):
    admin = make_user(Role.CITY_OFFICE, tree.city, username="root-admin", is_superuser=True)
    response = api_client(admin).patch(
        f"/api/v1/organizations/federations/{tree.city.pk}/", {"address": "江岸区"}, format="json"
    )
    assert response.status_code == 200, response.json()


def test_deleting_a_cluster_with_homes_is_409_naming_them(tree, users, api_client, cluster):
    response = api_client(users.district).delete(f"/api/v1/venues/clusters/{cluster.pk}/")
    assert response.status_code == 409
    assert "无法删除" in response.json()["detail"]
    assert "东亭社区妇女之家" in response.json()["detail"]
    assert VenueCluster.objects.filter(pk=cluster.pk).exists()
    assert ClusterMembership.objects.filter(cluster=cluster).count() == 3


def test_the_admin_shows_the_protected_page_for_a_cluster(tree, users, client, cluster):
    client.force_login(users.district)
    url = reverse("admin:venues_venuecluster_delete", args=[cluster.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["protected"]
    client.post(url, {"post": "yes"})
    assert ClusterMembership.objects.filter(cluster=cluster).count() == 3


def test_an_empty_cluster_can_be_deleted(tree, users, api_client):
    empty = VenueCluster.objects.create(name="空片区", code="PQ-EMPTY", district=tree.d1)
    response = api_client(users.district).delete(f"/api/v1/venues/clusters/{empty.pk}/")
    assert response.status_code == 204


# A JSON GET writes out linked ids only and skips narrowing the choices; the browsable API's HTML form still
# offers only what she may link (core.api.serializers._reads_json).


def test_the_browsable_api_form_offers_only_linkable_federations(tree, users, api_client):
    client = api_client(users.street)
    page = client.get("/api/v1/activities/teams/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    html = page.content.decode()
    assert tree.s1c1.name in html  # her street's community is offered
    for outside in (tree.s2c1, tree.s3, tree.d2):
        assert outside.name not in html


def test_a_json_get_still_writes_the_linked_ids(tree, users, api_client):
    from activities.models import Team

    team = Team.objects.create(federation=tree.s1c1, name="东亭舞蹈队")
    body = api_client(users.street).get("/api/v1/activities/teams/", HTTP_ACCEPT="application/json").json()
    assert [row["federation"] for row in body["results"] if row["id"] == team.pk] == [tree.s1c1.pk]
