"""The bench's tables (plain text that is also Markdown) and the targets of issue 8, item 3."""

from .common import ANONYMOUS, table

TARGETS = {
    "ratio": 0.25,  # endpoint p95 ÷ floor p95, dashboard and indicators, city scale (issue 16; was 1.5 × p50)
    "summary_p95_ms": 100,  # dashboard and indicators p95 (issue 16)
    "queries": 20,  # per read request, and equal at the city and province scales
    "list_p95_ms": 100,
    "create_p95_ms": 50,
    "tree_ms": 50,  # p95, province scale
    "memory_mb": 300,
    "page_p95_ms": 150,  # every page, every role (issue 16)
    "page_kb": 200,
    "public_p95_ms": 100,  # the public directory's pages, no session (issue 20)
}

ROLE_NAMES = {
    "city_office": "city office",
    "district_staff": "district staff",
    "street_staff": "street staff",
    "community_chair": "community chair",
    "viewer": "viewer",
    ANONYMOUS: "anonymous",
}


def mark(ok):
    return "ok" if ok else "MISS"


def loads_table(loads):
    rows = []
    for scale, load in loads.items():
        apps = ", ".join(f"{app} {seconds:.0f}" for app, seconds in load["seconds_by_app"].items())
        rows.append(
            [
                scale,
                f"{load['rows']:,}",
                f"{load['seed_seconds']:.0f}",
                f"{load['rows_per_second']:,}",
                f"{load['migrate_seconds']:.0f}",
                f"{load['database_mb']:,}",
                f"reused (loaded {load['loaded_at']})" if load["reused"] else "loaded by this run",
                apps,
            ]
        )
    head = ["scale", "rows", "seed s", "rows/s", "migrate s", "DB MB", "data", "seconds by app"]
    counted = [
        "federations",
        "cadres people",
        "cadres posts",
        "member units",
        "activities",
        "activity co-organisers",
        "activity reach rows",
        "survey responses",
        "survey answers",
        "monthly stats",
    ]
    counts = table(
        ["rows of", *loads],
        [[name, *[f"{load['counts'].get(name, 0):,}" for load in loads.values()]] for name in counted],
    )
    return table(head, rows) + "\n\n" + counts


def summaries_table(http, queries):
    rows = []
    for row in http["city"]["summaries"]:
        count = queries["city"]["summaries"][f"{row['endpoint']} {row['federation']}"]["queries"]
        rows.append(
            [
                f"{row['endpoint']} · {row['name']}",
                count,
                row["api_p50"],
                row["api_p95"],
                row["floor_p50"],
                row["floor_p95"],
                f"{row['ratio_p50']:.2f}",
                f"{row['ratio_p95']:.2f}",
                "yes" if row["same_numbers"] else f"NO ({len(row['differences'])})",
                mark(summary_ok(row)),
                mark(count <= TARGETS["queries"]),
            ]
        )
    head = ["endpoint · federation", "queries", "p50", "p95", "floor p50", "floor p95", "ratio p50", "ratio p95"]
    return table([*head, "same numbers", "≤ 0.25× and p95 ≤ 100 ms", "≤ 20 q"], rows)


def summary_ok(row):
    """Issue 16: p95 at most a quarter of the floor's and at most 100 ms."""
    return row["ratio_p95"] <= TARGETS["ratio"] and row["api_p95"] <= TARGETS["summary_p95_ms"]


def lists_table(http, queries):
    province = queries.get("province")
    rows = []
    for path, timing in http["city"]["lists"].items():
        city_q = queries["city"]["lists"][path]["queries"]
        prov_q = province["lists"][path]["queries"] if province else None
        prov_http = http.get("province", {}).get("lists", {}).get(path)
        same = prov_q is None or prov_q == city_q
        rows.append(
            [
                path.removeprefix("/api/v1/"),
                f"{timing['count']:,}" if timing["count"] is not None else None,
                city_q,
                prov_q,
                timing["p50"],
                timing["p95"],
                prov_http["p95"] if prov_http else None,
                timing["status"],
                mark(city_q <= TARGETS["queries"] and same),
                mark(timing["p95"] < TARGETS["list_p95_ms"]),
            ]
        )
    head = ["endpoint", "rows", "queries city", "queries province", "p50", "p95", "p95 province", "status"]
    return table([*head, "queries", "p95 < 100"], rows)


def create_table(http, queries):
    create = http["city"]["create"]
    province = queries.get("province")
    row = [
        "activities/activities/ POST",
        queries["city"]["create"]["queries"],
        province["create"]["queries"] if province else None,
        create["p50"],
        create["p95"],
        ",".join(map(str, create["statuses"])),
        mark(create["p95"] < TARGETS["create_p95_ms"]),
    ]
    return table(["endpoint", "queries city", "queries province", "p50", "p95", "status", "p95 < 50"], [row])


def admin_table(queries):
    province = queries.get("province")
    rows = []
    for path, item in queries["city"]["admin"].items():
        other = province["admin"][path] if province else None
        same = other is None or other["queries"] == item["queries"]
        rows.append(
            [
                path.removeprefix("/admin/"),
                item["queries"],
                other["queries"] if other else None,
                item["ms"],
                other["ms"] if other else None,
                item["status"],
                mark(item["queries"] <= TARGETS["queries"] and same),
            ]
        )
    return table(
        ["changelist", "queries city", "queries province", "ms city", "ms province", "status", "queries"], rows
    )


def tree_table(http, queries, scale):
    province = queries.get("province")
    rows = []
    for label, timing in http[scale]["tree"].items():
        city_q = queries["city"]["tree"][label]["queries"]
        prov_q = province["tree"][label]["queries"] if province else None
        same = prov_q is None or prov_q == city_q
        rows.append(
            [
                label,
                city_q,
                prov_q,
                timing["p50"],
                timing["p95"],
                timing["status"],
                mark(timing["p95"] < TARGETS["tree_ms"] and same),
            ]
        )
    return table(["request", "queries city", "queries province", "p50", "p95", "status", "p95 < 50"], rows)


def memory_table(http):
    rows = []
    for scale, result in http.items():
        memory = result["memory"]
        rows.append(
            [
                scale,
                memory["worker_hwm_mb"],
                memory["worker_rss_mb"],
                memory["master_hwm_mb"],
                mark(memory["worker_hwm_mb"] < TARGETS["memory_mb"]),
            ]
        )
    return table(["scale", "worker peak MB", "worker RSS MB", "master peak MB", "< 300 MB"], rows)


def targets_table(loads, queries, http, big):
    """Each target of issue 8 with the worst figure measured against it."""
    rows = []
    summaries = http["city"]["summaries"]
    worst = max((row["ratio_p95"], f"{row['endpoint']} · {row['name']}") for row in summaries)
    slowest = max((row["api_p95"], f"{row['endpoint']} · {row['name']}") for row in summaries)
    rows.append(
        [
            "dashboard/indicators ≤ 0.25× the floor and ≤ 100 ms (p95)",
            f"{worst[0]:.2f}× ({worst[1]}); slowest {slowest[0]} ms ({slowest[1]})",
            mark(all(summary_ok(row) for row in summaries)),
        ]
    )
    reads = []
    for scale, found in queries.items():
        for section in ("lists", "admin", "summaries", "tree"):
            reads += [(item["queries"], f"{scale} {key}") for key, item in found[section].items()]
    top = max(reads)
    over = sorted({name.split(" ", 1)[1] for count, name in reads if count > TARGETS["queries"]})
    rows.append(
        [
            "≤ 20 queries per read request",
            f"max {top[0]} ({top[1]})" + (f"; over: {', '.join(over)}" if over else ""),
            mark(not over),
        ]
    )
    if "province" in queries:
        differ = [
            f"{section} {key}"
            for section in ("lists", "admin", "summaries", "tree")
            for key, item in queries["city"][section].items()
            if queries["province"][section].get(key, {}).get("queries") != item["queries"]
        ]
        rows.append(
            [
                "same query counts at city and province",
                f"{len(differ)} differ" + (f": {', '.join(differ)}" if differ else ""),
                mark(not differ),
            ]
        )
    lists = http["city"]["lists"]
    slow = sorted(
        ((t["p95"], p.removeprefix("/api/v1/")) for p, t in lists.items() if t["p95"] >= TARGETS["list_p95_ms"]),
        reverse=True,
    )
    worst_list = max((t["p95"], p.removeprefix("/api/v1/")) for p, t in lists.items())
    rows.append(
        [
            "list p95 < 100 ms",
            f"{len(slow)} of {len(lists)} over; worst {worst_list[0]} ms ({worst_list[1]})",
            mark(not slow),
        ]
    )
    create = http["city"]["create"]
    rows.append(
        [
            "activity create p95 < 50 ms",
            f"{create['p95']} ms (p50 {create['p50']})",
            mark(create["p95"] < TARGETS["create_p95_ms"]),
        ]
    )
    scale = "province" if big else "city"
    worst_tree = max((t["p95"], label) for label, t in http[scale]["tree"].items())
    rows.append(
        [
            f"tree children/search < 50 ms ({scale})",
            f"worst p95 {worst_tree[0]} ms ({worst_tree[1]})",
            mark(worst_tree[0] < TARGETS["tree_ms"]),
        ]
    )
    peak = max(result["memory"]["worker_hwm_mb"] for result in http.values())
    rows.append(["web process < 300 MB", f"{peak} MB", mark(peak < TARGETS["memory_mb"])])
    rows.append(pages_summary(http))
    rows.append(public_summary(http))
    city = loads["city"]
    rows.append(
        [
            "city loads in minutes",
            f"{city['seed_seconds'] / 60:.1f} min, {city['rows_per_second']:,} rows/s",
            mark(city["seed_seconds"] < 1800),
        ]
    )
    return table(["target", "measured", ""], rows, aligns=["<", "<", "<"])


def page_ok(timing):
    return timing["p95"] <= TARGETS["page_p95_ms"] and timing["bytes"] <= TARGETS["page_kb"] * 1024


def pages_table(http, queries):
    """One row per page a role opened (200): queries at both scales, p50/p95, KB, the targets."""
    province = queries.get("province", {}).get("pages")
    rows, refused = [], []
    for role, found in http["city"]["pages"].items():
        for label, timing in found.items():
            city_q = queries["city"]["pages"][role].get(label, {}).get("queries")
            if timing["status"] != 200:
                refused.append(f"{ROLE_NAMES.get(role, role)} {label} {timing['status']}")
                continue
            prov_q = province[role].get(label, {}).get("queries") if province else None
            prov_http = http.get("province", {}).get("pages", {}).get(role, {}).get(label)
            rows.append(
                [
                    ROLE_NAMES.get(role, role),
                    label,
                    city_q,
                    prov_q,
                    timing["p50"],
                    timing["p95"],
                    prov_http.get("p95") if prov_http else None,
                    f"{timing['bytes'] / 1024:.0f}",
                    mark(prov_q is None or prov_q == city_q),
                    mark(page_ok(timing)),
                ]
            )
    head = ["role", "page", "queries city", "queries province", "p50", "p95", "p95 province", "KB"]
    text = table([*head, "same q", "≤ 150 ms, ≤ 200 KB"], rows, aligns=["<", "<"] + [">"] * 8)
    if refused:
        text += "\n(refused to the role, not timed: " + "; ".join(refused) + ")"
    return text


def pages_summary(http):
    timings = [
        (timing["p95"], timing["bytes"], f"{ROLE_NAMES.get(role, role)} {label}")
        for role, found in http["city"]["pages"].items()
        for label, timing in found.items()
        if timing["status"] == 200
    ]
    missed = [name for p95, size, name in timings if not page_ok({"p95": p95, "bytes": size})]
    slowest = max(timings) if timings else (0, 0, "—")
    biggest = max(timings, key=lambda item: item[1]) if timings else (0, 0, "—")
    return [
        "every page p95 ≤ 150 ms and ≤ 200 KB, every role",
        f"{len(missed)} of {len(timings)} miss; slowest p95 {slowest[0]} ms ({slowest[2]}); "
        f"largest {biggest[1] / 1024:.0f} KB ({biggest[2]})",
        mark(not missed),
    ]


def public_summary(http):
    """The public directory's pages (the anonymous role): p95 under 100 ms (issue 20)."""
    timings = [
        (timing["p95"], label)
        for label, timing in http["city"]["pages"].get(ANONYMOUS, {}).items()
        if timing["status"] == 200
    ]
    slowest = max(timings) if timings else (0, "—")
    return [
        "public directory p95 < 100 ms (anonymous, no session)",
        f"{len(timings)} pages; slowest p95 {slowest[0]} ms ({slowest[1]})",
        mark(bool(timings) and slowest[0] < TARGETS["public_p95_ms"]),
    ]


def report(loads, queries, http, big, repeat, page_repeat=5, only=None):
    if only == "summaries":
        return "\n".join(
            [
                f"## Dashboard and indicators beside the plain-SQL floor (city scale; ms over {repeat} calls)",
                summaries_table(http, queries),
            ]
        )
    if only == "lists":
        return "\n".join(
            [
                f"## API list endpoints (first page of 50; city-office user; ms over {repeat} calls)",
                lists_table(http, queries),
            ]
        )
    if only == "pages":
        return "\n".join(
            [
                f"## Pages per role (city scale; ms over {page_repeat} calls; gunicorn, one worker)",
                pages_table(http, queries),
                "",
                table(["target", "measured", ""], [pages_summary(http), public_summary(http)], aligns=["<", "<", "<"]),
            ]
        )
    settings = ", ".join(f"{k}={v}" for k, v in loads["city"].get("settings", {}).items())
    tree_scale = "province" if big else "city"
    parts = [
        "## Load (manage.py seed_wuhan into PostgreSQL; rows as the seed counts them)",
        loads_table(loads),
        "",
        f"## Dashboard and indicators beside the plain-SQL floor (city scale; ms over {repeat} calls; gunicorn, one "
        f"worker; database {settings})",
        summaries_table(http, queries),
        "",
        f"## API list endpoints (first page of 50; city-office user; ms over {repeat} calls)",
        lists_table(http, queries),
        "",
        f"## Activity create (POST with two co-organisers; {http['city']['create']['n']} calls)",
        create_table(http, queries),
        "",
        "## Admin changelists (city-office user; queries per request; ms in-process, one call)",
        admin_table(queries),
        "",
        f"## Pages per role (every HTML page and admin changelist and change form she can open; wuhan_fulian.pages; "
        f"ms over {page_repeat} calls; gunicorn, one worker)",
        pages_table(http, queries),
        "",
        f"## Tree browser at the {tree_scale} scale (ms over {repeat} calls; “all cities”: a superuser)",
        tree_table(http, queries, tree_scale),
    ]
    if not big:
        parts.append("(the city scale: `make bench BIG=1` measures it at the province scale)")
    parts += ["", "## Web process memory (gunicorn, one sync worker; /proc VmHWM after the run)", memory_table(http)]
    parts += ["", "## Targets (issue 8, item 3)", targets_table(loads, queries, http, big)]
    return "\n".join(parts)
