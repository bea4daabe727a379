"""A big table's bounded changelist count (core.admin.BoundedCountPaginator) for a district's or a street's
staff filters by the ids of her subtree as well as its range, so PostgreSQL plans it on the foreign key's
index instead of walking the whole table (issue 16); the rows counted are the same."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.evaluations import builders as b


def _by_ids(column):
    """The id-list filter as each engine is sent it (core.lookups.AnyOf: one array on PostgreSQL)."""
    return f"{column} = ANY(" if connection.vendor == "postgresql" else f"{column} IN ("


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    return response.context["cl"].paginator.count, counts


def test_a_street_s_count_filters_by_her_federations_ids_and_counts_the_same_rows(tree, users, client):
    # given: posts in her street (a community's and the street's own) and in another street
    for place in (tree.s1c1, tree.s1c1, tree.s1, tree.s2c1):
        b.post(b.person(place), place)
    # when
    client.force_login(users.street)
    count, queries = _count(client, "/admin/cadres/post/")
    # then
    assert count == 3
    assert len(queries) == 1 and _by_ids('"cadres_post"."federation_id"') in queries[0]


def test_the_city_office_s_count_is_by_the_range_alone(tree, users, client, monkeypatch):
    # given: a view subtree larger than a list of ids is worth
    monkeypatch.setattr("core.admin.SMALL_SUBTREE", 3)
    for place in (tree.s1c1, tree.s3c1):
        b.post(b.person(place), place)
    # when
    client.force_login(users.city)
    count, queries = _count(client, "/admin/cadres/post/")
    # then
    assert count == 2
    assert len(queries) == 1 and _by_ids('federation_id"') not in queries[0]
