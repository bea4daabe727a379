"""Accounts and headers: lockout after repeated failures, CSP without inline script, metrics protected."""

import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from core.middleware import RequestIdFilter, RequestIdMiddleware


@pytest.fixture(autouse=True)
def _fresh_axes(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def test_token_endpoint_locks_out_after_repeated_failures(tree, users, client):
    # given: five wrong passwords
    for _ in range(5):
        assert client.post("/api/v1/auth/token/", {"username": "wuchang", "password": "wrong"}).status_code in (
            400,
            429,
        )
    # when: even the right password
    response = client.post("/api/v1/auth/token/", {"username": "wuchang", "password": "Secret-pass-2017"})
    # then
    assert response.status_code in (403, 429)
    assert "token" not in response.content.decode()


def test_login_page_locks_out_with_a_chinese_page(tree, users, client):
    for _ in range(5):
        client.post("/login/", {"username": "shuiguohu", "password": "wrong"})
    response = client.post("/login/", {"username": "shuiguohu", "password": "Secret-pass-2017"})
    assert response.status_code in (403, 429)
    assert "登录失败次数过多" in response.content.decode()


def test_admin_login_locks_out(tree, users, client):
    for _ in range(5):
        client.post("/admin/login/", {"username": "wuchang", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "wuchang", "password": "Secret-pass-2017"})
    assert response.status_code in (403, 429)


def test_pages_send_security_headers(db, client):
    response = client.get("/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Request-ID"]


def test_api_docs_have_no_inline_script(tree, users, client):
    client.force_login(users.city)
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page.replace(" ", "")


def test_metrics_open_on_loopback_and_closed_elsewhere(db, client):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert b"django_http_requests" in client.get("/metrics", REMOTE_ADDR="127.0.0.1").content
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403


@override_settings(METRICS_TOKEN="s3cret")
def test_metrics_with_token_from_anywhere(db, client):
    response = client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer s3cret")
    assert response.status_code == 200
    assert b"wuhan_fulian_celery_tasks" in response.content


def test_celery_tasks_are_counted_in_metrics(db, client):
    from core.tasks import ping

    ping.delay("count me")
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'wuhan_fulian_celery_tasks_total{state="success",task="wuhan_fulian.ping"}' in body


def test_log_records_carry_request_id_and_user(users):
    # given: a view that logs a record through the filter the logging config uses
    seen = {}

    def view(request):
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "msg", None, None)
        RequestIdFilter().filter(record)
        seen.update(request_id=record.request_id, user=record.user)
        return HttpResponse()

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="abc-123")
    request.user = users.district
    # when
    response = RequestIdMiddleware(view)(request)
    # then
    assert response["X-Request-ID"] == "abc-123"
    assert seen == {"request_id": "abc-123", "user": "wuchang"}
