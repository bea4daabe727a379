"""The public survey page: anonymous answers, one per device (signed cookie), a limit per address,
closed surveys refused politely, nothing saved on bad input; the QR code and the poster."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from evaluations import throttle
from evaluations.models import SurveyAnswer, SurveyResponse
from evaluations.surveys import AlreadyAnswered, submit_response

from .conftest import answer_payload


def url(survey):
    return reverse("evaluations:answer", args=[survey.token])


def opened(survey, **extra):
    """A phone that has opened the survey once (and so holds the device cookie)."""
    client = Client(**extra)
    response = client.get(url(survey))
    assert response.status_code == 200
    return client


def test_the_form_opens_without_login_and_sets_a_signed_device_cookie(survey):
    # when
    response = Client().get(url(survey))
    # then
    assert response.status_code == 200
    assert "您对本级妇联的工作满意吗" in response.content.decode()
    cookie = response.cookies[throttle.DEVICE_COOKIE]
    assert cookie["httponly"] and cookie.value.count(":") >= 1  # value:signature


def test_an_answer_is_stored_anonymously_with_its_summary(survey, template):
    # given
    client = opened(survey)
    # when
    response = client.post(url(survey), answer_payload(template, "BASIC", "no", "希望多办亲子活动"))
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:thanks", args=[survey.token])
    stored = SurveyResponse.objects.get()
    assert (stored.federation_id, stored.satisfaction, stored.can_name) == (survey.federation_id, "BASIC", False)
    assert len(stored.device_key) == 64
    assert sorted(SurveyAnswer.objects.values_list("text", flat=True)) == ["", "", "希望多办亲子活动"]


def test_a_second_answer_from_the_same_device_is_refused_and_not_saved(survey, template):
    # given
    client = opened(survey)
    assert client.post(url(survey), answer_payload(template)).status_code == 302
    # when
    again = client.post(url(survey), answer_payload(template, "UNSATISFIED"))
    # then
    assert again.status_code == 409
    assert "已经填写过" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert client.get(url(survey)).status_code == 409  # the form is not shown again either


def test_the_same_device_may_answer_another_survey(survey, make_survey, tree, template):
    # given
    other = make_survey(tree.s2c1)
    client = opened(survey)
    client.post(url(survey), answer_payload(template))
    # when
    response = client.post(url(other), answer_payload(template))
    # then
    assert response.status_code == 302
    keys = list(SurveyResponse.objects.values_list("device_key", flat=True))
    assert len(set(keys)) == 2  # a device's answers cannot be linked across surveys


def test_a_post_without_the_device_cookie_is_refused(survey, template):
    # when: a script posting straight away, never having opened the form
    response = Client().post(url(survey), answer_payload(template))
    # then
    assert response.status_code == 400
    assert "Cookie" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    assert throttle.DEVICE_COOKIE in response.cookies  # a retry from a real browser will work


def test_a_forged_device_cookie_counts_as_none(survey, template):
    # given
    client = Client()
    client.cookies[throttle.DEVICE_COOKIE] = "made-up-id"
    # when
    response = client.post(url(survey), answer_payload(template))
    # then
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_is_refused_politely(tree, make_survey, template):
    # given
    today = timezone.localdate()
    closed = make_survey(
        tree.s1, opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=1)
    )
    client = Client()
    # when
    shown = client.get(url(closed))
    posted = client.post(url(closed), answer_payload(template))
    # then
    assert shown.status_code == 410 and posted.status_code == 410
    assert "本次测评已结束" in posted.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_survey_not_yet_open_is_refused(tree, make_survey, template):
    today = timezone.localdate()
    later = make_survey(
        tree.s1, opens_on=today + datetime.timedelta(days=2), closes_on=today + datetime.timedelta(days=9)
    )
    response = Client().post(url(later), answer_payload(template))
    assert response.status_code == 403
    assert "尚未开始" in response.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    "satisfaction, can_name",
    [(None, "yes"), ("VERY_HAPPY", "yes"), ("SATISFIED", "maybe")],
    ids=["missing-required", "satisfaction-out-of-range", "bad-yes-no"],
)
def test_bad_answers_are_shown_again_with_chinese_errors_and_nothing_saved(survey, template, satisfaction, can_name):
    # given
    client = opened(survey, HTTP_ACCEPT_LANGUAGE="zh-CN")  # (an English browser gets the English catalogue)
    # when
    response = client.post(url(survey), answer_payload(template, satisfaction, can_name, "保留我的文字"))
    # then
    assert response.status_code == 400
    body = response.content.decode()
    assert "请检查标红的题目" in body
    assert "请回答这道题" in body or "请从给出的选项中选择" in body
    assert "保留我的文字" in body  # what she typed is kept
    assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()


def test_unknown_token_is_404(db):
    assert Client().get("/evaluations/s/no-such-token/").status_code == 404


class Clock:
    """A fixed clock for the survey throttle (``SurveyRateThrottle.timer``), moved by hand."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    clock = Clock(1_000_000.0)
    with mock.patch.object(throttle.SurveyRateThrottle, "timer", clock):
        yield clock


@override_settings(SURVEY_RATE_PER_IP="3/minute")
def test_a_flood_from_one_address_gets_429_and_other_addresses_are_not_affected(survey, template, clock):
    # given: three phones behind one address answer, the last one just after the minute turned
    clock.now = 119.0
    for tick in (0.0, 0.5, 1.2):
        clock.now = 119.0 + tick
        client = opened(survey, REMOTE_ADDR="10.0.0.1")
        assert client.post(url(survey), answer_payload(template)).status_code == 302
    flooder = opened(survey, REMOTE_ADDR="10.0.0.1")
    # when: a fourth submission from that address within the same 60 seconds
    clock.now = 120.5
    refused = flooder.post(url(survey), answer_payload(template))
    elsewhere = opened(survey, REMOTE_ADDR="10.0.0.2").post(url(survey), answer_payload(template))
    # then
    assert refused.status_code == 429
    assert "请稍后再试" in refused.content.decode()
    assert refused["Retry-After"] == "59"  # the first of the three leaves the window at 179.0
    assert elsewhere.status_code == 302
    assert SurveyResponse.objects.count() == 4


def post_from(rf, address, **extra):
    return rf.post("/evaluations/s/x/", REMOTE_ADDR=address, **extra)


@override_settings(SURVEY_RATE_PER_IP="2/hour")
def test_the_address_window_slides(rf, clock):
    def allowed(at):
        clock.now = at
        return throttle.SurveyRateThrottle().allow_request(post_from(rf, "10.9.9.9"), None)

    # given: two submissions at 0 s and 10 s
    assert allowed(0) and allowed(10)
    # when / then: a third is refused until the first is an hour old, then the second's hour must pass
    assert not allowed(20)
    assert not allowed(3599)
    assert allowed(3600)
    assert not allowed(3605)
    assert allowed(3610)
    # another address has its own window
    clock.now = 3611
    assert throttle.SurveyRateThrottle().allow_request(post_from(rf, "10.9.9.8"), None)


@override_settings(
    SURVEY_RATE_PER_IP="1/hour",
    NUM_PROXIES=1,
    REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1},
)
def test_behind_one_proxy_the_client_address_comes_from_x_forwarded_for(rf, clock):
    # given: one answer from 5.6.7.8 through proxy 10.0.0.9
    first = post_from(rf, "10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert throttle.SurveyRateThrottle().allow_request(first, None)
    # when: the same client through another proxy node, and another client through the first proxy
    same_client = post_from(rf, "10.0.0.10", HTTP_X_FORWARDED_FOR="9.9.9.9, 5.6.7.8")
    other_client = post_from(rf, "10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.9")
    # then: counted by the client's address, the forged first hop ignored
    assert not throttle.SurveyRateThrottle().allow_request(same_client, None)
    assert throttle.SurveyRateThrottle().allow_request(other_client, None)


def test_the_survey_rate_comes_from_the_setting():
    with override_settings(SURVEY_RATE_PER_IP="7/day"):
        limit = throttle.SurveyRateThrottle()
    assert (limit.num_requests, limit.duration) == (7, 86400)
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["survey"] == settings.SURVEY_RATE_PER_IP


def test_two_submissions_racing_from_one_device_store_one(survey, template):
    # given: the second request passed the "already answered?" check before the first one was stored
    question = template.questions.get(position=1)
    submit_response(survey, "k" * 64, [(question, {"satisfaction": "SATISFIED"})])
    # when / then: the database constraint settles it
    with pytest.raises(AlreadyAnswered):
        submit_response(survey, "k" * 64, [(question, {"satisfaction": "SATISFIED"})])
    assert SurveyResponse.objects.count() == 1


def test_qr_codes_are_drawn_offline(survey):
    client = Client()
    svg = client.get(reverse("evaluations:qr-svg", args=[survey.token]))
    png = client.get(reverse("evaluations:qr-png", args=[survey.token]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_the_poster_is_for_staff_in_scope(survey, users):
    poster = reverse("evaluations:poster", args=[survey.pk])
    mine = Client()
    mine.force_login(users.district)
    other = Client()
    other.force_login(users.other_district)
    response = mine.get(poster)
    assert response.status_code == 200
    assert survey.token in response.content.decode()
    assert other.get(poster).status_code == 404
    assert Client().get(poster).status_code == 302  # to the login page


def test_the_thank_you_page_and_the_poster_lead_to_the_federations_public_directory_page(
    tree, survey, users, make_survey
):
    # given: the survey of 东亭社区 (a community: its own directory page)
    own_page = reverse("directory:place", args=[survey.federation_id])
    thanks = Client().get(reverse("evaluations:thanks", args=[survey.token])).content.decode()
    staff = Client()
    staff.force_login(users.district)
    poster = staff.get(reverse("evaluations:poster", args=[survey.pk])).content.decode()
    # then
    assert f'href="{own_page}"' in thanks
    assert f"http://testserver{own_page}" in poster
    assert Client().get(own_page).status_code == 200
    # a grid group has no directory page of its own: the directory's start page
    grid = make_survey(tree.s1c1g1)
    thanks = Client().get(reverse("evaluations:thanks", args=[grid.token])).content.decode()
    assert f'href="{reverse("directory:index")}"' in thanks
