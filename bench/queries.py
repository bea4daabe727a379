"""``python -m bench.queries PREPARED.json`` (a child process on one bench database): the SQL query count of
one request to each URL, taken in-process with Django's test client on the second request (the first
warms per-process caches). Prints one line of JSON."""

import json
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402

from .common import tree_urls  # noqa: E402


def measure(client, method, url, **extra):
    call = getattr(client, method)
    call(url, **extra)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = call(url, **extra)
        elapsed = time.perf_counter() - started
    return {
        "queries": len(queries),
        "status": response.status_code,
        "ms": round(elapsed * 1000, 1),
        "bytes": len(response.content) if not response.streaming else None,
    }


def measure_pages(roles):
    """Every page of every role (wuhan_fulian.pages, listed by bench.prepare): queries, status, bytes."""
    found = {}
    for role, item in roles.items():
        client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
        if item["username"] is not None:  # the public directory's pages are opened without a session
            client.force_login(User.objects.get(username=item["username"]))
        found[role] = {label: {**measure(client, "get", url), "url": url} for label, url, _kind in item["pages"]}
    return found


def main():
    prepared = json.loads(open(sys.argv[1], encoding="utf-8").read())
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {prepared['token']}", raise_request_exception=False)
    pages = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    pages.force_login(User.objects.get(username="bench-city"))
    federations = prepared["federations"]
    result = {"lists": {}, "admin": {}, "summaries": {}, "tree": {}}
    for url in prepared["lists"]:
        result["lists"][url] = measure(api, "get", url + "?page_size=50")
    for url in prepared["admin"]:
        result["admin"][url] = measure(pages, "get", url)
    for name in ("city", "district", "street"):
        pk = federations[name]["id"]
        result["summaries"][f"dashboard {name}"] = measure(
            api, "get", f"/api/v1/evaluations/dashboard/?federation={pk}"
        )
        result["summaries"][f"indicators {name}"] = measure(
            api, "get", f"/api/v1/evaluations/indicators/?federation={pk}"
        )
        # cadre training (issue 18): the trained share and its page, the training gaps
        result["summaries"][f"training share {name}"] = measure(
            api, "get", f"/api/v1/cadres/training-attendances/summary/?federation={pk}"
        )
        result["summaries"][f"training page {name}"] = measure(pages, "get", f"/cadres/training/?federation={pk}")
        result["summaries"][f"training gaps {name}"] = measure(
            api, "get", f"/api/v1/evaluations/gaps/?pillar=training&federation={pk}"
        )
    whole = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    whole.force_login(User.objects.get(username="bench-super"))
    for label, url in tree_urls(federations).items():
        result["tree"][label] = measure(pages, "get", url)
        result["tree"][label + " (all cities)"] = measure(whole, "get", url)
    result["pages"] = measure_pages(prepared["roles"])
    result["create"] = measure(
        api, "post", "/api/v1/activities/activities/", data=prepared["create"], content_type="application/json"
    )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
