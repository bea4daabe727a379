"""Issue 14 items 9 and 13: request bodies, field counts, JSON nesting and slow statements are answered as
JSON 400/503 on the API (never a 500 or an HTML page), and every PostgreSQL connection has a statement
timeout and JIT off, set by the app."""

import json

import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import reverse


def assert_json_error(response, status, words):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert words in json.dumps(response.json(), ensure_ascii=False)


def test_over_a_thousand_query_parameters_is_a_json_400(users, api_client):
    client = api_client(users.city)
    query = "&".join(f"p{i}=1" for i in range(1100))
    response = client.get(f"/api/v1/cadres/people/?{query}")
    assert_json_error(response, 400, "参数过多")


def test_over_a_thousand_form_fields_is_a_json_400(users, api_client):
    client = api_client(users.city)
    body = "&".join(f"p{i}=1" for i in range(1100))
    response = client.post(
        "/api/v1/organizations/member-units/", body, content_type="application/x-www-form-urlencoded"
    )
    assert_json_error(response, 400, "参数过多")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_body_too_big_is_a_json_400(users, api_client):
    client = api_client(users.city)
    response = client.post(
        "/api/v1/organizations/member-units/", "name=" + "x" * 2000, content_type="application/x-www-form-urlencoded"
    )
    assert_json_error(response, 400, "请求数据过大")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_json_body_too_big_is_a_json_400(users, api_client, tree):
    client = api_client(users.district)
    payload = json.dumps({"name": "x" * 2000, "federation": tree.s1c1.pk})
    response = client.post("/api/v1/organizations/member-units/", payload, content_type="application/json")
    assert_json_error(response, 400, "请求数据过大")


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_json_is_a_json_400(users, api_client, depth):
    client = api_client(users.district)
    response = client.post(
        "/api/v1/organizations/member-units/", "[" * depth + "]" * depth, content_type="application/json"
    )
    assert_json_error(response, 400, "请求数据嵌套过深")


def test_ordinary_nested_json_is_still_accepted(users, api_client, tree):
    client = api_client(users.district)
    payload = {"name": "武昌区测试单位", "federation": tree.s1c1.pk, "unit_type": "ENTERPRISE"}
    response = client.post("/api/v1/organizations/member-units/", payload, format="json")
    assert response.status_code in (201, 400), response.content
    assert "嵌套" not in response.content.decode()


def test_malformed_json_is_still_a_json_400(users, api_client):
    client = api_client(users.district)
    response = client.post("/api/v1/organizations/member-units/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_a_cancelled_statement_is_a_chinese_503_on_the_api(users, api_client, monkeypatch):
    """PostgreSQL cancels a statement past ``statement_timeout`` (SQLSTATE 57014): the API says so in
    Chinese, no trace. Simulated here so it runs on both engines."""
    from cadres.api.views import PersonViewSet

    def slow(self, *args, **kwargs):
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(PersonViewSet, "list", slow)
    response = api_client(users.city).get("/api/v1/cadres/people/")
    assert_json_error(response, 503, "查询超时")


def test_a_cancelled_statement_is_a_styled_page(users, client, monkeypatch):
    from cadres.admin import PersonAdmin

    def slow(self, *args, **kwargs):
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(PersonAdmin, "get_queryset", slow)
    client.force_login(users.city)
    response = client.get(reverse("admin:cadres_person_changelist"))
    assert response.status_code == 503
    assert "查询超时" in response.content.decode()
    assert "<html" in response.content.decode().lower()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_request_connections_have_a_statement_timeout_and_no_jit(users, api_client, settings):
    # given: a request has run on this connection
    response = api_client(users.city).get("/api/v1/cadres/people/")
    assert response.status_code == 200
    # when
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'")  # in ms
        timeout = int(cursor.fetchone()[0])
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    # then
    assert timeout == settings.DB_STATEMENT_TIMEOUT_MS > 0
    assert jit == "off"


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_a_real_statement_timeout_is_a_503(users, api_client, monkeypatch):
    from cadres.api.views import PersonViewSet

    def slow(self, *args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(2)")

    monkeypatch.setattr(PersonViewSet, "list", slow)
    response = api_client(users.city).get("/api/v1/cadres/people/")
    assert_json_error(response, 503, "查询超时")


def test_long_running_commands_run_without_the_web_limit():
    from core.db import statement_timeout_ms

    assert statement_timeout_ms(["manage.py", "seed_wuhan", "--scale", "city"], web=5000, job=0) == 0
    assert statement_timeout_ms(["manage.py", "migrate"], web=5000, job=0) == 0
    assert statement_timeout_ms(["/x/.venv/bin/celery", "-A", "wuhan_fulian", "worker"], web=5000, job=0) == 0
    assert statement_timeout_ms(["manage.py", "runserver"], web=5000, job=0) == 5000
    assert statement_timeout_ms(["/x/.venv/bin/gunicorn", "wuhan_fulian.wsgi"], web=5000, job=0) == 5000
    assert statement_timeout_ms(["/x/.venv/bin/pytest"], web=5000, job=0) == 5000
