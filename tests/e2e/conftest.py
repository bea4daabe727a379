"""End-to-end fixtures: the demo site served by gunicorn on 127.0.0.1 and Debian's Chromium driven by Playwright.

The server runs the embedded default exactly as ``make run`` sets it up (``migrate`` + ``setup_demo`` on SQLite,
eager Celery, local-memory cache), on a copy of a demo database that is built once and cached under
``var/e2e/`` until a migration or a seed changes. Each test session works on its own copy, so the tests may
change data. Every page a test visits is saved under ``var/screenshots/``.
"""

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from tests.scale.nodes import free_port
from wuhan_fulian.settings import BASE_DIR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--lang=zh-CN",
]
DEMO_PASSWORD = "Fulian-demo-2017"
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 860}}
SCREENSHOTS = BASE_DIR / "var" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# What decides the demo database: a change to any of these rebuilds the cached copy.
DEMO_INPUTS = ["*/migrations/*.py", "demo/**/*.py", "core/bulk.py", "*/choices.py"]

# Last month's reminder to the demo chair's community, as the monthly job words it and posts it to the inboxes
# (her community did log activities last month in the demo data, so the job itself would leave her none).
REMINDER = """
from accounts.models import User
from activities.choices import ReminderKind
from activities.models import Reminder
from activities.notify import to_inbox
from activities.reminders import _month_text
from core.dates import previous_month
chair = User.objects.get(username="chair")
month = previous_month()
reminder, created = Reminder.objects.get_or_create(
    recipient_federation=chair.federation, kind=ReminderKind.NO_ROTATION_CHECK, month=month,
    subject_key="e2e:rotation",
    defaults={"text": f"{_month_text(month)}，{chair.federation.name}主席未填报“四个一”轮值考核。"},
)
if created:
    to_inbox([reminder])
"""


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    missing = not Path(CHROMIUM).exists()
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
            if missing and "browser" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is missing (apt-get install chromium)"))


def _server_env(database, var_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="wuhan_fulian.settings",
        DATABASE_URL=f"sqlite:///{database}",
        VAR_DIR=str(var_dir),
        MEDIA_ROOT=str(var_dir / "media"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    )


def _demo_key():
    digest = hashlib.sha256()
    for pattern in DEMO_INPUTS:
        for path in sorted(BASE_DIR.glob(pattern)):
            if ".venv" not in path.parts:
                digest.update(str(path.relative_to(BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _demo_copy(work, database):
    """Copy the cached demo database (migrated and seeded at demo scale) to ``database``, building it first when
    missing or stale. Locked: other test runs in this checkout may want it at the same time."""
    cache = BASE_DIR / "var" / "e2e"
    cache.mkdir(parents=True, exist_ok=True)
    template = cache / f"demo-{_demo_key()}.sqlite3"
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            for stale in cache.glob("demo-*.sqlite3"):
                stale.unlink()
            building = work / "building.sqlite3"
            env = _server_env(building, work / "build-var")
            _manage(env, "migrate", "--no-input", "-v0")
            _manage(env, "seed_wuhan", "--scale", "demo")
            partial = cache / f".building-{os.getpid()}"
            shutil.copyfile(building, partial)
            os.replace(partial, template)
        shutil.copyfile(template, database)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """gunicorn serving a fresh copy of the demo database; ``.url``, ``.accounts`` (printed by setup_demo)."""
    work = tmp_path_factory.mktemp("e2e")
    database = work / "db.sqlite3"
    _demo_copy(work, database)
    var_dir = work / "var"
    env = _server_env(database, var_dir)
    # What `make run` prints: the demo accounts, reset to the documented password.
    printed = _manage(env, "setup_demo").stdout
    accounts = dict(re.findall(r"^\s+(\w+)\s+" + DEMO_PASSWORD + r"\s+(\S+)", printed, re.M))
    _manage(env, "shell", "-c", REMINDER)
    port = free_port()
    log = open(work / "gunicorn.log", "w")  # noqa: SIM115 - open for the whole session
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "wuhan_fulian.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"gunicorn did not start: {(work / 'gunicorn.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield SimpleNamespace(url=url, accounts=accounts, printed=printed, log=work / "gunicorn.log", env=env)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(autouse=True)
def no_server_errors(request):
    """Fail a test during which the server logged an error (a 500, a traceback)."""
    if "demo_site" not in request.fixturenames:
        yield
        return
    site = request.getfixturevalue("demo_site")
    start = site.log.stat().st_size
    yield
    with open(site.log, encoding="utf-8", errors="replace") as handle:
        handle.seek(start)
        logged = handle.read()
    assert not any(mark in logged for mark in ("Traceback", " ERROR ", "[ERROR]", "[CRITICAL]")), logged[-3000:]


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        # On Linux Chromium takes its own language (date pickers, file inputs) from the environment.
        env = {**os.environ, "LANGUAGE": "zh_CN", "LANG": "C.UTF-8"}
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def _sessions():
    return {}


class Visit:
    """One person's browser tab: ``goto``, ``shot`` (a screenshot of the page as it is), ``axe``, ``api``."""

    def __init__(self, page, site, name):
        self.page, self.site, self.name = page, site, name
        self.count = 0
        self.errors = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message):
        # A page answered 4xx on purpose (a refused survey, a form error) logs "Failed to load resource": the
        # tests check those statuses themselves; failed scripts, styles and images are caught in _response.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"{message.text} {message.location.get('url', '')}")

    def _response(self, response):
        if response.status >= 400 and response.request.resource_type in ("script", "stylesheet", "image", "font"):
            if not response.url.endswith("/favicon.ico"):  # the admin's pages name no icon; the browser asks
                self.errors.append(f"{response.status} {response.url}")

    def goto(self, path, shot=True):
        response = self.page.goto(self.site.url + path)
        if shot:
            self.shot()
        return response

    def shot(self, label=""):
        self.count += 1
        slug = label or re.sub(r"[^a-z0-9]+", "-", self.page.url.split("://", 1)[-1].split("/", 1)[-1].lower())
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.name}-{self.count:02d}-{slug.strip('-') or 'home'}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def axe(self):
        """axe-core's serious and critical violations on the page as it is (WCAG 2.1 A/AA rules)."""
        # Served as if from the site itself, so the page's CSP (scripts from 'self' only) stays on.
        self.page.route("**/__e2e__/axe.min.js", lambda route: route.fulfill(path=str(AXE)))
        self.page.add_script_tag(url=self.site.url + "/__e2e__/axe.min.js")
        result = self.page.evaluate(
            """async () => {
                const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a",
                    "wcag21aa", "best-practice"]}, resultTypes: ["violations"]});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
            }"""
        )
        return [v for v in result if v["impact"] in ("serious", "critical")], result

    def api(self, path):
        response = self.page.request.get(self.site.url + path, headers={"Accept": "application/json"})
        assert response.ok, (path, response.status, response.text()[:500])
        return response.json()

    @property
    def main_text(self):
        return self.page.inner_text("main")


@pytest.fixture
def visit(request, browser, demo_site, _sessions):
    """``visit(username=None, phone=False, **context_options)``: a fresh browser context (zh-CN, Asia/Shanghai),
    signed in as the demo account ``username`` (through the login form, once per session) or anonymous;
    ``context_options`` go to Playwright's ``new_context`` (e.g. ``geolocation=``, ``permissions=``)."""
    contexts = []
    visits = []

    def open_visit(username=None, phone=False, **context_options):
        options = dict(PHONE if phone else DESKTOP)
        options.update(locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True)
        if username and username not in _sessions:
            context = browser.new_context(**options)
            page = context.new_page()
            page.goto(f"{demo_site.url}/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button.primary[type=submit]")  # the login button, not the header's language switch
            page.wait_for_url(f"{demo_site.url}/")
            _sessions[username] = context.storage_state()
            context.close()
        if username:
            options["storage_state"] = _sessions[username]
        context = browser.new_context(**options, **context_options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        name = f"{request.node.name.removeprefix('test_')}-{username or 'anonymous'}{'-phone' if phone else ''}"
        opened = Visit(context.new_page(), demo_site, name[:80])
        visits.append(opened)
        return opened

    yield open_visit
    for context in contexts:
        context.close()
    for opened in visits:
        assert opened.errors == [], opened.errors
