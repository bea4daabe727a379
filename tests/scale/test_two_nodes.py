"""Two web nodes (gunicorn on two ports) sharing one PostgreSQL and one Redis behave as one site."""

import io
import os
import time
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.db import connection
from PIL import Image

from tests.scale.nodes import celery_worker, free_port, gunicorn, login, manage, postgres_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not settings.REDIS_URL or connection.vendor != "postgresql", reason="needs PostgreSQL and Redis (CI)"
    ),
]

PASSWORD = "Wuhan-Fulian-2017!"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    media = tmp_path_factory.mktemp("shared-media")
    with postgres_database() as database_url:
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="wuhan_fulian.settings",
            DATABASE_URL=database_url,
            REDIS_URL=settings.REDIS_URL,
            MEDIA_ROOT=str(media),
            SECRET_KEY="two-nodes-share-this-secret-key-0123456789-abcdefghijklmnop",
            AXES_FAILURE_LIMIT="50",
        )
        manage(env, "migrate", "--no-input")
        manage(
            env,
            "shell",
            "-c",
            "from organizations.models import Federation as F; "
            "F.objects.create(name='武汉市妇联', code='420100', level='CITY')",
        )
        manage(env, "adduser", "cityops", "--role", "city_office", "--federation", "420100", "--password", PASSWORD)
        with gunicorn(env, free_port()) as node_a, gunicorn(env, free_port()) as node_b:
            yield {"env": env, "a": node_a, "b": node_b, "media": media}


def test_a_login_on_one_node_holds_on_the_other(cluster):
    # given
    session = requests.Session()
    login(session, cluster["a"], "cityops", PASSWORD)
    # when
    on_b = session.get(f"{cluster['b']}/", allow_redirects=False, timeout=10)
    # then
    assert on_b.status_code == 200
    assert "cityops" in on_b.text


def test_a_task_enqueued_by_one_node_is_run_by_a_worker_and_seen_by_the_other(cluster):
    # given
    token = requests.post(
        f"{cluster['a']}/api/v1/auth/token/", data={"username": "cityops", "password": PASSWORD}, timeout=10
    ).json()["token"]
    headers = {"Authorization": f"Token {token}"}
    with celery_worker(cluster["env"]):
        # when
        task = requests.post(f"{cluster['a']}/api/v1/system/ping-task/", headers=headers, timeout=10).json()
        # then
        deadline = time.monotonic() + 60
        state = {}
        while time.monotonic() < deadline:
            state = requests.get(
                f"{cluster['b']}/api/v1/system/tasks/{task['id']}/", headers=headers, timeout=10
            ).json()
            if state["state"] == "SUCCESS":
                break
            time.sleep(0.5)
        assert state["state"] == "SUCCESS"
        assert "pong" in state["result"]


def _jpeg(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_a_photo_uploaded_through_one_node_is_served_by_the_other(cluster):
    # given: an activity created through node A
    token = requests.post(
        f"{cluster['a']}/api/v1/auth/token/", data={"username": "cityops", "password": PASSWORD}, timeout=10
    ).json()["token"]
    headers = {"Authorization": f"Token {token}"}
    federation = requests.get(
        f"{cluster['a']}/api/v1/organizations/federations/?code=420100", headers=headers, timeout=10
    ).json()["results"][0]["id"]
    kind = requests.get(f"{cluster['a']}/api/v1/activities/kinds/", headers=headers, timeout=10).json()
    kind = (kind["results"] if isinstance(kind, dict) else kind)[0]["id"]
    created = requests.post(
        f"{cluster['a']}/api/v1/activities/activities/",
        headers=headers,
        json={
            "federation": federation,
            "title": "两个节点共享的照片",
            "kind": kind,
            "start": "2026-03-08T09:00:00+08:00",
            "end": "2026-03-08T11:00:00+08:00",
            "participants": 30,
            "women_participants": 30,
        },
        timeout=10,
    )
    assert created.status_code == 201, created.text[:500]
    activity = created.json()["id"]
    # when: a photo is uploaded through node A
    uploaded = requests.post(
        f"{cluster['a']}/api/v1/activities/activities/{activity}/photos/",
        headers=headers,
        files={"photos": ("三八节.jpg", _jpeg((200, 30, 60)), "image/jpeg")},
        timeout=30,
    )
    assert uploaded.status_code == 201, uploaded.text[:500]
    photo = uploaded.json()[0]
    # then: node B lists it and serves its image and derived sizes from the shared storage
    on_b = requests.get(f"{cluster['b']}/api/v1/activities/activities/{activity}/", headers=headers, timeout=10)
    assert [row["id"] for row in on_b.json()["photos"]] == [photo["id"]]
    stored = {path.name: path.read_bytes() for path in cluster["media"].rglob("*") if path.is_file()}
    for field in ("image", "display", "thumbnail"):
        path = urlsplit(photo[field]).path  # served by node B whichever node's address the API wrote
        served = requests.get(f"{cluster['b']}{path}", headers=headers, timeout=10)
        assert served.status_code == 200, (field, path)
        assert served.content == stored[path.rsplit("/", 1)[-1]]
        assert Image.open(io.BytesIO(served.content)).format in ("JPEG", "WEBP", "PNG")
