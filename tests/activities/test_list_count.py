"""The activity list's count comes from per-federation counters kept current on every save and delete
(no COUNT over a million rows for each page); it always equals the rows the user sees."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from activities import counts
from activities.models import Activity, ActivityCount

from .conftest import at
from .test_api import URL, payload


def listed(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    counted = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "activities_activity" in q["sql"]]
    return response.json()["count"], counted


def visible(user):
    return Activity.objects.visible_to(user).count()


def test_the_count_follows_every_create_move_and_delete(tree, users, kinds, api_client, make_user):
    city, district, chair = api_client(users.city), api_client(users.district), api_client(users.chair)
    admin = make_user("city_office", tree.city, username="root", is_superuser=True)
    # created through the API in two districts
    for federation in (tree.s1c1, tree.s1c1, tree.s2c1, tree.s3c1):
        body = payload(tree, kinds, federation=federation.pk)
        user = users.other_district if federation == tree.s3c1 else users.district
        assert api_client(user).post(URL, body, format="json").status_code == 201
    first = Activity.objects.filter(federation=tree.s1c1).first()
    # moved to another community, then one deleted
    assert district.patch(f"{URL}{first.pk}/", {"federation": tree.s2c1.pk}, format="json").status_code == 200
    assert district.delete(f"{URL}{Activity.objects.filter(federation=tree.s2c1).last().pk}/").status_code == 204
    # then: every user's count equals what she sees, and no row was counted for it
    for user, client in ((users.city, city), (users.district, district), (users.chair, chair)):
        count, counted = listed(client)
        assert count == visible(user) and counted == []
    assert listed(api_client(admin))[0] == Activity.objects.count() == 3
    assert (listed(city)[0], listed(district)[0], listed(chair)[0]) == (3, 2, 1)
    assert dict(ActivityCount.objects.values_list("federation_id", "activities")) == {
        tree.s1c1.pk: 1,  # two created, one moved away
        tree.s2c1.pk: 1,  # one created, one moved in, one deleted
        tree.s3c1.pk: 1,
    }


def test_a_narrowed_list_counts_its_rows(tree, users, kinds, api_client, make_activity):
    make_activity(tree.s1c1, "OUTING")
    make_activity(tree.s1c1, "RED_SONG")
    count, counted = listed(api_client(users.district), kind=kinds["RED_SONG"].pk)
    assert count == 1 and len(counted) == 1
    count, counted = listed(api_client(users.district), search="no such title")
    assert count == 0 and len(counted) == 1


def test_a_rolled_back_write_leaves_the_counters_as_they_were(tree, make_activity):
    make_activity(tree.s1c1)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_activity(tree.s1c1)
        make_activity(tree.s2c1)
        raise RuntimeError("abandon")
    assert dict(ActivityCount.objects.values_list("federation_id", "activities")) == {tree.s1c1.pk: 1}


def test_a_move_of_an_activity_loaded_without_its_federation_is_counted(tree, make_activity):
    activity = make_activity(tree.s1c1)
    partial = Activity.objects.only("id", "title").get(pk=activity.pk)
    partial.federation = tree.s2c1
    partial.save()
    assert dict(ActivityCount.objects.values_list("federation_id", "activities")) == {tree.s1c1.pk: 0, tree.s2c1.pk: 1}


def test_rebuild_recounts_what_bulk_writes_bypassed(tree, kinds, make_activity):
    make_activity(tree.s1c1)
    Activity.objects.bulk_create(
        [
            Activity(federation=tree.s2c1, kind=kinds["OUTING"], start=at(2024, 6, day), end=at(2024, 6, day, 11))
            for day in (1, 2)
        ]
    )
    assert counts.subtree_total_of(tree.city) == 1  # bulk_create sent no signal
    counts.rebuild()
    assert dict(ActivityCount.objects.values_list("federation_id", "activities")) == {tree.s1c1.pk: 1, tree.s2c1.pk: 2}
    assert counts.subtree_total_of(tree.city) == Activity.objects.count() == 3
