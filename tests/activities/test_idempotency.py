"""Exactly once (issue 19): the key her phone generates for each submission. A replay of the same submission,
through the web form or the API, answers with the activity the first one created; five concurrent replays
through the API on PostgreSQL create one; a conflict comes back to the offline queue as Chinese lines."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from activities.models import Activity

from .test_api import URL, payload
from .test_web import form_data

KEY = "k-3f2a9c1e-0b7d-4e55-9a1f-5c2d8e7b6a10"
JSON = {"HTTP_ACCEPT": "application/json"}


def test_a_replayed_form_post_redirects_and_creates_nothing_more(tree, users, kinds, client, media):
    client.force_login(users.chair)
    data = {**form_data(tree, kinds), "client_key": KEY}
    first = client.post(reverse("activities:create"), data)
    again = client.post(reverse("activities:create"), data)
    assert first.status_code == again.status_code == 302
    activity = Activity.objects.get()
    assert (activity.client_key, activity.created_by) == (KEY, users.chair)
    followed = client.get(again.url)
    assert "已经登记过，没有重复登记" in followed.content.decode()


def test_the_queue_gets_json_created_then_replayed(tree, users, kinds, client, media):
    client.force_login(users.chair)
    data = {**form_data(tree, kinds), "client_key": KEY}
    first = client.post(reverse("activities:create"), data, **JSON)
    again = client.post(reverse("activities:create"), data, **JSON)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] == Activity.objects.get().pk
    assert (first.json()["replayed"], again.json()["replayed"]) == (False, True)


def test_the_same_key_from_another_person_is_her_own_submission(tree, users, kinds, client, media):
    client.force_login(users.chair)
    client.post(reverse("activities:create"), {**form_data(tree, kinds), "client_key": KEY})
    client.force_login(users.street)
    response = client.post(reverse("activities:create"), {**form_data(tree, kinds), "client_key": KEY}, **JSON)
    assert response.status_code == 201
    assert Activity.objects.filter(client_key=KEY).count() == 2


def test_without_a_key_two_posts_are_two_activities(tree, users, kinds, client, media):
    client.force_login(users.chair)
    client.post(reverse("activities:create"), form_data(tree, kinds))
    client.post(reverse("activities:create"), form_data(tree, kinds))
    assert Activity.objects.count() == 2 and not Activity.objects.exclude(client_key=None).exists()


def test_a_conflict_comes_back_as_chinese_lines_and_saves_nothing(tree, users, kinds, partners, client, media):
    # the member unit left her community between queuing (offline) and sending
    client.force_login(users.chair)
    partners.unit.left_on = datetime.date(2024, 5, 1)
    partners.unit.save()
    data = {
        **form_data(tree, kinds, end="2024-05-18T13:00"),
        "client_key": KEY,
        "co_token": [f"member_unit:{partners.unit.pk}"],
        "co_role": ["CO_HOST"],
    }
    response = client.post(reverse("activities:create"), data, **JSON)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any("结束时间不能早于开始时间" in line for line in errors), errors
    assert len(errors) >= 2, errors  # the co-organiser too
    assert not Activity.objects.exists()


@pytest.mark.parametrize("key", ["short", "含中文的标识符号abc", "x" * 65, "a b c d e f g h"])
def test_a_malformed_key_is_a_chinese_error(tree, users, kinds, client, api_client, media, key):
    client.force_login(users.chair)
    web = client.post(reverse("activities:create"), {**form_data(tree, kinds), "client_key": key}, **JSON)
    page = client.post(reverse("activities:create"), {**form_data(tree, kinds), "client_key": key})
    api = api_client(users.chair).post(URL, payload(tree, kinds), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert web.status_code == 400 and "提交标识格式不正确" in web.json()["errors"][0]
    assert page.status_code == 200 and "提交标识格式不正确" in page.content.decode()
    assert api.status_code == 400 and "提交标识格式不正确" in api.json()["client_key"][0]
    assert not Activity.objects.exists()


def test_an_api_replay_answers_200_with_the_first_activity(tree, users, kinds, api_client):
    chair = api_client(users.chair)
    first = chair.post(URL, payload(tree, kinds), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = chair.post(URL, payload(tree, kinds, title="改过的标题"), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    body_key = chair.post(URL, payload(tree, kinds, client_key=KEY), format="json")
    assert first.status_code == 201, first.json()
    assert again.status_code == body_key.status_code == 200
    assert first.json()["id"] == again.json()["id"] == body_key.json()["id"]
    assert again.json()["title"] == "主题党日"  # the first one, unchanged
    assert Activity.objects.count() == 1


def test_a_replay_after_a_conflict_arose_still_finds_the_first(tree, users, kinds, partners, api_client):
    chair = api_client(users.chair)
    data = payload(tree, kinds, co_organizers=[{"role": "CO_HOST", "member_unit": partners.unit.pk}])
    assert chair.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY=KEY).status_code == 201
    partners.unit.left_on = datetime.date(2024, 5, 1)
    partners.unit.save()
    again = chair.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert again.status_code == 200 and Activity.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: concurrent writers")
def test_five_concurrent_replays_through_the_api_create_one_activity(tree, users, kinds):
    data = payload(tree, kinds)
    barrier = threading.Barrier(5)
    answers = []

    def send():
        client = APIClient()
        client.force_authenticate(user=users.chair)
        barrier.wait()
        try:
            response = client.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
            answers.append((response.status_code, response.json().get("id")))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    activity = Activity.objects.get()
    assert sorted(status for status, _ in answers) == [200, 200, 200, 200, 201], answers
    assert {pk for _, pk in answers} == {activity.pk}
    assert activity.client_key == KEY
