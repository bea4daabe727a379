"""The evaluation API: indicators, gaps, surveys, settings and snapshots; scope (404 out of view, 403 on
writes), bad input (400 in Chinese, nothing saved) and query counts that do not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations import services
from evaluations.choices import Indicator
from evaluations.models import IndicatorSetting, IndicatorSnapshot, Survey
from organizations.models import Federation

from . import builders as b

D = datetime.date
API = "/api/v1/evaluations/"
YEAR = {"from": "2024-01-01", "to": "2024-12-31"}


def has_chinese(value):
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(value))


# --- indicators ---------------------------------------------------------------------------------------


def test_indicators_answer_value_numerator_denominator_target_and_met(world, users, api_client):
    # when
    response = api_client(users.district).get(f"{API}indicators/", {"federation": world.d1.pk, **YEAR})
    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["federation"]["id"] == world.d1.pk
    assert body["period"] == {"from": "2024-01-01", "to": "2024-12-31", "as_of": "2024-12-31", "months": 12}
    satisfaction = next(i for i in body["indicators"] if i["code"] == Indicator.SATISFACTION)
    assert {k: satisfaction[k] for k in ("value", "numerator", "denominator", "target", "meets_target")} == {
        "value": 0.7143,
        "numerator": 5,
        "denominator": 7,
        "target": 0.9,
        "meets_target": False,
    }
    assert [i["code"] for i in body["indicators"]] == ["COVERAGE", "IDENTITY", "COHESION", "PRECISION", "SATISFACTION"]


def test_indicators_default_to_the_users_own_subtree_and_the_last_twelve_months(world, users, api_client):
    body = api_client(users.street).get(f"{API}indicators/").json()
    assert body["federation"]["id"] == world.s1.pk
    assert body["period"]["months"] == 12


def test_a_period_ending_before_it_starts_is_a_400_in_chinese(world, users, api_client):
    response = api_client(users.district).get(f"{API}indicators/", {"from": "2024-06-01", "to": "2024-01-31"})
    assert response.status_code == 400
    assert has_chinese(response.json()["to"])


@pytest.mark.parametrize(
    "params", [{"from": "2024-13-01", "to": "2024-12-31"}, {"from": "2024-01-01"}, {"federation": "abc"}]
)
def test_malformed_parameters_are_a_400(world, users, api_client, params):
    response = api_client(users.district).get(f"{API}indicators/", params)
    assert response.status_code == 400


def test_a_federation_outside_the_users_view_is_a_404(world, users, api_client):
    client = api_client(users.district)
    assert client.get(f"{API}indicators/", {"federation": world.s3.pk}).status_code == 404
    assert client.get(f"{API}indicators/", {"federation": 999999}).status_code == 404
    assert client.get(f"{API}dashboard/", {"federation": world.d2.pk}).status_code == 404
    assert client.get(f"{API}gaps/", {"federation": world.d2.pk}).status_code == 404


def test_a_viewer_reads_the_wider_view_she_was_given(world, users, api_client):
    response = api_client(users.viewer).get(f"{API}indicators/", {"federation": world.s3.pk, **YEAR})
    assert response.status_code == 200


def test_anonymous_is_refused(world, api_client):
    assert api_client().get(f"{API}indicators/").status_code in (401, 403)


def test_the_api_gives_the_services_numbers(world, users, api_client):
    body = api_client(users.city).get(f"{API}indicators/", {"federation": world.city.pk, **YEAR}).json()
    expected = services.compute(world.city, services.Period.of(D(2024, 1, 1), D(2024, 12, 31)))
    for got, want in zip(body["indicators"], expected["indicators"], strict=True):
        assert (got["value"], got["numerator"], got["denominator"]) == (
            want["value"],
            want["numerator"],
            want["denominator"],
        )


def test_the_indicator_and_dashboard_endpoints_take_the_same_queries_at_two_tree_sizes(
    world, users, api_client, make_survey
):
    from accounts.models import User

    def queries(url):
        client = api_client(User.objects.get(pk=users.city.pk))  # as each request does: tree fields fresh
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"federation": world.city.pk, **YEAR}).status_code == 200
        return len(ctx.captured_queries)

    small = {url: queries(url) for url in (f"{API}indicators/", f"{API}dashboard/")}
    # grow the tree: a new district with 3 streets of 4 communities, each with data
    district = Federation.objects.create(name="新洲区妇联", code="D9", level="DISTRICT", parent=world.city)
    for s in range(3):
        street = Federation.objects.create(name=f"街道{s}", code=f"D9S{s}", level="STREET", parent=district)
        for c in range(4):
            community = Federation.objects.create(
                name=f"社区{s}{c}", code=f"D9S{s}C{c}", level="COMMUNITY", parent=street
            )
            b.response(make_survey(community), D(2024, 5, 5), "SATISFIED", True)
            b.home(community)
            b.activity(community, D(2024, 5, 6))
    large = {url: queries(url) for url in small}
    assert large == small
    assert small[f"{API}indicators/"] <= 6  # federation, settings, monthly sums, states, active communities
    assert small[f"{API}dashboard/"] <= 23  # 10 of its own (the kinds named apart), the rest the gap providers


# --- gaps -------------------------------------------------------------------------------------------


def test_gaps_gather_every_pillar_with_rule_federation_what_is_missing_and_a_fix_link(world, users, api_client):
    # when
    response = api_client(users.city).get(f"{API}gaps/", {"federation": world.city.pk, "page_size": 500})
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["results"]) > 0
    pillars = {gap["pillar"] for gap in body["results"]}
    assert {"organizations", "evaluations"} <= pillars
    for gap in body["results"]:
        assert gap["rule"] and has_chinese(gap["rule_label"]) and gap["federation_name"] and gap["missing"]
        assert gap["fix_url"].startswith("/")
    # 中南路街 (S2) is not regionalised, and no street has had a survey in the past year
    assert any(g["rule"] == "street_has_recent_survey" and g["federation_id"] == world.s2.pk for g in body["results"])
    assert sum(item["count"] for item in body["by_rule"]) == body["count"]


def test_gaps_are_limited_to_the_subtree_and_filter_by_pillar(world, users, api_client):
    body = api_client(users.district).get(f"{API}gaps/", {"pillar": "evaluations"}).json()
    ids = {gap["federation_id"] for gap in body["results"]}
    assert ids == {world.s1.pk, world.s2.pk}  # 武昌's streets only
    bad = api_client(users.district).get(f"{API}gaps/", {"pillar": "weather"})
    assert bad.status_code == 400 and has_chinese(bad.json()["pillar"])


def test_a_street_with_a_recent_survey_has_no_survey_gap(world, users, api_client, make_survey):
    make_survey(world.s2c1)
    body = api_client(users.district).get(f"{API}gaps/", {"pillar": "evaluations"}).json()
    assert {gap["federation_id"] for gap in body["results"]} == {world.s1.pk}


# --- surveys ----------------------------------------------------------------------------------------


def survey_payload(template, federation, **extra):
    payload = {
        "title": "2024年度满意度测评",
        "template": template.pk,
        "federation": federation.pk,
        "opens_on": "2024-03-01",
        "closes_on": "2024-03-31",
    }
    payload.update(extra)
    return payload


def test_a_district_opens_a_survey_in_her_subtree_and_gets_its_public_link(tree, users, api_client, template):
    # when
    response = api_client(users.district).post(f"{API}surveys/", survey_payload(template, tree.s1), format="json")
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["public_url"].endswith(f"/evaluations/s/{body['token']}/")
    assert body["qr_svg_url"].endswith("qr.svg") and body["target_kind"] == "FEDERATION"
    assert body["response_count"] == 0


def test_a_survey_for_a_venue_takes_the_venues_federation(tree, users, api_client, template):
    home = b.home(tree.s1c1)
    payload = survey_payload(template, tree.s1c1, venue=home.pk)
    del payload["federation"]
    response = api_client(users.district).post(f"{API}surveys/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["federation"] == tree.s1c1.pk and response.json()["target_kind"] == "VENUE"


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"closes_on": "2024-02-01"}, "closes_on"),
        ({"federation": None}, "federation"),
    ],
)
def test_bad_surveys_are_a_400_in_chinese_and_nothing_is_saved(tree, users, api_client, template, extra, field):
    payload = survey_payload(template, tree.s1)
    payload.update(extra)
    response = api_client(users.district).post(f"{API}surveys/", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body and has_chinese(body[field]), body
    assert not Survey.objects.exists()


def test_a_survey_for_both_a_venue_and_an_activity_is_refused(tree, users, api_client, template):
    home = b.home(tree.s1c1)
    activity = b.activity(tree.s1c1, D(2024, 3, 3))
    payload = survey_payload(template, tree.s1c1, venue=home.pk, activity=activity.pk)
    response = api_client(users.district).post(f"{API}surveys/", payload, format="json")
    assert response.status_code == 400 and has_chinese(response.json())
    assert not Survey.objects.exists()


def test_a_survey_elsewhere_is_refused(tree, users, api_client, template, make_user):
    # another district's federation is not even a valid choice
    response = api_client(users.district).post(f"{API}surveys/", survey_payload(template, tree.s3), format="json")
    assert response.status_code == 400
    # a street user who may view her district writes only in her street
    wide = make_user("street_staff", tree.s1, view_federation=tree.d1)
    response = api_client(wide).post(f"{API}surveys/", survey_payload(template, tree.s2), format="json")
    assert response.status_code == 403
    assert not Survey.objects.exists()


def test_surveys_are_listed_in_scope_with_their_answer_counts_in_fixed_queries(world, users, api_client, make_survey):
    client = api_client(users.district)

    def listing():
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(f"{API}surveys/").json()
        return body, len(ctx.captured_queries)

    body, before = listing()
    assert {row["federation"] for row in body["results"]} == {world.s1c1.pk}
    assert body["results"][0]["response_count"] == 5
    for i in range(10):
        make_survey(world.s2c1, title=f"测评{i}")
    body, after = listing()
    assert body["count"] == 11 and after == before


def test_survey_results_count_each_answer(survey, users, api_client, template):
    from evaluations.surveys import submit_response

    questions = {q.kind: q for q in template.questions.all()}
    for index, (level, can) in enumerate((("SATISFIED", True), ("BASIC", False), ("SATISFIED", True))):
        submit_response(
            survey,
            f"key-{index}",
            [(questions["SATISFACTION"], {"satisfaction": level}), (questions["CAN_NAME_CADRE"], {"yes": can})],
        )
    rows = api_client(users.district).get(f"{API}surveys/{survey.pk}/results/").json()
    satisfaction = next(r for r in rows if r["kind"] == "SATISFACTION")
    assert (satisfaction["satisfied"], satisfaction["basic"], satisfaction["unsatisfied"]) == (2, 1, 0)
    assert api_client(users.other_district).get(f"{API}surveys/{survey.pk}/results/").status_code == 404


def test_survey_templates_are_read_by_all(db, users, api_client, template):
    body = api_client(users.chair).get(f"{API}survey-templates/").json()
    assert template.name in {row["name"] for row in body["results"]}
    assert api_client(users.city).post(f"{API}survey-templates/", {"name": "x"}, format="json").status_code == 405


# --- settings and snapshots ---------------------------------------------------------------------------


def test_only_the_city_office_changes_the_indicator_settings(db, users, api_client):
    setting = IndicatorSetting.objects.get(indicator=Indicator.SATISFACTION)
    url = f"{API}indicator-settings/{setting.pk}/"
    assert api_client(users.district).patch(url, {"target": "0.95"}, format="json").status_code == 403
    response = api_client(users.city).patch(url, {"target": "0.95"}, format="json")
    assert response.status_code == 200, response.json()
    bad = api_client(users.city).patch(url, {"params": {"components": ["rumours"]}}, format="json")
    assert bad.status_code == 400 and has_chinese(bad.json()["params"])
    setting.refresh_from_db()
    assert str(setting.target) == "0.9500" and setting.params == {}


def test_snapshots_are_listed_in_scope(world, users, api_client):
    from evaluations import snapshots

    snapshots.take([D(2024, 4, 1)])
    body = api_client(users.district).get(f"{API}snapshots/", {"indicator": "SATISFACTION", "page_size": 100}).json()
    assert {row["federation"] for row in body["results"]} == {world.d1.pk, world.s1.pk, world.s2.pk}
    assert IndicatorSnapshot.objects.filter(federation=world.d2).exists()


def test_survey_results_per_subtree_and_child(world, users, api_client):
    # when
    body = api_client(users.district).get(f"{API}survey-results/", {"federation": world.d1.pk, **YEAR}).json()
    # then: 武昌 = 东亭's four answers of 2024 (满意 2, 基本满意 1, 不满意 1; 2 of 3 asked could name a cadre)
    totals = body["totals"]
    assert (totals["responses"], totals["sat_satisfied"], totals["sat_basic"], totals["sat_unsatisfied"]) == (
        4,
        2,
        1,
        1,
    )
    assert (totals["satisfaction"], totals["name_yes"], totals["name_asked"]) == (0.75, 2, 3)
    children = {row["name"]: row for row in body["children"]}
    assert children["水果湖街妇联"]["responses"] == 4 and children["中南路街妇联"]["responses"] == 0
    assert api_client(users.district).get(f"{API}survey-results/", {"federation": world.d2.pk}).status_code == 404


def test_snapshots_and_settings_are_read_only_for_all_but_the_city_office(world, users, api_client):
    from evaluations import snapshots

    snapshots.take([D(2024, 4, 1)])
    snapshot = IndicatorSnapshot.objects.filter(federation=world.s1).first()
    client = api_client(users.district)
    assert client.patch(f"{API}snapshots/{snapshot.pk}/", {"value": 1}, format="json").status_code == 405
    assert api_client(users.other_district).get(f"{API}snapshots/{snapshot.pk}/").status_code == 404
    assert api_client().get(f"{API}indicator-settings/").status_code in (401, 403)
    assert len(client.get(f"{API}indicator-settings/").json()) == 5


def test_the_dashboard_takes_the_same_queries_with_gaps_or_none(world, users, api_client, monkeypatch):
    from core.gaps import Gap
    from evaluations import dashboard

    def queries(found):
        monkeypatch.setattr(dashboard.gap_registry, "collect", lambda root, as_of: found)
        client = api_client(users.city)
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(f"{API}dashboard/", {"federation": world.city.pk, **YEAR}).json()
        return len(ctx.captured_queries), body

    gap = Gap("rule", "规则", world.s1c1.pk, world.s1c1.name, "缺", "activities")
    with_gap, body = queries([gap])
    without, empty = queries([])
    assert with_gap == without
    assert body["gaps"]["total"] == 1 and empty["gaps"]["total"] == 0
    assert sum(row["gaps"] for row in body["children"]) == 1
