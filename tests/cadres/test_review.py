"""Review of duty reports and 四个一 checks by the federation one level up (上报 → 审核 → 退回/通过), like
activities: who reviews what, scope, bulk all or none, history, the reason, resubmission after an edit, the
inbox and the home page, the admin actions, the review list's type filter and its queries, and the migration's
mapping of the records already reviewed by the federation line."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import review as shared
from accounts.models import Message, MessageKind, Role
from accounts.review import ReviewState
from cadres import review
from cadres.choices import Position, ReportingLine, ReviewRating
from cadres.models import DutyReport, DutyReportReview, RotationCheck
from tests.cadres.factories import PartyOrganizationFactory, PostFactory

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/cadres/duty-reports/"
CHECKS = "/api/v1/cadres/rotation-checks/"


def chair_of(federation):
    """The federation's sitting chair (one per federation), with its Party organisation."""
    from cadres.models import Post

    post = Post.objects.filter(federation=federation, position=Position.CHAIR).first()
    if post is None:
        PartyOrganizationFactory(federation=federation)
        post = PostFactory(federation=federation, position=Position.CHAIR, term_start=datetime.date(2000, 1, 1))
    return post


def report_for(federation, created_by=None, year=2023):
    return DutyReport.objects.create(
        post=chair_of(federation), year=year, filed_on=datetime.date(year + 1, 1, 10), created_by=created_by
    )


def check_for(street, created_by=None, month=datetime.date(2024, 5, 1)):
    return RotationCheck.objects.create(post=chair_of(street), month=month, looked_back=True, created_by=created_by)


@pytest.fixture
def filed(tree, users):
    """东亭社区's (S1C1) chair's duty report, 中南社区's (S2C1, another street), the street 水果湖街's (S1) chair's
    duty report and 四个一 check, and 宝丰街's (S3, another district) 四个一 check."""
    return {
        "community": report_for(tree.s1c1, created_by=users.chair),
        "other_community": report_for(tree.s2c1),
        "street": report_for(tree.s1, created_by=users.street),
        "check": check_for(tree.s1, created_by=users.street),
        "other_check": check_for(tree.s3),
    }


def url(base, record, action):
    return f"{base}{record.pk}/{action}/"


# --- who reviews what --------------------------------------------------------------------------------------


def test_a_saved_record_is_submitted(filed):
    assert {record.review_state for record in filed.values()} == {ReviewState.SUBMITTED}


def test_the_street_reviews_her_communities_duty_reports_with_one_history_row(users, filed, api_client):
    report = filed["community"]
    response = api_client(users.street).post(url(REPORTS, report, "approve"))
    assert response.status_code == 200, response.content
    assert (response.json()["review_state"], response.json()["reviewed_by"]) == ("approved", users.street.username)
    report.refresh_from_db()
    assert (report.review_state, report.reviewed_by, report.review_reason) == ("approved", users.street, "")
    assert report.reviewed_at is not None
    rows = list(report.history.order_by("history_id"))
    assert len(rows) == 2
    assert (rows[-1].history_user, rows[-1].review_state, rows[-1].history_change_reason) == (
        users.street,
        "approved",
        "审核通过",
    )
    assert rows[-1].prev_record.review_state == "submitted"


def test_the_district_reviews_street_chairs_duty_reports_and_checks(users, filed, api_client):
    client = api_client(users.district)
    assert client.post(url(REPORTS, filed["street"], "approve")).status_code == 200
    response = client.post(url(CHECKS, filed["check"], "return"), {"reason": "未写问题分析"}, format="json")
    assert response.status_code == 200, response.content
    filed["check"].refresh_from_db()
    assert (filed["check"].review_state, filed["check"].review_reason) == ("returned", "未写问题分析")
    last = filed["check"].history.order_by("-history_id").first()
    assert (last.history_user, last.review_state, last.history_change_reason) == (
        users.district,
        "returned",
        "退回：未写问题分析",
    )
    # the district reviews streets, not communities
    assert client.post(url(REPORTS, filed["community"], "approve")).status_code == 404


def test_a_chair_and_a_viewer_never_review(users, filed, api_client):
    response = api_client(users.chair).post(url(REPORTS, filed["community"], "approve"))
    assert response.status_code == 403
    assert "审核" in response.json()["detail"]
    assert api_client(users.viewer).post(url(REPORTS, filed["community"], "approve")).status_code == 403
    assert review.reviewable_by(users.chair, DutyReport).count() == 0
    assert review.reviewable_by(users.viewer, RotationCheck).count() == 0
    filed["community"].refresh_from_db()
    assert filed["community"].review_state == ReviewState.SUBMITTED


def test_out_of_scope_own_level_and_missing_are_404(tree, users, filed, make_user, api_client):
    street = api_client(users.street)
    assert street.post(url(REPORTS, filed["other_community"], "approve")).status_code == 404
    # her own street's records are the district's to review (strictly below her federation only)
    assert street.post(url(REPORTS, filed["street"], "approve")).status_code == 404
    assert street.post(url(CHECKS, filed["check"], "approve")).status_code == 404
    assert api_client(users.district).post(url(CHECKS, filed["other_check"], "approve")).status_code == 404
    assert street.post(f"{REPORTS}999999/approve/").status_code == 404
    other_street = make_user(Role.STREET_STAFF, tree.s2, username="zhongnan")
    assert api_client(other_street).post(url(REPORTS, filed["community"], "approve")).status_code == 404
    with pytest.raises(LookupError):
        review.review(users.street, DutyReport, [filed["other_community"].pk], shared.APPROVE)
    assert not DutyReport.objects.exclude(review_state=ReviewState.SUBMITTED).exists()
    assert not RotationCheck.objects.exclude(review_state=ReviewState.SUBMITTED).exists()


def test_reviewable_records_per_role(users, filed):
    assert set(review.reviewable_by(users.street, DutyReport)) == {filed["community"]}
    assert set(review.reviewable_by(users.district, DutyReport)) == {filed["street"]}
    assert set(review.reviewable_by(users.district, RotationCheck)) == {filed["check"]}
    assert set(review.reviewable_by(users.other_district, RotationCheck)) == {filed["other_check"]}
    assert not review.reviewable_by(users.street, RotationCheck).exists()


# --- the reason, bulk, history -------------------------------------------------------------------------------


def test_the_reason_is_required_and_capped_with_chinese_400s(users, filed, api_client):
    client = api_client(users.district)
    blank = client.post(url(REPORTS, filed["street"], "return"), {"reason": "  "}, format="json")
    assert blank.status_code == 400
    assert "退回原因" in blank.json()["reason"][0]
    long = client.post(url(REPORTS, filed["street"], "return"), {"reason": "长" * 201}, format="json")
    assert long.status_code == 400
    with pytest.raises(ValidationError) as caught:
        review.review(users.district, DutyReport, [filed["street"].pk], shared.RETURN, "长" * 201)
    assert "不能超过 200 个字" in str(caught.value)
    filed["street"].refresh_from_db()
    assert filed["street"].review_state == ReviewState.SUBMITTED


def test_approving_twice_is_a_chinese_400(users, filed, api_client):
    client = api_client(users.district)
    assert client.post(url(CHECKS, filed["check"], "approve")).status_code == 200
    again = client.post(url(CHECKS, filed["check"], "approve"))
    assert again.status_code == 400
    assert "已通过，不能通过" in again.json()["ids"][0]


def test_bulk_with_one_bad_id_is_all_or_nothing(tree, users, filed, client):
    second = report_for(tree.s1v1)
    client.force_login(users.street)
    target = reverse("activities:review")
    ids = [filed["community"].pk, second.pk, filed["other_community"].pk]
    response = client.post(target, {"type": "duty_report", "ids": ids, "action": "approve"})
    assert response.status_code == 404
    assert not DutyReport.objects.filter(review_state=ReviewState.APPROVED).exists()
    review.review(users.street, DutyReport, [second.pk], shared.APPROVE)
    # a record in a state the action does not start from refuses the whole batch too
    response = client.post(target, {"type": "duty_report", "ids": ids[:2], "action": "approve"}, follow=True)
    assert "已通过，不能通过" in response.content.decode()
    filed["community"].refresh_from_db()
    assert filed["community"].review_state == ReviewState.SUBMITTED


def test_bulk_return_from_the_list_writes_one_history_row_each(tree, users, filed, client):
    second = report_for(tree.s1v1, created_by=users.chair)
    client.force_login(users.street)
    ids = [filed["community"].pk, second.pk]
    response = client.post(
        reverse("activities:review"),
        {
            "type": "duty_report",
            "ids": ids,
            "action": "return",
            "reason": "请补充述职材料",
            "query": "type=duty_report",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?type=duty_report")
    for report in DutyReport.objects.filter(pk__in=ids):
        assert (report.review_state, report.review_reason) == ("returned", "请补充述职材料")
        rows = list(report.history.order_by("history_id").values_list("review_state", "history_user_id"))
        assert rows == [("submitted", None), ("returned", users.street.pk)]


# --- back to who filed it ---------------------------------------------------------------------------------


def test_a_returned_record_reaches_who_filed_it_in_her_inbox(users, filed):
    review.review(users.street, DutyReport, [filed["community"].pk], shared.RETURN, "缺少群众评议")
    message = Message.objects.get(recipient=users.chair)
    assert message.kind == MessageKind.REVIEW
    assert "述职报告被退回" in message.title and message.body == "退回原因：缺少群众评议"
    assert message.link == reverse("admin:cadres_dutyreport_change", args=[filed["community"].pk])
    review.review(users.district, RotationCheck, [filed["check"].pk], shared.APPROVE)
    assert Message.objects.filter(recipient=users.street, title__contains="“四个一”检查已通过").exists()


def test_the_returned_records_are_on_her_home_page_with_their_reasons(users, filed, client):
    client.force_login(users.street)
    assert "被退回的述职报告" not in client.get(reverse("home")).content.decode()
    review.review(users.district, DutyReport, [filed["street"].pk], shared.RETURN, "请补充全年工作数据")
    review.review(users.district, RotationCheck, [filed["check"].pk], shared.RETURN, "未写解决情况")
    text = client.get(reverse("home")).content.decode()
    assert "被退回的述职报告和“四个一”检查" in text
    assert "请补充全年工作数据" in text and "未写解决情况" in text
    assert reverse("admin:cadres_rotationcheck_change", args=[filed["check"].pk]) in text


def test_the_home_page_s_returned_block_costs_the_same_for_more_rows(tree, users, filed, rf):
    """Measured on the block itself: the page's recent changes read each changed record's history."""
    review.review(users.district, DutyReport, [filed["street"].pk], shared.RETURN, "请补充")
    request = rf.get("/")
    request.user = users.street

    def block():
        with CaptureQueriesContext(connection) as queries:
            section = review.returned_section(request)
        return len(queries), len(section["returned"]), section["more"]

    few = block()
    months = [datetime.date(2023, month, 1) for month in range(1, 9)]
    checks = [check_for(tree.s1, created_by=users.street, month=month) for month in months]
    review.review(users.district, RotationCheck, [check.pk for check in checks], shared.RETURN, "请补充")
    many = block()
    assert (few[1:], many[1:]) == ((1, 0), (6, 3))
    assert few[0] == many[0] == 2


def test_the_reviewer_s_home_counts_what_waits(users, filed, client):
    client.force_login(users.district)
    text = client.get(reverse("home")).content.decode()
    assert "另有 1 份述职报告、1 条“四个一”检查等待审核" in text


# --- resubmission -------------------------------------------------------------------------------------------


def test_editing_a_returned_record_through_the_api_resubmits_it(users, filed, api_client):
    report = filed["community"]
    review.review(users.street, DutyReport, [report.pk], shared.RETURN, "请补充")
    response = api_client(users.chair).patch(f"{REPORTS}{report.pk}/", {"summary": "已补充"}, format="json")
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert (report.review_state, report.review_reason, report.summary) == ("submitted", "", "已补充")
    last = report.history.order_by("-history_id").first()
    assert (last.history_type, last.history_change_reason, last.review_state) == ("~", "修改后重新上报", "submitted")
    # an approved record edited keeps its state
    review.review(users.street, DutyReport, [report.pk], shared.APPROVE)
    api_client(users.chair).patch(f"{REPORTS}{report.pk}/", {"summary": "再补充"}, format="json")
    report.refresh_from_db()
    assert report.review_state == ReviewState.APPROVED


def test_editing_a_returned_check_in_the_admin_resubmits_it(users, filed, client):
    check = filed["check"]
    review.review(users.district, RotationCheck, [check.pk], shared.RETURN, "请补充")
    client.force_login(users.street)
    change = reverse("admin:cadres_rotationcheck_change", args=[check.pk])
    form = client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"month": "2024-05-01", "problems_solved": "已协调场地"})
    data.update({key: "on" for key in ("exchange_held", "activity_held", "looked_back") if data.pop(key, False)})
    data["filed_at_0"], data["filed_at_1"] = "2024-06-03", "20:00:00"
    data.pop("filed_at", None)
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    check.refresh_from_db()
    assert (check.review_state, check.review_reason, check.problems_solved) == ("submitted", "", "已协调场地")


def test_a_record_filed_through_the_api_or_the_admin_names_who_filed_it(tree, users, api_client, client):
    post = chair_of(tree.s1c1)
    response = api_client(users.chair).post(
        REPORTS, {"post": post.pk, "year": 2023, "filed_on": "2024-01-10"}, format="json"
    )
    assert response.status_code == 201, response.content
    report = DutyReport.objects.get(pk=response.json()["id"])
    assert (report.created_by, report.review_state) == (users.chair, ReviewState.SUBMITTED)


# --- admin ---------------------------------------------------------------------------------------------------


def test_admin_actions_approve_and_return_with_a_reason_and_filter_by_state(users, filed, client):
    client.force_login(users.district)
    changelist = reverse("admin:cadres_dutyreport_changelist")
    ids = [filed["street"].pk]
    asking = client.post(changelist, {"action": "return_selected", "_selected_action": ids})
    assert asking.status_code == 200 and "退回原因" in asking.content.decode()
    client.post(changelist, {"action": "return_selected", "_selected_action": ids, "reason": "请补充"})
    filed["street"].refresh_from_db()
    assert filed["street"].review_state == ReviewState.RETURNED
    listed = client.get(changelist, {"review_state__exact": "returned"})
    assert listed.status_code == 200
    assert [row.pk for row in listed.context["cl"].result_list] == ids
    client.post(changelist, {"action": "approve_selected", "_selected_action": ids})
    filed["street"].refresh_from_db()
    assert filed["street"].review_state == ReviewState.APPROVED

    checks = reverse("admin:cadres_rotationcheck_changelist")
    client.post(checks, {"action": "approve_selected", "_selected_action": [filed["check"].pk]})
    filed["check"].refresh_from_db()
    assert filed["check"].review_state == ReviewState.APPROVED
    assert client.get(checks, {"review_state__exact": "approved"}).status_code == 200


def test_an_admin_action_on_a_record_she_does_not_review_changes_nothing(users, filed, client):
    client.force_login(users.district)
    changelist = reverse("admin:cadres_dutyreport_changelist")
    # the community's report is in her subtree (she may edit it) but it is the street's to review
    ids = [filed["street"].pk, filed["community"].pk]
    response = client.post(changelist, {"action": "approve_selected", "_selected_action": ids}, follow=True)
    assert "不在您审核范围内" in response.content.decode()
    assert not DutyReport.objects.filter(review_state=ReviewState.APPROVED).exists()


# --- the review list -----------------------------------------------------------------------------------------


def test_the_review_list_filters_by_type_state_month_and_community(tree, users, filed, client):
    village = report_for(tree.s1v1, year=2022)
    review.review(users.street, DutyReport, [village.pk], shared.APPROVE)
    client.force_login(users.street)
    target = reverse("activities:review")

    def listed(**query):
        response = client.get(target, query)
        assert response.status_code == 200
        return {record.pk for record in response.context["page"]}

    assert listed(type="duty_report") == {filed["community"].pk}
    assert listed(type="duty_report", state="all") == {filed["community"].pk, village.pk}
    assert listed(type="duty_report", state="all", month="2023-01") == {village.pk}
    assert listed(type="duty_report", state="all", community=tree.s1c1.pk) == {filed["community"].pk}
    assert listed(type="rotation_check", state="all") == set()
    client.force_login(users.district)
    assert listed(type="rotation_check") == {filed["check"].pk}
    assert listed(type="rotation_check", month="2024-05") == {filed["check"].pk}
    assert listed(type="rotation_check", month="2024-04") == set()
    response = client.get(target, {"type": "nonsense"})
    assert response.status_code == 200 and "审核类型无效" in response.content.decode()
    assert "审核“四个一”检查" in client.get(target, {"type": "rotation_check"}).content.decode()


def _list_queries(client, kind):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("activities:review"), {"type": kind, "state": "all"})
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


def _file(tree, kind, n, created_by):
    street = tree.s2 if n % 2 else tree.s1
    if kind == "duty_report":
        return report_for(street, created_by=created_by, year=2010 + n)
    return check_for(street, created_by=created_by, month=datetime.date(2020 + n // 12, n % 12 + 1, 1))


@pytest.mark.parametrize("kind", ["duty_report", "rotation_check"])
def test_the_review_list_queries_do_not_grow_with_the_rows(tree, users, make_user, client, kind):
    client.force_login(users.district)
    _file(tree, kind, 0, users.street)
    small, shown_small = _list_queries(client, kind)
    # more rows, in two streets, filed by different people, some reviewed
    filers = [make_user(Role.STREET_STAFF, tree.s1, username=f"filer{n}") for n in range(3)]
    records = [_file(tree, kind, n, filers[n % 3]) for n in range(1, 13)]
    review.review(users.district, type(records[0]), [records[0].pk], shared.RETURN, "请补充")
    large, shown_large = _list_queries(client, kind)
    assert (shown_small, shown_large) == (1, 13)
    assert small == large


# --- the migration -----------------------------------------------------------------------------------------


def test_the_migration_approves_the_reports_the_upper_federation_reviewed(tree, filed):
    migration = importlib.import_module("cadres.migrations.0010_review_state")
    reviewed, party_only = filed["community"], filed["street"]
    DutyReportReview.objects.create(
        report=reviewed,
        line=ReportingLine.FEDERATION,
        reviewer_federation=tree.s1,
        received_on=datetime.date(2024, 1, 12),
        reviewer="水果湖街妇联",
        rating=ReviewRating.GOOD,
    )
    DutyReportReview.objects.create(
        report=party_only,
        line=ReportingLine.PARTY,
        party_organization=party_only.party_organization,
        received_on=datetime.date(2024, 1, 12),
        reviewer="党委书记",
        rating=ReviewRating.GOOD,
    )
    # when
    migration.approve_reviewed_reports(django_apps, None)
    # then
    states = dict(DutyReport.objects.values_list("pk", "review_state"))
    assert states == {
        reviewed.pk: "approved",
        party_only.pk: "submitted",
        filed["other_community"].pk: "submitted",
    }
    reviewed.refresh_from_db()
    assert reviewed.reviewed_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).date() == datetime.date(
        2024, 1, 12
    )
    assert (reviewed.review_reason, reviewed.reviewed_by) == ("", None)
    assert set(RotationCheck.objects.values_list("review_state", flat=True)) == {"submitted"}
