"""Each indicator's formula on the hand-made tree of tests/conftest.py, with the expected numbers written out;
the settings the city office edits; a change visible at once; a fixed number of queries at any size."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations import rollups, services
from evaluations.choices import Indicator
from evaluations.models import IndicatorSetting, MonthlyStat
from evaluations.services import Period

from . import builders as b

YEAR = Period.of(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
D = datetime.date


def by_code(report):
    return {item["code"]: item for item in report["indicators"]}


def component(item, key):
    return next(c for c in item["components"] if c["key"] == key)


def test_coverage_is_regionalised_streets_and_communities_over_all(world):
    # when
    city = by_code(services.compute(world.city, YEAR))[Indicator.COVERAGE]
    wuchang = by_code(services.compute(world.d1, YEAR))[Indicator.COVERAGE]
    # then: city: streets 2 of 3 (S1, S3), communities 1 of 4 (S1C1; S2C1 only in 2025) -> 3/7
    assert (city["numerator"], city["denominator"], city["value"]) == (3, 7, 0.4286)
    assert (component(city, "streets")["numerator"], component(city, "streets")["denominator"]) == (2, 3)
    assert (component(city, "communities")["numerator"], component(city, "communities")["denominator"]) == (1, 4)
    # 武昌: streets 1 of 2, communities 1 of 3 -> 2/5
    assert (wuchang["numerator"], wuchang["denominator"], wuchang["value"]) == (2, 5, 0.4)
    assert wuchang["target"] == 0.8 and wuchang["meets_target"] is False


def test_coverage_as_of_a_later_date_counts_the_later_regionalisation(world):
    later = Period.of(D(2025, 1, 1), D(2025, 3, 31))
    city = by_code(services.compute(world.city, later))[Indicator.COVERAGE]
    assert (city["numerator"], city["denominator"]) == (4, 7)


def test_identity_is_women_who_can_name_a_cadre_with_public_profiles_shown_beside(world):
    # when
    city = by_code(services.compute(world.city, YEAR))[Indicator.IDENTITY]
    wuchang = by_code(services.compute(world.d1, YEAR))[Indicator.IDENTITY]
    # then: city: survey 3 yes of 5 asked (the 2023 answer is outside the period) -> 3/5
    assert (city["numerator"], city["denominator"], city["value"]) == (3, 5, 0.6)
    # profiles: 1 of 3 sitting committee members shows photo and phone (the representative and the one who
    # left do not count); shown, not counted by default
    profiles = component(city, "profiles")
    assert (profiles["numerator"], profiles["denominator"], profiles["value"], profiles["counted"]) == (
        1,
        3,
        0.3333,
        False,
    )
    # 武昌: survey 2 of 3
    assert (wuchang["numerator"], wuchang["denominator"], wuchang["value"]) == (2, 3, 0.6667)
    assert wuchang["meets_target"] is True  # target 0.6


def test_identity_pools_both_measures_when_the_city_office_asks_for_it(world):
    # given
    IndicatorSetting.objects.filter(indicator=Indicator.IDENTITY).update(params={"components": ["survey", "profiles"]})
    # when
    city = by_code(services.compute(world.city, YEAR))[Indicator.IDENTITY]
    wuchang = by_code(services.compute(world.d1, YEAR))[Indicator.IDENTITY]
    # then: city (3 + 1) / (5 + 3); 武昌 (2 + 1) / (3 + 2)
    assert (city["numerator"], city["denominator"], city["value"]) == (4, 8, 0.5)
    assert (wuchang["numerator"], wuchang["denominator"], wuchang["value"]) == (3, 5, 0.6)


def test_satisfaction_pools_surveys_and_duty_report_ratings(world):
    # when
    city = by_code(services.compute(world.city, YEAR))[Indicator.SATISFACTION]
    wuchang = by_code(services.compute(world.d1, YEAR))[Indicator.SATISFACTION]
    qiaokou = by_code(services.compute(world.d2, YEAR))[Indicator.SATISFACTION]
    # then: city: survey (满意 2 + 基本满意 2) of 6, ratings (1 + 1) of 3 -> 6/9
    assert (component(city, "survey")["numerator"], component(city, "survey")["denominator"]) == (4, 6)
    assert (component(city, "duty_ratings")["numerator"], component(city, "duty_ratings")["denominator"]) == (2, 3)
    assert (city["numerator"], city["denominator"], city["value"]) == (6, 9, 0.6667)
    # 武昌: survey 3 of 4, ratings 2 of 3 -> 5/7; 硚口: 1 of 2
    assert (wuchang["numerator"], wuchang["denominator"], wuchang["value"]) == (5, 7, 0.7143)
    assert (qiaokou["numerator"], qiaokou["denominator"], qiaokou["value"]) == (1, 2, 0.5)


def test_precision_is_consultations_answered_in_time_over_those_answered_or_overdue(world):
    # when
    city = by_code(services.compute(world.city, YEAR))[Indicator.PRECISION]
    wuchang = by_code(services.compute(world.d1, YEAR))[Indicator.PRECISION]
    # then: 东亭: in time 1; counted 3 (two answered, one overdue; the one of 28 Dec is not yet due on 31 Dec)
    assert (wuchang["numerator"], wuchang["denominator"], wuchang["value"]) == (1, 3, 0.3333)
    # city adds 永宁's one answered on the 7th day
    assert (city["numerator"], city["denominator"], city["value"]) == (2, 4, 0.5)


def test_cohesion_counts_communities_active_enough_and_shows_activities_per_home(world):
    # given: 东亭 holds 3 activities a month all year, 永宁 2 a month for half the year, 水果湖街 itself 1 in May
    for month in YEAR.months():
        for day in (3, 13, 23):
            b.activity(world.s1c1, month.replace(day=day))
    for month in list(YEAR.months())[:6]:
        for day in (5, 15):
            b.activity(world.s3c1, month.replace(day=day))
    b.activity(world.s1, D(2024, 5, 20))
    # when
    city = by_code(services.compute(world.city, YEAR))[Indicator.COHESION]
    # then: 东亭 36 activities >= 2 x 12; 永宁 12 < 24 -> 1 of 4 communities
    assert (city["numerator"], city["denominator"], city["value"]) == (1, 4, 0.25)
    per_home = component(city, "activities_per_home")
    # 49 activities over 2 homes x 12 months
    assert (per_home["numerator"], per_home["denominator"], per_home["value"]) == (49, 24, 2.0417)
    assert per_home["counted"] is False and per_home["unit"] == "rate"


def test_a_new_activity_counts_at_once_and_an_edited_one_moves(world):
    # given
    period = Period.of(D(2024, 3, 1), D(2024, 3, 31))
    # when
    activity = b.activity(world.s2c1, D(2024, 3, 10), participants=30, women=25)
    # then
    assert services.compute(world.d1, period)["totals"]["activities"] == 1
    assert services.compute(world.d1, period)["totals"]["activity_women"] == 25
    # when: re-dated to April and given to 东亭
    activity.start, activity.end = b.at(D(2024, 4, 2)), b.at(D(2024, 4, 2), 12)
    activity.save()
    # then
    assert services.compute(world.d1, period)["totals"]["activities"] == 0
    april = MonthlyStat.objects.get(federation=world.s2c1, month=D(2024, 4, 1))
    assert (april.activities, april.activity_women, april.activity_participants) == (1, 25, 30)
    # when
    activity.delete()
    # then
    april.refresh_from_db()
    assert april.activities == 0


def test_the_city_office_changes_targets_weights_and_formula_parameters_without_a_release(world):
    # given
    IndicatorSetting.objects.filter(indicator=Indicator.SATISFACTION).update(
        target="0.5", params={"components": ["survey"]}
    )
    IndicatorSetting.objects.filter(indicator=Indicator.PRECISION).update(params={"answer_within_days": 30})
    IndicatorSetting.objects.filter(indicator=Indicator.COVERAGE).update(enabled=False)
    # when
    report = services.compute(world.city, YEAR)
    items = by_code(report)
    # then: satisfaction from surveys only, 4/6, meets 0.5; precision: all answered ones are in time now
    assert (items[Indicator.SATISFACTION]["value"], items[Indicator.SATISFACTION]["meets_target"]) == (0.6667, True)
    assert (items[Indicator.PRECISION]["numerator"], items[Indicator.PRECISION]["denominator"]) == (3, 4)
    assert items[Indicator.COVERAGE]["enabled"] is False


def test_the_score_weighs_each_enabled_indicator_against_its_target(world):
    # given: only satisfaction (0.6667 of target 0.9) and identity (0.6 of 0.6) enabled, weights 3 and 1
    IndicatorSetting.objects.exclude(indicator__in=[Indicator.SATISFACTION, Indicator.IDENTITY]).update(enabled=False)
    IndicatorSetting.objects.filter(indicator=Indicator.SATISFACTION).update(weight=3)
    IndicatorSetting.objects.filter(indicator=Indicator.IDENTITY).update(weight=1)
    # when
    report = services.compute(world.city, YEAR)
    # then: (3 x 0.6667/0.9 + 1 x 1.0) / 4 x 100
    assert report["score"] == round(100 * (3 * 0.6667 / 0.9 + 1 * 1.0) / 4, 1)


@pytest.mark.parametrize(
    "code, params, message",
    [
        (Indicator.COHESION, {"min_activities_per_month": -1}, "之间"),
        (Indicator.PRECISION, {"answer_within_days": "seven"}, "必须是数字"),
        (Indicator.SATISFACTION, {"components": ["gossip"]}, "components"),
        (Indicator.IDENTITY, {"colour": "red"}, "未知的参数"),
    ],
)
def test_bad_settings_are_refused_in_chinese(db, code, params, message):
    setting = IndicatorSetting.objects.get(indicator=code)
    setting.params = params
    with pytest.raises(ValidationError) as error:
        setting.full_clean()
    assert message in str(error.value.message_dict["params"])


def test_a_target_above_one_is_refused(db):
    setting = IndicatorSetting.objects.get(indicator=Indicator.COVERAGE)
    setting.target = 2
    with pytest.raises(ValidationError) as error:
        setting.full_clean()
    assert "0 到 1" in str(error.value.message_dict["target"])


def test_an_empty_subtree_has_no_value_rather_than_zero(tree):
    report = services.compute(tree.s1c1g1, YEAR)
    assert all(item["value"] is None and item["meets_target"] is None for item in report["indicators"])


# --- live, not nightly ---------------------------------------------------------------------------


def test_a_new_answer_is_in_the_indicators_at_once_and_a_deleted_one_leaves_them(world, make_survey):
    # given
    survey = make_survey(world.s2c1, opens_on=D(2024, 1, 1), closes_on=D(2024, 12, 31))
    before = by_code(services.compute(world.d1, YEAR))[Indicator.SATISFACTION]
    # when
    answer = b.response(survey, D(2024, 9, 9), "SATISFIED", True)
    after = by_code(services.compute(world.d1, YEAR))[Indicator.SATISFACTION]
    # then
    assert (after["numerator"], after["denominator"]) == (before["numerator"] + 1, before["denominator"] + 1)
    # when
    answer.delete()
    # then
    again = by_code(services.compute(world.d1, YEAR))[Indicator.SATISFACTION]
    assert (again["numerator"], again["denominator"]) == (before["numerator"], before["denominator"])


def test_a_rating_counts_at_once_and_moves_with_its_report(world):
    # given
    report = b.duty_report(b.post(b.person(world.s2), world.s2, "CHAIR"), D(2024, 2, 1))
    # when
    b.rating(report, 95)
    # then
    wuchang = by_code(services.compute(world.d1, YEAR))[Indicator.SATISFACTION]
    assert component(wuchang, "duty_ratings")["denominator"] == 4
    # when: the report is re-dated into 2025, its rating leaves 2024
    report.filed_on = D(2025, 1, 10)
    report.save()
    # then
    wuchang = by_code(services.compute(world.d1, YEAR))[Indicator.SATISFACTION]
    assert component(wuchang, "duty_ratings")["denominator"] == 3
    assert MonthlyStat.objects.get(federation=world.s2, month=D(2025, 1, 1)).ratings == 1


def test_a_changed_answer_moves_between_counters(world, make_survey):
    # given
    response = b.response(make_survey(world.s2c1), D(2024, 9, 9), "UNSATISFIED", False)
    # when (an operator corrects a mistyped entry)
    response.satisfaction = "SATISFIED"
    response.save()
    # then
    stat = MonthlyStat.objects.get(federation=world.s2c1, month=D(2024, 9, 1))
    assert (stat.sat_respondents, stat.sat_satisfied, stat.sat_unsatisfied) == (1, 1, 0)


def test_the_rebuild_gives_the_same_table_as_the_live_updates(world):
    # given
    b.activity(world.s1c1, D(2024, 2, 2), participants=12, women=10)
    b.activity(world.s1c1, D(2024, 2, 9), participants=8, women=8)
    fields = [
        "federation_id",
        "month",
        "responses",
        "sat_satisfied",
        "name_yes",
        "ratings",
        "activities",
        "activity_women",
        "activity_participants",
    ]
    live = sorted(MonthlyStat.objects.values_list(*fields))
    # when
    rollups.rebuild()
    # then
    assert sorted(MonthlyStat.objects.values_list(*fields)) == live


# --- a fixed number of queries ---------------------------------------------------------------------


def test_the_indicators_take_the_same_number_of_queries_for_a_small_and_a_large_subtree(world, make_survey):
    from organizations.models import Federation

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            services.compute(world.city, YEAR)
        return len(ctx.captured_queries)

    small = queries()
    for i in range(25):
        community = Federation.objects.create(name=f"新社区{i}", code=f"N{i}", level="COMMUNITY", parent=world.s2)
        b.response(make_survey(community), D(2024, 5, 5), "SATISFIED", True)
        b.home(community)
        b.consultation(community, D(2024, 5, 5), D(2024, 5, 6))
        b.activity(community, D(2024, 5, 5))
    assert queries() == small
    assert small <= 4  # settings, monthly sums, states, active communities


# --- snapshots ------------------------------------------------------------------------------------------


def test_snapshots_store_each_indicator_per_federation_and_month_and_rerunning_replaces(world):
    from evaluations import snapshots
    from evaluations.models import IndicatorSnapshot

    # when
    written = snapshots.take([D(2024, 4, 1)])
    again = snapshots.take([D(2024, 4, 1)])
    # then: city, 2 districts and 3 streets, five indicators each, stored once
    assert written == again == 6 * 5
    assert IndicatorSnapshot.objects.count() == 30
    city = IndicatorSnapshot.objects.get(federation=world.city, month=D(2024, 4, 1), indicator=Indicator.SATISFACTION)
    # April 2024: 东亭's 满意 and 基本满意
    assert (city.numerator, city.denominator, city.value) == (2, 2, 1.0)


def test_the_nightly_job_is_scheduled_on_the_snapshots_queue():
    from evaluations.schedules import BEAT_SCHEDULE
    from wuhan_fulian.celery import collect_beat_schedule

    entry = BEAT_SCHEDULE["evaluations-indicator-snapshots"]
    assert entry["options"]["queue"] == "snapshots"
    assert collect_beat_schedule()["evaluations-indicator-snapshots"]["task"] == "evaluations.take_snapshots"
