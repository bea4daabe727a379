"""Platform: health check, production settings, API docs served offline, no CDN links."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.test import override_settings

from wuhan_fulian.settings import BASE_DIR


def test_healthz_ok(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_healthz_503_when_redis_is_down(db, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("error")


def _manage(*args, env_extra=None, env_drop=()):
    # (DJANGO_ALLOW_ASYNC_UNSAFE is the test session's own, see tests/conftest.py; production never sets it)
    env = {k: v for k, v in os.environ.items() if k not in (*env_drop, "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "wuhan_fulian.settings_production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
            "ALLOWED_HOSTS": "fulian.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_settings_fail_fast_naming_the_missing_value(tmp_path, missing):
    env = {
        "DJANGO_SETTINGS_MODULE": "wuhan_fulian.settings_production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "ALLOWED_HOSTS": "fulian.example.org",
    }
    env.pop(missing)
    result = _manage("check", env_extra=env, env_drop=(missing,))
    assert result.returncode != 0
    assert missing in result.stderr


def test_schema_and_docs_are_served_without_cdn(tree, users, client):
    client.force_login(users.city)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/organizations/federations/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert not re.search(r'(src|href)="https?://', docs)


def test_home_and_login_pages_have_no_external_assets(tree, users, client):
    login = client.get("/login/").content.decode()
    assert not re.search(r'(src|href)="https?://', login)
    client.force_login(users.district)
    home = client.get("/")
    assert home.status_code == 200
    assert not re.search(r'(src|href)="https?://', home.content.decode())


def test_pages_speak_chinese_by_default(db, client):
    response = client.get("/login/")
    assert 'lang="zh-hans"' in response.content.decode()
    assert "登录" in response.content.decode()
