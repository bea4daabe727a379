"""Review of logged activities (上报 → 审核 → 退回/通过): who reviews what, bulk, history, the counting setting,
the returned record on the chair's home and list, the review list's queries."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from activities import review
from activities.choices import ReviewState
from activities.models import Activity
from activities.services import save_activity, summary

from .conftest import at, log_activity

pytestmark = pytest.mark.django_db


def api_url(activity, action):
    return f"/api/v1/activities/activities/{activity.pk}/{action}/"


@pytest.fixture
def logged(tree, users, kinds):
    """Two activities the chair of 东亭社区 (S1C1) logged, one of 中南社区 (S2C1, another street's) and one of
    the street 水果湖街 (S1) itself."""
    kind = next(iter(kinds.values()))
    return {
        "first": log_activity(tree.s1c1, kind, at(2024, 5, 6), created_by=users.chair),
        "second": log_activity(tree.s1c1, kind, at(2024, 5, 20), created_by=users.chair),
        "other_street": log_activity(tree.s2c1, kind, at(2024, 5, 7)),
        "own_level": log_activity(tree.s1, kind, at(2024, 5, 8)),
    }


def test_a_new_activity_is_submitted(logged):
    assert logged["first"].review_state == ReviewState.SUBMITTED


def test_the_street_approves_a_community_record_through_the_api_with_a_history_row(users, logged, api_client):
    activity = logged["first"]
    response = api_client(users.street).post(api_url(activity, "approve"))
    assert response.status_code == 200, response.content
    assert response.json()["review_state"] == ReviewState.APPROVED
    activity.refresh_from_db()
    assert (activity.review_state, activity.reviewed_by) == (ReviewState.APPROVED, users.street)
    assert activity.reviewed_at is not None
    last = activity.history.order_by("-history_id").first()
    assert last.history_user == users.street
    assert last.review_state == ReviewState.APPROVED
    assert last.prev_record.review_state == ReviewState.SUBMITTED


def test_returning_needs_a_reason_and_records_it(users, logged, api_client):
    activity = logged["first"]
    client = api_client(users.street)
    refused = client.post(api_url(activity, "return"), {"reason": "  "}, format="json")
    assert refused.status_code == 400
    assert "退回原因" in refused.json()["reason"][0]
    activity.refresh_from_db()
    assert activity.review_state == ReviewState.SUBMITTED

    response = client.post(api_url(activity, "return"), {"reason": "请补充照片"}, format="json")
    assert response.status_code == 200
    activity.refresh_from_db()
    assert (activity.review_state, activity.review_reason) == (ReviewState.RETURNED, "请补充照片")
    last = activity.history.order_by("-history_id").first()
    assert (last.history_user, last.review_state, last.review_reason) == (users.street, "returned", "请补充照片")


def test_a_chair_never_reviews_not_even_her_own_records(users, logged, api_client):
    response = api_client(users.chair).post(api_url(logged["first"], "approve"))
    assert response.status_code == 403
    assert "审核" in response.json()["detail"]
    logged["first"].refresh_from_db()
    assert logged["first"].review_state == ReviewState.SUBMITTED


def test_another_street_the_record_own_level_and_a_missing_id_are_404(tree, users, logged, make_user, api_client):
    other_street = make_user(Role.STREET_STAFF, tree.s2, username="zhongnan")
    assert api_client(other_street).post(api_url(logged["first"], "approve")).status_code == 404
    # her own federation's record is not hers to review (strictly below only)
    assert api_client(users.street).post(api_url(logged["own_level"], "approve")).status_code == 404
    # the district reviews streets, not communities (REVIEW_LEVELS)
    assert api_client(users.district).post(api_url(logged["first"], "approve")).status_code == 404
    assert api_client(users.street).post("/api/v1/activities/activities/999999/approve/").status_code == 404
    assert not Activity.objects.exclude(review_state=ReviewState.SUBMITTED).exists()


def test_the_district_reviews_the_streets_records(users, logged, api_client):
    assert api_client(users.district).post(api_url(logged["own_level"], "approve")).status_code == 200


@override_settings(REVIEW_LEVELS={"DISTRICT": ["STREET", "COMMUNITY"]})
def test_review_levels_are_a_setting(users, logged, api_client):
    assert api_client(users.district).post(api_url(logged["first"], "approve")).status_code == 200
    # the street then reviews nothing: not a reviewer at all
    assert api_client(users.street).post(api_url(logged["second"], "approve")).status_code == 403


def test_bulk_approve_from_the_review_list_writes_one_history_row_each(users, logged, client):
    client.force_login(users.street)
    ids = [logged["first"].pk, logged["second"].pk]
    response = client.post(reverse("activities:review"), {"ids": ids, "action": "approve", "query": "state=all"})
    assert response.status_code == 302
    assert response["Location"].endswith("?state=all")
    for key in ("first", "second"):
        activity = logged[key]
        activity.refresh_from_db()
        assert activity.review_state == ReviewState.APPROVED
        rows = list(activity.history.order_by("history_id").values_list("review_state", "history_user_id"))
        assert rows[-2:] == [("submitted", None), ("approved", users.street.pk)]


def test_bulk_return_without_a_reason_changes_nothing_and_says_why(users, logged, client):
    client.force_login(users.street)
    ids = [logged["first"].pk, logged["second"].pk]
    response = client.post(reverse("activities:review"), {"ids": ids, "action": "return", "reason": ""}, follow=True)
    assert "退回时须填写退回原因" in response.content.decode()
    assert set(Activity.objects.filter(pk__in=ids).values_list("review_state", flat=True)) == {"submitted"}

    client.post(reverse("activities:review"), {"ids": ids, "action": "return", "reason": "人数不符"})
    assert set(Activity.objects.filter(pk__in=ids).values_list("review_state", "review_reason")) == {
        ("returned", "人数不符")
    }


def test_bulk_with_one_record_out_of_scope_is_404_and_changes_nothing(users, logged, client):
    client.force_login(users.street)
    ids = [logged["first"].pk, logged["other_street"].pk]
    response = client.post(reverse("activities:review"), {"ids": ids, "action": "approve"})
    assert response.status_code == 404
    assert not Activity.objects.filter(review_state=ReviewState.APPROVED).exists()


def test_approving_twice_is_a_chinese_error(users, logged):
    review.review(users.street, [logged["first"].pk], review.APPROVE)
    with pytest.raises(Exception) as caught:
        review.review(users.street, [logged["first"].pk], review.APPROVE)
    assert "已通过，不能通过" in str(caught.value)


def test_a_chair_gets_403_on_the_review_list(users, client):
    client.force_login(users.chair)
    assert client.get(reverse("activities:review")).status_code == 403


def test_the_review_list_filters_by_state_month_and_community(tree, users, logged, kinds, client):
    kind = next(iter(kinds.values()))
    village = log_activity(tree.s1v1, kind, at(2024, 6, 3))
    review.review(users.street, [logged["second"].pk], review.APPROVE)
    client.force_login(users.street)
    url = reverse("activities:review")

    def titles(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {activity.pk for activity in response.context["page"]}

    assert titles() == {logged["first"].pk, village.pk}  # 已上报 by default
    assert titles(state="all") == {logged["first"].pk, logged["second"].pk, village.pk}
    assert titles(state="approved") == {logged["second"].pk}
    assert titles(state="all", month="2024-06") == {village.pk}
    assert titles(state="all", community=tree.s1c1.pk) == {logged["first"].pk, logged["second"].pk}
    response = client.get(url, {"community": tree.s3c1.pk, "month": "2024-13"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "所选社区不在您的审核范围内" in text and "月份格式应为" in text


def _review_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("activities:review"), {"state": "all"})
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


def test_the_review_list_queries_do_not_grow_with_the_rows(tree, users, kinds, client):
    kind = next(iter(kinds.values()))
    client.force_login(users.street)
    log_activity(tree.s1c1, kind, at(2024, 5, 1), created_by=users.chair)
    small, shown_small = _review_list_queries(client)
    for day in range(2, 14):
        log_activity(tree.s1v1 if day % 2 else tree.s1c1, kind, at(2024, 5, day), created_by=users.chair)
    large, shown_large = _review_list_queries(client)
    assert (shown_small, shown_large) == (1, 13)
    assert small == large


def test_editing_a_returned_record_resubmits_it_and_a_draft_stays_a_draft(tree, users, logged, kinds):
    activity = logged["first"]
    review.review(users.street, [activity.pk], review.RETURN, "请补充照片")
    activity.refresh_from_db()
    activity.participants = 40
    save_activity(users.chair, activity)
    activity.refresh_from_db()
    assert (activity.review_state, activity.review_reason) == (ReviewState.SUBMITTED, "")
    assert activity.history.order_by("-history_id").first().history_type == "~"

    kind = next(iter(kinds.values()))
    start = at(2024, 5, 9)
    draft = Activity(federation=tree.s1c1, kind=kind, start=start, end=start + datetime.timedelta(hours=1))
    save_activity(users.chair, draft, draft=True)
    assert Activity.objects.get(pk=draft.pk).review_state == ReviewState.DRAFT
    save_activity(users.chair, draft)  # saved again without "draft": submitted
    assert Activity.objects.get(pk=draft.pk).review_state == ReviewState.SUBMITTED


def test_the_chairs_list_shows_a_returned_badge_and_the_form_its_reason(tree, users, logged, kinds, client, media):
    review.review(users.street, [logged["first"].pk], review.RETURN, "请补充照片")
    client.force_login(users.chair)
    text = client.get(reverse("activities:list")).content.decode()
    assert "已退回" in text and "退回原因：请补充照片" in text
    edit = client.get(reverse("activities:edit", args=[logged["first"].pk])).content.decode()
    assert "修改后保存即重新上报" in edit


def test_the_returned_record_is_on_the_chairs_home_with_its_reason(users, logged, client):
    client.force_login(users.chair)
    assert "被退回的活动" not in client.get(reverse("home")).content.decode()
    review.review(users.street, [logged["first"].pk], review.RETURN, "参与人数与签到表不符")
    text = client.get(reverse("home")).content.decode()
    assert "被退回的活动" in text and "参与人数与签到表不符" in text
    assert reverse("activities:edit", args=[logged["first"].pk]) in text


def test_the_street_home_shows_how_many_wait(users, logged, client):
    client.force_login(users.street)
    text = client.get(reverse("home")).content.decode()
    assert "有 2 条活动等待审核" in text


def test_indicators_count_submitted_by_default_and_only_approved_when_set(tree, users, logged):
    review.review(users.street, [logged["second"].pk], review.APPROVE)
    start, end = at(2024, 5, 1, 0), at(2024, 6, 1, 0)
    assert summary(tree.s1c1, start, end)["count"] == 2
    with override_settings(INDICATORS_COUNT="approved"):
        assert summary(tree.s1c1, start, end)["count"] == 1
        assert "审核通过" in review.counting_rule()
    review.review(users.street, [logged["first"].pk], review.RETURN, "请补充")
    assert summary(tree.s1c1, start, end)["count"] == 1  # a returned record is not counted
    assert "已上报" in review.counting_rule()


def test_admin_actions_approve_and_return_with_a_reason(users, logged, client):
    users.street.is_staff = True
    users.street.save()
    client.force_login(users.street)
    url = reverse("admin:activities_activity_changelist")
    ids = [logged["first"].pk, logged["second"].pk]
    asking = client.post(url, {"action": "return_selected", "_selected_action": ids})
    assert asking.status_code == 200 and "退回原因" in asking.content.decode()
    client.post(url, {"action": "return_selected", "_selected_action": ids, "reason": "请补充"})
    assert set(Activity.objects.filter(pk__in=ids).values_list("review_state", flat=True)) == {"returned"}
    client.post(url, {"action": "approve_selected", "_selected_action": ids})
    assert set(Activity.objects.filter(pk__in=ids).values_list("review_state", flat=True)) == {"approved"}


def test_the_review_list_is_newest_first_across_pages(tree, users, kinds, client, monkeypatch):
    """The list sorts by an expression of ``start`` (review_views.NEWEST_FIRST, for PostgreSQL's plan): newest
    first, ties by the latest logged, the pages following on."""
    # given
    monkeypatch.setattr("activities.review_views.PAGE_SIZE", 2)
    kind = next(iter(kinds.values()))
    logged = [log_activity(tree.s1c1, kind, at(2024, 5, day)) for day in (3, 9, 1)]
    tie = log_activity(tree.s1v1, kind, at(2024, 5, 9))
    client.force_login(users.street)

    # when
    def page(number):
        return [a.pk for a in client.get(reverse("activities:review"), {"page": number}).context["page"]]

    # then
    assert page(1) + page(2) == [tie.pk, logged[1].pk, logged[0].pk, logged[2].pk]
