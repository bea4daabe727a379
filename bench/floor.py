"""The floor: the plain SQL in ``bench/sql/`` that computes the dashboard's and the indicators' numbers
straight from the raw rows, timed the same way as the endpoints, and compared number for number with what
the endpoints answered."""

import time
from pathlib import Path

SQL = Path(__file__).resolve().parent / "sql"
STATEMENTS = {
    name: (SQL / f"{name}.sql").read_text(encoding="utf-8")
    for name in ("indicators", "dashboard_children", "dashboard_months")
}
# What each endpoint needs: the indicators alone; the dashboard its indicators, its table and its months.
FLOORS = {"indicators": ["indicators"], "dashboard": ["indicators", "dashboard_children", "dashboard_months"]}


def run(connection, endpoint, period, federation):
    """(seconds, {statement: rows as dicts}) for one computation of ``endpoint``'s numbers for ``federation``
    (its id and MPTT numbers, which the endpoint has at hand too once it has found the federation)."""
    params = {**period, "root": federation["id"], **{key: federation[key] for key in ("tree_id", "lft", "rght")}}
    results = {}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for name in FLOORS[endpoint]:
            cursor.execute(STATEMENTS[name], params)
            columns = [column.name for column in cursor.description]
            results[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return time.perf_counter() - started, results


def _months(period):
    first, last = period["first_day"], period["last_day"]
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1


def indicator_figures(row, period):
    """{indicator.component: (numerator, denominator)} from the floor's indicator row."""
    return {
        "COVERAGE.streets": (row["streets_done"], row["streets"]),
        "COVERAGE.communities": (row["communities_done"], row["communities"]),
        "COVERAGE.member_units": (row["party_units"], row["units"]),
        "IDENTITY.survey": (row["name_yes"], row["name_asked"]),
        "IDENTITY.profiles": (row["public"], row["posts"]),
        "COHESION.active_communities": (row["active_communities"], row["communities"]),
        "COHESION.activities_per_home": (row["activities"], row["homes"] * _months(period)),
        "PRECISION.consultations": (row["in_time"], row["decided"]),
        "SATISFACTION.survey": (row["sat_good"], row["sat_respondents"]),
        "SATISFACTION.duty_ratings": (row["rating_good"], row["ratings"]),
    }


def endpoint_figures(indicators):
    return {
        f"{item['code']}.{component['key']}": (component["numerator"], component["denominator"])
        for item in indicators
        for component in item["components"]
    }


ROW_FIELDS = [
    "streets",
    "streets_done",
    "communities",
    "communities_done",
    "homes",
    "clusters",
    "demo_homes",
    "activities",
    "activity_women",
    "satisfaction_numerator",
    "satisfaction_denominator",
]
MONTH_FIELDS = ["activities", "activity_women", "responses", "satisfaction_numerator", "satisfaction_denominator"]


def differences(endpoint, body, results, period):
    """The numbers on which the endpoint and the floor disagree (an empty list: they agree)."""
    found = []
    indicators = body["indicators"]
    floor = indicator_figures(results["indicators"][0], period)
    for key, pair in endpoint_figures(indicators).items():
        if key in floor and tuple(pair) != tuple(floor[key]):
            found.append(f"{key}: endpoint {pair}, floor {floor[key]}")
    if endpoint != "dashboard":
        return found
    rows = {row["id"]: row for row in results["dashboard_children"]}
    for row in [body["totals"], *body["children"]]:
        other = rows.get(row["id"], {})
        for name in ROW_FIELDS:
            if row.get(name) != other.get(name):
                found.append(f"row {row['name']} {name}: endpoint {row.get(name)}, floor {other.get(name)}")
    months = {row["month"]: row for row in results["dashboard_months"]}
    for row in body["months"]:
        other = months.get(row["month"], {})
        for name in MONTH_FIELDS:
            if row.get(name) != other.get(name):
                found.append(f"month {row['month']} {name}: endpoint {row.get(name)}, floor {other.get(name)}")
    return found
