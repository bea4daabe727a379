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
import os
import random
import resource
import threading
import time
from collections import defaultdict
from pathlib import Path

import redis
import requests

from . import data
from .common import DATABASES, OUT, connect, database_name, gunicorn, memory_kb, percentile, say, table, workers_of
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


def shared_cache(url):
    """``url`` emptied and returned when that Redis answers; None (each worker's local memory) for 'none' or a
    Redis that does not answer."""
    if not url or url == "none":
        return None
    try:
        server = redis.Redis.from_url(url, socket_connect_timeout=1)
        server.flushdb()
    except redis.RedisError as exc:
        say(f"== load: no Redis at {url} ({exc}); each worker caches in its own memory")
        return None
    return url


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


TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy():
    """(busy, total) CPU seconds of the whole machine so far (/proc/stat)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields) - idle) / TICKS, sum(fields) / TICKS


def cpu_seconds(names):
    """CPU seconds (user + system) used so far by every process whose command name starts with one of
    ``names``, with the children it has reaped (PostgreSQL's backends live one connection long: the
    postmaster's reaped children hold most of the database's time)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        if any(name.startswith(prefix) for prefix in names):
            total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / TICKS


class Sampler(threading.Thread):
    """Once a second during the load: the lock waits seen in pg_stat_activity, and with a replica the
    standby's lag (bytes not yet replayed, and replay_lag) from pg_stat_replication. Before and after: CPU
    seconds of gunicorn, PostgreSQL and this process (the clients), and each server's committed transactions
    on the bench database (the replica's share of them)."""

    def __init__(self, url, replica_url=None):
        super().__init__(daemon=True)
        self.url, self.replica_url = url, replica_url
        self.stop = threading.Event()
        self.lock_waits, self.samples, self.lag_bytes, self.lag_ms = 0, 0, [], []

    def transactions(self, url):
        connection = connect(url)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = %s", [database_name(url)])
                return cursor.fetchone()[0]
        finally:
            connection.close()

    def counters(self):
        busy, total = machine_busy()
        return {
            "machine_busy": busy,
            "machine_total": total,
            "gunicorn": cpu_seconds(["gunicorn"]),
            "postgres": cpu_seconds(["postgres"]),
            "clients": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),  # this process: the 50 client threads
            "primary_xacts": self.transactions(self.url),
            "replica_xacts": self.transactions(self.replica_url) if self.replica_url else 0,
        }

    def run(self):
        connection = connect(self.url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            while not self.stop.wait(1):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                self.lock_waits += cursor.fetchone()[0]
                self.samples += 1
                if self.replica_url:
                    cursor.execute(
                        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), "
                        "extract(epoch FROM coalesce(replay_lag, interval '0')) * 1000 FROM pg_stat_replication"
                    )
                    row = cursor.fetchone()
                    if row:
                        self.lag_bytes.append(float(row[0] or 0))
                        self.lag_ms.append(float(row[1] or 0))
        connection.close()

    def report(self, before, after, elapsed):
        used = {name: round(after[name] - before[name], 1) for name in ("gunicorn", "postgres", "clients")}
        busy = after["machine_busy"] - before["machine_busy"]
        result = {
            "machine_busy_share": round(busy / max(after["machine_total"] - before["machine_total"], 1e-9), 2),
            "cpu_seconds": used,
            "cpu_share_of_machine": {
                name: round(value / (elapsed * (os.cpu_count() or 1)), 2) for name, value in used.items()
            },
            "lock_waits_per_sample": round(self.lock_waits / max(self.samples, 1), 2),
        }
        if self.replica_url:
            primary = after["primary_xacts"] - before["primary_xacts"]
            replica = after["replica_xacts"] - before["replica_xacts"]
            result["replica"] = {
                "lag_bytes_p50": percentile(self.lag_bytes, 0.5) if self.lag_bytes else None,
                "lag_bytes_max": max(self.lag_bytes, default=None),
                "replay_lag_ms_p50": percentile(self.lag_ms, 0.5) if self.lag_ms else None,
                "replay_lag_ms_max": max(self.lag_ms, default=None),
                "transactions_primary": primary,
                "transactions_replica": replica,
                "replica_share": round(replica / (primary + replica), 3) if primary + replica else None,
            }
        return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (the Procfile's default)")
    parser.add_argument(
        "--replica",
        default=os.environ.get("BENCH_REPLICA_URL"),
        help="a streaming standby of the bench database (e.g. made by PRIMARY_CLUSTER=main PRIMARY_PORT=5432 "
        ".ci/replica.sh up): gunicorn reads dashboards from it; its lag and share of reads are reported",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=15,
        help="seconds the clients run before the measured --seconds start (caches filled, connections open); "
        "not counted",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="the Redis database gunicorn uses as its cache and session store, as in production (make serve); "
        "emptied first. 'none': each worker's local memory",
    )
    options = parser.parse_args(argv)
    load = data.ensure("city")
    say(f"== load: {options.clients} clients (accounts and tokens of their own)")
    prepared, _path = prepare("city", load_users=options.clients)
    say(f"== load: gunicorn ({options.workers} workers), {options.clients} clients for {options.seconds} s")
    results, lock = [], threading.Lock()
    extra = {"DATABASE_REPLICA_URL": options.replica} if options.replica else {}
    cache = shared_cache(options.redis)
    if cache:
        extra["REDIS_URL"] = cache
    sampler = Sampler(DATABASES["city"], options.replica)
    with gunicorn(DATABASES["city"], workers=options.workers, extra_env=extra, log=OUT / "gunicorn-load.log") as (
        base,
        master,
    ):
        workers = workers_of(master.pid)
        deadline = time.monotonic() + options.warmup + options.seconds
        clients = [
            Client(index, base, user, deadline, results, lock, prepared["session_cookie"])
            for index, user in enumerate(prepared["load_users"])
        ]
        for client in clients:
            client.start()
        time.sleep(options.warmup)
        with lock:
            warmup_requests = len(results)
            del results[:]
        before = sampler.counters()
        sampler.start()
        started = time.monotonic()
        for client in clients:
            client.join(timeout=options.seconds + 180)
        elapsed = time.monotonic() - started
        sampler.stop.set()
        sampler.join()
        limits = sampler.report(before, sampler.counters(), elapsed)
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
        f"on PostgreSQL, city scale ({elapsed:.0f} s measured after {options.warmup} s of warm-up "
        f"({warmup_requests} requests, not counted); cache: {'Redis' if cache else 'local memory'}; "
        f"workers' peak memory {peak} MB)"
    )
    say()
    say(header)
    say(text)
    share = limits["cpu_share_of_machine"]
    say(
        f"what limits it: the machine's CPU {limits['machine_busy_share']:.0%} busy; of its {os.cpu_count()} cores "
        f"gunicorn {share['gunicorn']:.0%}, PostgreSQL "
        f"{share['postgres']:.0%}, the clients {share['clients']:.0%}; sessions waiting on a lock: "
        f"{limits['lock_waits_per_sample']} on average"
    )
    if "replica" in limits:
        replica = limits["replica"]
        say(
            f"replica: lag p50 {replica['lag_bytes_p50']} bytes / {replica['replay_lag_ms_p50']} ms, max "
            f"{replica['lag_bytes_max']} bytes / {replica['replay_lag_ms_max']} ms; share of the bench database's "
            f"transactions served by the standby: {replica['replica_share']}"
        )
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
        "warmup_requests": warmup_requests,
        "cache": "redis" if cache else "local memory",
        "rows": rows,
        "worker_hwm_mb": memory,
        "limits": limits,
        "table": header + "\n" + text,
    }
    for name in (f"load-{stamp}.json", "load-latest.json"):
        (OUT / name).write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    say(f"written: var/bench/load-{stamp}.json")
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
