"""``python -m bench.load [--clients 50] [--seconds 60] [--workers 3]`` (``make load``): a bounded load test on
127.0.0.1 only.

Loads the city data set unless it is already there (as ``make bench`` does), gives each client an account and an API
token and a session of its own, starts gunicorn on the bench database
with ``--workers`` sync workers (the Procfile's default, 3), then runs ``--clients`` concurrent clients for
``--seconds``. A tenth of them are city office staff, a fifth community chairs, the rest district and street staff.
Office staff, without pause, read a dashboard or the indicators of their own federation or a child of it (25 %), the
first page of 50 of a list endpoint (40 %), one of the pages they open every day in the browser with their session
(20 %: home, the dashboard page, the activity list or its admin changelist), or create an activity with a
co-organiser in their subtree (15 %); chairs open their phone pages (70 %: home, her activities, the new-activity form,
her month) and log activities (30 %). Prints throughput, latency percentiles and errors by kind (a page that does
not answer 200, a login redirect included, is an error), and writes them to ``var/bench/load-<time>.json``. API
tokens are not throttled (no DRF user throttle is configured) and django-axes only watches logins, which the clients
never do: no rate needs raising.
"""

import argparse
import datetime
import json
import random
import threading
import time
from collections import defaultdict

import requests

from . import data
from .common import DATABASES, OUT, gunicorn, memory_kb, percentile, say, table, workers_of
from .run import prepare

LISTS = [
    "/api/v1/activities/activities/",
    "/api/v1/organizations/federations/",
    "/api/v1/organizations/member-units/",
    "/api/v1/cadres/posts/",
    "/api/v1/cadres/party-organizations/",
    "/api/v1/venues/venues/",
    "/api/v1/venues/consultations/",
    "/api/v1/activities/teams/",
    "/api/v1/evaluations/surveys/",
]
MIX = [("dashboard", 0.25), ("list", 0.40), ("page", 0.20), ("create", 0.15)]
CHAIR_MIX = [("page", 0.70), ("create", 0.30)]
PAGES = {
    "city_office": ["/", "/evaluations/dashboard/", "/activities/"],
    "district_staff": ["/", "/evaluations/dashboard/", "/admin/activities/activity/"],
    "street_staff": ["/", "/evaluations/dashboard/", "/admin/activities/activity/"],
    "community_chair": ["/", "/activities/", "/activities/new/", "/activities/month/"],
}


class Client(threading.Thread):
    def __init__(self, index, base, user, deadline, results, lock, session_cookie):
        super().__init__(daemon=True)
        self.rng = random.Random(index)
        self.base, self.user, self.deadline = base, user, deadline
        self.results, self.lock = results, lock
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Token {user['token']}"
        # Pages are opened as in the browser: with her session cookie, no token.
        self.browser = requests.Session()
        self.browser.cookies.set(session_cookie, user["session"])
        self.mix = CHAIR_MIX if user["role"] == "community_chair" else MIX

    def pick(self):
        draw, total = self.rng.random(), 0.0
        for kind, share in self.mix:
            total += share
            if draw < total:
                return kind
        return self.mix[-1][0]

    def request(self, kind):
        if kind == "dashboard":
            endpoint = self.rng.choice(["dashboard", "indicators"])
            federation = self.user["root"] if self.rng.random() < 0.5 or not self.user["child"] else self.user["child"]
            label = f"{endpoint} (read)"
            call = lambda: self.session.get(  # noqa: E731
                f"{self.base}/api/v1/evaluations/{endpoint}/", params={"federation": federation}, timeout=120
            )
        elif kind == "list":
            path = self.rng.choice(LISTS)
            label = "list page (read)"
            call = lambda: self.session.get(f"{self.base}{path}", params={"page_size": 50}, timeout=120)  # noqa: E731
        elif kind == "page":
            path = self.rng.choice(PAGES[self.user["role"]])
            label = "chair's page" if self.user["role"] == "community_chair" else "office page"
            call = lambda: self.browser.get(f"{self.base}{path}", timeout=120, allow_redirects=False)  # noqa: E731
        else:
            label = "activity create (write)"
            call = lambda: self.session.post(  # noqa: E731
                f"{self.base}/api/v1/activities/activities/", json=self.user["create"], timeout=120
            )
        started = time.perf_counter()
        try:
            response = call()
            ok = response.status_code == 200 if kind == "page" else response.status_code < 400
            status = response.status_code
        except requests.RequestException as exc:
            ok, status = False, type(exc).__name__
        return label, time.perf_counter() - started, ok, status

    def run(self):
        while time.monotonic() < self.deadline:
            label, seconds, ok, status = self.request(self.pick())
            with self.lock:
                self.results.append((label, seconds, ok, status, time.monotonic()))


def summarise(results, seconds):
    by_kind = defaultdict(list)
    for label, elapsed, ok, status, _at in results:
        by_kind[label].append((elapsed, ok, status))
        by_kind["all"].append((elapsed, ok, status))
    rows = {}
    for label, items in by_kind.items():
        times = [elapsed * 1000 for elapsed, _ok, _status in items]
        errors = [status for _elapsed, ok, status in items if not ok]
        rows[label] = {
            "requests": len(items),
            "per_second": round(len(items) / seconds, 1),
            "p50": round(percentile(times, 0.5), 1),
            "p95": round(percentile(times, 0.95), 1),
            "max": round(max(times), 1),
            "errors": len(errors),
            "error_statuses": sorted({str(status) for status in errors}),
        }
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (the Procfile's default)")
    options = parser.parse_args(argv)
    load = data.ensure("city")
    say(f"== load: {options.clients} clients (accounts and tokens of their own)")
    prepared, _path = prepare("city", load_users=options.clients)
    say(f"== load: gunicorn ({options.workers} workers), {options.clients} clients for {options.seconds} s")
    results, lock = [], threading.Lock()
    with gunicorn(DATABASES["city"], workers=options.workers, log=OUT / "gunicorn-load.log") as (base, master):
        workers = workers_of(master.pid)
        deadline = time.monotonic() + options.seconds
        started = time.monotonic()
        clients = [
            Client(index, base, user, deadline, results, lock, prepared["session_cookie"])
            for index, user in enumerate(prepared["load_users"])
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=options.seconds + 180)
        elapsed = time.monotonic() - started
        memory = {pid: round((memory_kb(pid) or 0) / 1024, 1) for pid in workers}
    rows = summarise(results, elapsed)
    order = [
        "dashboard (read)",
        "indicators (read)",
        "list page (read)",
        "office page",
        "chair's page",
        "activity create (write)",
        "all",
    ]
    text = table(
        ["requests", "count", "per s", "p50 ms", "p95 ms", "max ms", "errors"],
        [
            [
                label,
                rows[label]["requests"],
                rows[label]["per_second"],
                rows[label]["p50"],
                rows[label]["p95"],
                rows[label]["max"],
                rows[label]["errors"],
            ]
            for label in order
            if label in rows
        ],
    )
    peak = max(memory.values(), default=0)
    header = (
        f"## Load: {options.clients} clients × {options.seconds} s against gunicorn ({options.workers} sync workers) "
        f"on PostgreSQL, city scale ({elapsed:.0f} s measured, workers' peak memory {peak} MB)"
    )
    say()
    say(header)
    say(text)
    errors = rows.get("all", {}).get("errors", 0)
    say(f"errors: {errors}" + (f" ({', '.join(rows['all']['error_statuses'])})" if errors else " (target: zero)"))
    stamp = datetime.datetime.now(datetime.UTC).astimezone().strftime("%Y%m%d-%H%M%S")
    OUT.mkdir(parents=True, exist_ok=True)
    result = {
        "when": stamp,
        "options": vars(options),
        "mix": MIX,
        "chair_mix": CHAIR_MIX,
        "pages": PAGES,
        "lists": LISTS,
        "load": {k: v for k, v in load.items() if k != "counts"},
        "seconds": round(elapsed, 1),
        "rows": rows,
        "worker_hwm_mb": memory,
        "table": header + "\n" + text,
    }
    for name in (f"load-{stamp}.json", "load-latest.json"):
        (OUT / name).write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    say(f"written: var/bench/load-{stamp}.json")
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
