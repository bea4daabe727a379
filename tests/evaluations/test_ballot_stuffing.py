"""Survey ballot stuffing (issue 14 item 8): answers beyond the per-survey limits of an address or a device
signal are stored but flagged, left out of the indicators and the results, counted for staff to see, and
counted again once staff confirm them. The answerer is never told."""

import itertools
import re

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from evaluations import rollups, services, throttle
from evaluations.models import MonthlyStat, SurveyResponse
from evaluations.surveys import results

from .conftest import answer_payload

_phones = itertools.count(1)
API = "/api/v1/evaluations/"


def url(survey):
    return reverse("evaluations:answer", args=[survey.token])


def answer(survey, template, address="10.1.1.1", token="new", fingerprint="new", satisfaction="SATISFIED"):
    """A phone with a fresh cookie jar opens the survey and answers it. ``token`` and ``fingerprint`` are
    what the page's script puts in its hidden fields ("new": a value no other phone sent; None: absent)."""
    n = next(_phones)
    client = Client(REMOTE_ADDR=address)
    assert client.get(url(survey)).status_code == 200
    payload = answer_payload(template, satisfaction)
    if token is not None:
        payload[throttle.DEVICE_TOKEN_FIELD] = f"token-{n}-abcdefghijklmnop" if token == "new" else token
    if fingerprint is not None:
        payload[throttle.FINGERPRINT_FIELD] = (
            f"Mozilla/5.0 phone-{n}|zh-CN|390x844x3|Asia/Shanghai" if (fingerprint == "new") else fingerprint
        )
    response = client.post(url(survey), payload)
    return client, response


def satisfaction_survey_measure(survey):
    figures = services.compute(survey.federation, services.Period.last_twelve_months())
    indicator = next(item for item in figures["indicators"] if item["code"] == "SATISFACTION")
    component = next(item for item in indicator["components"] if item["key"] == "survey")
    return component["numerator"], component["denominator"], figures["totals"]


def live_table():
    return sorted(
        MonthlyStat.objects.values_list(
            "federation_id", "month", "responses", "sat_respondents", "sat_satisfied", "flagged_responses"
        )
    )


def test_thirty_answers_from_one_address_the_first_n_count_the_rest_are_stored_flagged(survey, template):
    # given: the default limit of answers per address per survey per day
    limit = settings.SURVEY_ADDRESS_DAILY_LIMIT
    assert limit == 10
    # when: 30 phones with fresh cookie jars (and fresh device tokens) behind one address
    replies = [answer(survey, template, address="10.1.1.1")[1] for _ in range(30)]
    # then: every one looks the same to the answerer
    assert {(r.status_code, r["Location"]) for r in replies} == {
        (302, reverse("evaluations:thanks", args=[survey.token]))
    }
    stored = list(SurveyResponse.objects.order_by("submitted_at", "id"))
    assert len(stored) == 30
    assert [r.flagged for r in stored] == [False] * limit + [True] * (30 - limit)
    assert all("address" in r.flag_reason for r in stored[limit:])
    # the indicator counts only the first N
    numerator, denominator, totals = satisfaction_survey_measure(survey)
    assert (numerator, denominator) == (limit, limit)
    assert totals["responses"] == limit and totals["flagged_responses"] == 30 - limit
    # and so do the survey's results, which say how many were left out
    satisfaction = next(row for row in results(survey) if row["kind"] == "SATISFACTION")
    assert (satisfaction["answered"], satisfaction["satisfied"], satisfaction["flagged"]) == (limit, limit, 20)
    # the kept counters are what a rebuild computes
    live = live_table()
    rollups.rebuild()
    assert live_table() == live


def test_another_address_is_not_affected_by_a_flood(survey, template):
    for _ in range(12):
        answer(survey, template, address="10.1.1.1")
    _client, reply = answer(survey, template, address="10.2.2.2")
    assert reply.status_code == 302
    assert not SurveyResponse.objects.latest("id").flagged


def test_the_answerer_never_learns_she_was_flagged(survey, template):
    with override_settings(SURVEY_ADDRESS_DAILY_LIMIT=1):
        counted_client, counted = answer(survey, template, address="10.3.3.3")
        flagged_client, flagged = answer(survey, template, address="10.3.3.3")
    assert list(SurveyResponse.objects.order_by("id").values_list("flagged", flat=True)) == [False, True]
    assert (counted.status_code, counted["Location"]) == (flagged.status_code, flagged["Location"])
    thanks = reverse("evaluations:thanks", args=[survey.token])
    # the same page but for each phone's own CSRF token (the language switch is a POST form)
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub(b"", counted_client.get(thanks).content) == token.sub(b"", flagged_client.get(thanks).content)
    # a second try from the flagged phone gets the ordinary "already answered" page
    again = flagged_client.post(url(survey), answer_payload(template))
    assert again.status_code == 409 and "已经填写过" in again.content.decode()


def test_the_same_device_token_with_a_fresh_cookie_jar_is_flagged(survey, make_survey, tree, template):
    # given: a phone answered; its cookies were cleared but its local storage token stayed
    answer(survey, template, address="10.4.4.1", token="kept-token-0123456789")
    # when
    _client, reply = answer(survey, template, address="10.4.4.2", token="kept-token-0123456789")
    # then
    assert reply.status_code == 302
    first, second = SurveyResponse.objects.order_by("id")
    assert not first.flagged and second.flagged and "device" in second.flag_reason
    # the token is per survey: the same phone answering another survey is not flagged
    other = make_survey(tree.s2c1)
    answer(other, template, address="10.4.4.3", token="kept-token-0123456789")
    assert not SurveyResponse.objects.get(survey=other).flagged
    # and nothing kept is the token itself
    assert "kept-token" not in "".join(SurveyResponse.objects.values_list("device_token_key", flat=True))


@override_settings(SURVEY_FINGERPRINT_DAILY_LIMIT=2)
def test_the_same_browser_fingerprint_beyond_its_limit_is_flagged(survey, template):
    fingerprint = "Mozilla/5.0 same phone|zh-CN|390x844x3|Asia/Shanghai"
    for address in ("10.5.5.1", "10.5.5.2", "10.5.5.3"):  # fresh cookies, fresh tokens, other addresses
        answer(survey, template, address=address, fingerprint=fingerprint)
    flags = list(SurveyResponse.objects.order_by("id").values_list("flagged", "flag_reason"))
    assert [flag for flag, _reason in flags] == [False, False, True]
    assert "fingerprint" in flags[2][1]


def test_an_answer_without_the_page_scripts_signals_is_flagged(survey, template):
    # a script posting the form fields only (no device token, no fingerprint)
    _client, reply = answer(survey, template, token=None, fingerprint=None)
    assert reply.status_code == 302
    stored = SurveyResponse.objects.get()
    assert stored.flagged and "no_signal" in stored.flag_reason


def test_the_page_sends_the_signals_from_a_static_script(survey):
    body = Client().get(url(survey)).content.decode()
    assert 'src="/static/evaluations/survey_device.js"' in body
    assert f'name="{throttle.DEVICE_TOKEN_FIELD}"' in body and f'name="{throttle.FINGERPRINT_FIELD}"' in body
    assert "<script>" not in body  # CSP forbids inline scripts


@override_settings(SURVEY_ADDRESS_DAILY_LIMIT=2)
def test_staff_see_the_flagged_count_on_the_surveys_results(survey, template, users, make_survey, tree):
    # given: 5 answers from one address, 2 counted and 3 flagged
    for _ in range(5):
        answer(survey, template, address="10.6.6.6")
    admin = Client()
    admin.force_login(users.district)
    # then: the admin's survey list, the survey's page, the staff's survey list and the API say so
    changelist = admin.get(reverse("admin:evaluations_survey_changelist")).content.decode()
    assert "已标记 3 份" in changelist
    change = admin.get(reverse("admin:evaluations_survey_change", args=[survey.pk])).content.decode()
    assert "已标记 3 份" in change
    assert "已标记 3 份" in admin.get(reverse("evaluations:surveys")).content.decode()
    api = Client()
    api.force_login(users.district)
    listed = api.get(f"{API}surveys/").json()["results"]
    row = next(item for item in listed if item["id"] == survey.pk)
    assert (row["response_count"], row["flagged_count"]) == (5, 3)
    rows = api.get(f"{API}surveys/{survey.pk}/results/").json()
    satisfaction = next(r for r in rows if r["kind"] == "SATISFACTION")
    assert (satisfaction["answered"], satisfaction["flagged"]) == (2, 3)
    # the survey results of the subtree carry the flagged count too
    subtree = api.get(f"{API}survey-results/", {"federation": tree.s1c1.pk}).json()
    assert (subtree["totals"]["responses"], subtree["totals"]["flagged_responses"]) == (2, 3)
    # the flagged answers are listed with their reason in the admin
    flagged_list = admin.get(reverse("admin:evaluations_surveyresponse_changelist"), {"flagged__exact": "1"})
    assert flagged_list.status_code == 200
    assert flagged_list.content.decode().count("同一网络地址") >= 3
    # the survey's answers (the link from the "答卷" column); a bad or out-of-scope survey is just empty
    of_survey = admin.get(reverse("admin:evaluations_surveyresponse_changelist"), {"survey": survey.pk})
    assert of_survey.status_code == 200 and survey.title in of_survey.content.decode()
    assert admin.get(reverse("admin:evaluations_surveyresponse_changelist"), {"survey": "abc"}).status_code == 200
    stranger = Client()
    stranger.force_login(users.other_district)
    hidden = stranger.get(reverse("admin:evaluations_surveyresponse_changelist"), {"survey": survey.pk})
    assert hidden.status_code == 200 and survey.title not in hidden.content.decode()


@override_settings(SURVEY_ADDRESS_DAILY_LIMIT=1)
def test_confirming_a_flagged_answer_in_the_admin_counts_it(survey, template, users):
    # given
    answer(survey, template, address="10.7.7.7")
    answer(survey, template, address="10.7.7.7", satisfaction="BASIC")
    flagged = SurveyResponse.objects.get(flagged=True)
    assert satisfaction_survey_measure(survey)[:2] == (1, 1)
    changelist = reverse("admin:evaluations_surveyresponse_changelist")
    # when: the other district's staff tries first (out of her scope: nothing happens)
    stranger = Client()
    stranger.force_login(users.other_district)
    stranger.post(changelist, {"action": "confirm_responses", "_selected_action": [flagged.pk]})
    flagged.refresh_from_db()
    assert flagged.flagged
    # when: staff of the survey's district confirm it
    admin = Client()
    admin.force_login(users.district)
    reply = admin.post(changelist, {"action": "confirm_responses", "_selected_action": [flagged.pk]}, follow=True)
    # then
    assert reply.status_code == 200 and "已确认 1 份答卷" in reply.content.decode()
    flagged.refresh_from_db()
    assert not flagged.flagged and flagged.reviewed_by == users.district and flagged.reviewed_at
    assert "address" in flagged.flag_reason  # why it was flagged stays on record
    numerator, denominator, totals = satisfaction_survey_measure(survey)
    assert (numerator, denominator) == (2, 2) and totals["flagged_responses"] == 0
    live = live_table()
    rollups.rebuild()
    assert live_table() == live
    # and flagging it again takes it out again
    admin.post(changelist, {"action": "flag_responses", "_selected_action": [flagged.pk]})
    flagged.refresh_from_db()
    assert flagged.flagged and satisfaction_survey_measure(survey)[:2] == (1, 1)


@override_settings(SURVEY_ADDRESS_DAILY_LIMIT=1, SURVEY_COUNT_FLAGGED=True)
def test_a_setting_counts_flagged_answers_in_the_indicators(survey, template):
    answer(survey, template, address="10.8.8.8")
    answer(survey, template, address="10.8.8.8")
    assert SurveyResponse.objects.filter(flagged=True).count() == 1
    numerator, denominator, totals = satisfaction_survey_measure(survey)
    assert (numerator, denominator) == (2, 2) and totals["flagged_responses"] == 1
    live = live_table()
    rollups.rebuild()
    assert live_table() == live


@pytest.mark.parametrize("field", ["DEVICE_TOKEN_FIELD", "FINGERPRINT_FIELD"])
def test_an_oversized_signal_is_no_error(survey, template, field):
    client = Client(REMOTE_ADDR="10.9.9.9")
    client.get(url(survey))
    payload = {**answer_payload(template), getattr(throttle, field): "x" * 100_000}
    assert client.post(url(survey), payload).status_code == 302
    assert SurveyResponse.objects.count() == 1
