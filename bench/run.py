"""``python -m bench.run [--big] [--repeat N] [--reload]`` (``make bench``, ``make bench BIG=1``).

1. Loads ``city`` into its bench database unless it is already loaded from the same seed (``--big``: the
   ``province`` one too).
2. Counts the SQL queries of every API list endpoint, every admin changelist, the dashboard and indicator
   endpoints and the tree browser, in-process, at each loaded scale.
3. Starts gunicorn with one worker on 127.0.0.1 and times, over HTTP: the dashboard and indicator endpoints
   for the city, a district and a street beside the plain SQL floor (``bench/sql/``) computing the same
   numbers from the raw rows (and checks they agree); every list endpoint (a page of 50); activity
   creation; the tree browser (at the province scale with ``--big``); the worker's peak memory.
4. Prints the tables and writes them with all figures to ``var/bench/bench-<time>.json`` (and ``latest``).
"""

import argparse
import datetime
import json
import time

import requests

from . import data, floor
from .common import (
    DATABASES,
    OUT,
    connect,
    django_child,
    gunicorn,
    memory_kb,
    say,
    summary,
    tree_urls,
    workers_of,
)
from .report import TARGETS, report


def timed(call, repeat, warm=2):
    """Run ``call`` ``warm`` times unmeasured, then ``repeat`` times; (summary, last response)."""
    response = None
    for _ in range(warm):
        response = call()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = call()
        seconds.append(time.perf_counter() - started)
    return summary(seconds), response


def prepare(scale, load_users=0):
    OUT.mkdir(parents=True, exist_ok=True)
    prepared = django_child(
        "bench.prepare", DATABASES[scale], "--load-users", str(load_users), log=f"prepare-{scale}.log"
    )
    path = OUT / f"prepared-{scale}.json"
    path.write_text(json.dumps(prepared, ensure_ascii=False), encoding="utf-8")
    return prepared, path


def sessions(base, prepared):
    api = requests.Session()
    api.headers["Authorization"] = f"Token {prepared['token']}"
    pages = requests.Session()
    pages.cookies.set(prepared["session_cookie"], prepared["session"])
    whole = requests.Session()
    whole.cookies.set(prepared["session_cookie"], prepared["super_session"])
    return api, pages, whole


def measure_summaries(base, api, prepared, repeat):
    """Dashboard and indicators for the city, a district and a street, each beside its SQL floor."""
    rows = []
    connection = connect(DATABASES["city"])
    connection.autocommit = True
    try:
        for endpoint in ("dashboard", "indicators"):
            for name in ("city", "district", "street"):
                federation = prepared["federations"][name]
                url = f"{base}/api/v1/evaluations/{endpoint}/?federation={federation['id']}"
                timing, response = timed(lambda url=url: api.get(url, timeout=300), repeat)
                response.raise_for_status()
                floor_seconds = []
                results = None
                for index in range(repeat + 2):
                    seconds, results = floor.run(connection, endpoint, prepared["period"], federation)
                    if index >= 2:
                        floor_seconds.append(seconds)
                floor_timing = summary(floor_seconds)
                disagree = floor.differences(endpoint, response.json(), results, prepared["period"])
                rows.append(
                    {
                        "endpoint": endpoint,
                        "federation": name,
                        "name": federation["name"],
                        **{f"api_{k}": v for k, v in timing.items()},
                        **{f"floor_{k}": v for k, v in floor_timing.items()},
                        "ratio_p50": round(timing["p50"] / floor_timing["p50"], 2),
                        "ratio_p95": round(timing["p95"] / floor_timing["p95"], 2),
                        "same_numbers": not disagree,
                        "differences": disagree[:20],
                    }
                )
    finally:
        connection.close()
    return rows


def measure_lists(base, api, prepared, repeat):
    rows = {}
    for path in prepared["lists"]:
        url = f"{base}{path}?page_size=50"
        timing, response = timed(lambda url=url: api.get(url, timeout=300), repeat)
        rows[path] = {**timing, "status": response.status_code, "count": _count(response)}
    return rows


def _count(response):
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("count") if isinstance(body, dict) else len(body)


def measure_create(base, api, prepared, repeat):
    url = f"{base}/api/v1/activities/activities/"
    statuses = []

    def create():
        response = api.post(url, json=prepared["create"], timeout=300)
        statuses.append(response.status_code)
        return response

    timing, response = timed(create, repeat)
    return {**timing, "statuses": sorted(set(statuses)), "error": None if response.ok else response.text[:300]}


def measure_tree(base, pages, whole, prepared, repeat):
    rows = {}
    for label, path in tree_urls(prepared["federations"]).items():
        for suffix, client in (("", pages), (" (all cities)", whole)):
            timing, response = timed(lambda path=path, client=client: client.get(f"{base}{path}", timeout=300), repeat)
            rows[label + suffix] = {**timing, "status": response.status_code}
    return rows


def measure_pages(base, prepared, repeat):
    """Every page of every role over HTTP with her session (the anonymous public pages with none): p50/p95
    over ``repeat`` calls and bytes. A page that refuses her (403/404: a role without it) is recorded with its
    status and not timed further."""
    rows = {}
    for role, item in prepared["roles"].items():
        client = requests.Session()
        if item["session"] is not None:
            client.cookies.set(prepared["session_cookie"], item["session"])
        rows[role] = {}
        for label, url, kind in item["pages"]:
            first = client.get(f"{base}{url}", timeout=300, allow_redirects=False)
            if first.status_code != 200:
                rows[role][label] = {"status": first.status_code, "url": url, "kind": kind}
                continue
            timing, response = timed(
                lambda url=url, client=client: client.get(f"{base}{url}", timeout=300, allow_redirects=False),
                repeat,
                warm=1,
            )
            rows[role][label] = {
                **timing,
                "status": response.status_code,
                "bytes": len(response.content),
                "url": url,
                "kind": kind,
            }
    return rows


def run_http(scale, prepared, repeat, parts, page_repeat=5):
    """Start gunicorn (one worker) on ``scale``'s database and measure ``parts``; returns the results."""
    log = OUT / f"gunicorn-{scale}.log"
    results = {}
    # The public directory's limit per address would refuse the bench's own repeated calls (they all come from
    # 127.0.0.1): raised, the limiter still runs on every call but never refuses.
    with gunicorn(DATABASES[scale], workers=1, log=log, extra_env={"DIRECTORY_RATE": "100000/minute"}) as (
        base,
        master,
    ):
        worker = workers_of(master.pid)[0]
        api, pages, whole = sessions(base, prepared)
        if "summaries" in parts:
            say("   timing the dashboard and indicator endpoints beside their SQL floor")
            results["summaries"] = measure_summaries(base, api, prepared, repeat)
        if "lists" in parts:
            say(f"   timing {len(prepared['lists'])} list endpoints")
            results["lists"] = measure_lists(base, api, prepared, repeat)
        if "create" in parts:
            say("   timing activity creation")
            results["create"] = measure_create(base, api, prepared, max(repeat, 30))
        if "pages" in parts:
            page_count = sum(len(item["pages"]) for item in prepared["roles"].values())
            say(f"   timing {page_count} pages of {len(prepared['roles'])} roles")
            results["pages"] = measure_pages(base, prepared, page_repeat)
        if "tree" in parts:
            say("   timing the tree browser")
            results["tree"] = measure_tree(base, pages, whole, prepared, repeat)
        results["memory"] = {
            "worker_hwm_mb": round((memory_kb(worker) or 0) / 1024, 1),
            "worker_rss_mb": round((memory_kb(worker, "VmRSS") or 0) / 1024, 1),
            "master_hwm_mb": round((memory_kb(master.pid) or 0) / 1024, 1),
        }
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--big", action="store_true", help="also the province scale (ten cities)")
    parser.add_argument("--repeat", type=int, default=20, help="measured calls per request (default 20)")
    parser.add_argument("--reload", action="store_true", help="load the data again even when already loaded")
    parser.add_argument("--seed", type=int, default=data.SEED)
    parser.add_argument("--page-repeat", type=int, default=5, help="measured calls per page (default 5)")
    parser.add_argument(
        "--only", choices=["pages", "summaries", "lists"], help="measure only this part (the other tables are left out)"
    )
    options = parser.parse_args(argv)
    started = time.monotonic()
    scales = ["city", "province"] if options.big else ["city"]
    loads = {scale: data.ensure(scale, options.seed, force=options.reload) for scale in scales}
    prepared, queries, http = {}, {}, {}
    for scale in scales:
        say(f"== {scale}: users, endpoints and query counts")
        prepared[scale], path = prepare(scale)
        queries[scale] = django_child("bench.queries", DATABASES[scale], str(path), log=f"queries-{scale}.log")
    say("== city: gunicorn, one worker")
    parts = ["summaries", "lists", "create", "pages"] + ([] if options.big else ["tree"])
    if options.only:
        parts = [options.only]
    http["city"] = run_http("city", prepared["city"], options.repeat, parts, options.page_repeat)
    if options.big and options.only != "summaries":
        say("== province: gunicorn, one worker")
        big_parts = [options.only] if options.only else ["tree", "lists", "pages"]
        http["province"] = run_http("province", prepared["province"], options.repeat, big_parts, options.page_repeat)
    text = report(loads, queries, http, options.big, options.repeat, options.page_repeat, only=options.only)
    say()
    say(text)
    stamp = datetime.datetime.now(datetime.UTC).astimezone().strftime("%Y%m%d-%H%M%S")
    result = {
        "when": stamp,
        "seconds": round(time.monotonic() - started),
        "targets": TARGETS,
        "loads": loads,
        "prepared": {
            scale: {
                **{k: v for k, v in item.items() if k not in ("token", "session", "super_session", "load_users")},
                "roles": {
                    role: {k: v for k, v in found.items() if k != "session"} for role, found in item["roles"].items()
                },
            }
            for scale, item in prepared.items()
        },
        "queries": queries,
        "http": http,
        "table": text,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for name in (f"bench-{stamp}.json", "bench-latest.json"):
        (OUT / name).write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    say(f"\nwritten: var/bench/bench-{stamp}.json (the run took {result['seconds']} s)")


if __name__ == "__main__":
    main()
