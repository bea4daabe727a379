"""The admin: lists scoped like the API, with filters by subtree, kind, month and cross-sector; saving an
activity with its co-organiser rows refreshes the derived fields."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Activity, ActivityReach

URL = "/admin/activities/activity/"


def _titles(response):
    return {str(activity) for activity in response.context["cl"].result_list}


def test_filters_by_subtree_kind_month_and_cross_sector(tree, users, kinds, partners, client, make_activity):
    # given
    this_month = timezone.localdate().replace(day=10)
    start = datetime.datetime.combine(this_month, datetime.time(9), tzinfo=datetime.UTC)
    make_activity(
        tree.s1c1,
        "RED_SONG",
        start=start,
        title="东亭红歌",
        co_organizers=[(partners.party, "LEAD"), (partners.team, "CO_HOST")],
    )
    make_activity(tree.s2c1, "OUTING", start=start, title="中南踏青")
    make_activity(tree.s1v1, "OUTING", title="翠柳旧活动")
    make_activity(tree.s3c1, "OUTING", start=start, title="永宁踏青")
    client.force_login(users.district)
    # then
    assert _titles(client.get(URL)) == {"东亭红歌", "中南踏青", "翠柳旧活动"}
    assert _titles(client.get(URL, {"subtree": tree.s1.pk})) == {"东亭红歌", "翠柳旧活动"}
    assert _titles(client.get(URL, {"kind__id__exact": kinds["OUTING"].pk})) == {"中南踏青", "翠柳旧活动"}
    assert _titles(client.get(URL, {"month": f"{this_month:%Y-%m}"})) == {"东亭红歌", "中南踏青"}
    assert _titles(client.get(URL, {"is_cross_sector__exact": "1"})) == {"东亭红歌"}
    # a subtree she cannot see is not offered and gives nothing
    assert _titles(client.get(URL, {"subtree": tree.s3.pk})) == set()


def test_saving_in_the_admin_refreshes_reach_and_cross_sector(tree, users, kinds, partners, client, make_activity):
    # given
    activity = make_activity(tree.s1c1, title="东亭活动")
    client.force_login(users.district)
    change = f"{URL}{activity.pk}/change/"
    page = client.get(change)
    assert page.status_code == 200
    # when: add two co-organisers from different sectors
    local = timezone.localtime(activity.start)
    local_end = timezone.localtime(activity.end)
    data = {
        "federation": tree.s1c1.pk,
        "title": "东亭活动",
        "kind": kinds["OUTING"].pk,
        "start_0": local.strftime("%Y-%m-%d"),
        "start_1": local.strftime("%H:%M:%S"),
        "end_0": local_end.strftime("%Y-%m-%d"),
        "end_1": local_end.strftime("%H:%M:%S"),
        "participants": 30,
        "women_participants": 20,
        "description": "",
        "co_organizers-TOTAL_FORMS": 2,
        "co_organizers-INITIAL_FORMS": 0,
        "co_organizers-MIN_NUM_FORMS": 0,
        "co_organizers-MAX_NUM_FORMS": 1000,
        "co_organizers-0-role": "LEAD",
        "co_organizers-0-federation": tree.s1v1.pk,
        "co_organizers-1-role": "CO_HOST",
        "co_organizers-1-team": partners.team.pk,
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
        "photos-MIN_NUM_FORMS": 0,
        "photos-MAX_NUM_FORMS": 1000,
    }
    response = client.post(change, data)
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity.refresh_from_db()
    assert activity.is_cross_sector is True
    assert set(ActivityReach.objects.filter(activity=activity).values_list("federation", flat=True)) == {
        tree.s1c1.pk,
        tree.s1v1.pk,
    }
    assert Activity.objects.count() == 1


def test_the_unfiltered_changelist_counts_from_the_counters(tree, users, kinds, client, make_activity):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for federation in (tree.s1c1, tree.s1c1, tree.s2c1, tree.s3c1):
        make_activity(federation)
    client.force_login(users.district)

    def shown(**params):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, params)
        counted = [q for q in ctx.captured_queries if "COUNT(" in q["sql"] and "activities_activity" in q["sql"]]
        return response.context["cl"].result_count, len(counted)

    assert shown() == (3, 0)  # her district's three, no row counted
    assert shown(o="2") == (3, 0)
    assert shown(kind__id__exact=kinds["OUTING"].pk) == (3, 1)  # filtered: the rows are counted
    assert shown(q="无此标题") == (0, 1)


def test_the_change_form_checks_her_scope_once_and_reads_the_version_by_the_record(
    tree, users, kinds, partners, client, make_activity
):
    """A change form asks for view and change rights for every fieldset, inline and button: each scope check
    is one query per request (it was 25), and the record's version is read by its id (core.concurrency)."""
    # given
    activity = make_activity(tree.s1c1, "RED_SONG", co_organizers=[(partners.team, "CO_HOST")])
    activity.participants += 1
    activity.save()
    client.force_login(users.street)
    # when
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}{activity.pk}/change/")
    # then
    assert response.status_code == 200
    scope_checks = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT 1 AS "a" FROM "activities_activity"')
    ]
    assert len(scope_checks) == 2  # visible, editable
    latest = activity.history.order_by("-history_id").first().history_id
    assert f'name="_version" value="{latest}"' in response.content.decode()
