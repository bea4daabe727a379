"""The home page per role, assembled from sections the apps register (reminders, surveys...) and three of its own:

- the five indicators of the user's subtree with a link to the dashboard (the city office and viewers),
- the gap list of every pillar in the user's subtree (city, district and street staff, viewers),
- the latest changes to records in the user's subtree, from the change log (city, district and street staff).

A builder answers ``None`` for a role it is not meant for, so each role sees only its own sections.
"""

import functools
from collections import Counter, defaultdict

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, connections, router
from django.db.models import BigIntegerField, ExpressionWrapper, IntegerField, Q, Subquery, Value
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import freshness
from core.db import replica_reads
from core.scope import subtree_q
from core.sections import home_sections, register_section  # noqa: F401  (the page asks home_sections)

SUMMARY_ROLES = {"city_office", "viewer"}
GAP_ROLES = {"city_office", "district_staff", "street_staff", "viewer"}
CHANGE_ROLES = {"city_office", "district_staff", "street_staff"}
GAP_EXAMPLES = 8
GAP_RULES = 6
RECENT_CHANGES = 8
# Below the city, each change log is searched among its newest CHANGE_WINDOW rows only (by its primary key, a
# serial): the cost is then bounded whatever the log's size. Without it a district's home page read all of its
# 56,000 activity change-log rows to keep 8 (180 ms), and the early-stopping walk by date read half the city's
# million when the district's rows were not the newest (330 ms). A federation none of whose records is among
# the city's last 20,000 changes of a kind has nothing "recent" of that kind.
CHANGE_WINDOW = 20_000
# Rows written as a side effect of another change (an activity's co-organisers and photos), or by the system
# (reminders, import bookkeeping): listing them would bury the changes people made.
QUIET_HISTORY = {
    "activities.Reminder",
    "activities.CoOrganizer",
    "activities.ActivityPhoto",
    "venues.UpgradePhoto",
    "organizations.MemberUnitMembership",
    "cadres.ImportJob",
    "accounts.User",  # every sign-in writes last_login
}


def _root(request, roles):
    user = request.user
    if not user.is_authenticated or user.role not in roles:
        return None
    return user.view_root


def indicator_summary(request):
    """The five indicators over the last twelve months, as the dashboard computes them."""
    root = _root(request, SUMMARY_ROLES)
    if root is None:
        return None
    from evaluations import services

    with replica_reads():
        report = services.compute(root, services.Period.last_twelve_months())
    return {
        "title": _("五项指标（近 12 个月）"),
        "template": "home/indicators.html",
        "report": report,
        "dashboard_url": reverse("evaluations:dashboard"),
    }


def gap_list(request):
    """Every pillar's gaps in the user's subtree: counts by pillar and by rule, and the first few."""
    root = _root(request, GAP_ROLES)
    if root is None:
        return None
    from core import gaps

    found = gaps.collect(root, timezone.localdate())
    by_pillar = Counter(gap.pillar for gap in found)
    by_rule = Counter((gap.pillar, gap.rule_label) for gap in found)
    return {
        "title": _("问题清单"),
        "template": "home/gaps.html",
        "root": root,
        "total": len(found),
        "pillars": [
            {"label": apps.get_app_config(pillar).verbose_name, "count": count}
            for pillar, count in sorted(by_pillar.items(), key=lambda item: -item[1])
        ],
        "rules": [{"label": label, "count": count} for (_pillar, label), count in by_rule.most_common(GAP_RULES)],
        "examples": _examples(found, [key for key, _count in by_rule.most_common()]),
        "dashboard_url": reverse("evaluations:dashboard"),
    }


def _examples(found, rule_order, limit=GAP_EXAMPLES):
    """The first gap of each rule (most frequent rule first), then more of them, up to ``limit``."""
    firsts, rest, seen = {}, [], set()
    for gap in found:
        key = (gap.pillar, gap.rule_label)
        if key in seen:
            rest.append(gap)
        else:
            seen.add(key)
            firsts[key] = gap
    return ([firsts[key] for key in rule_order] + rest)[:limit]


@functools.cache
def _tracked_models():
    """(model, historical model) for every scoped domain model with a change log. Found once per process:
    django-simple-history builds a new manager class each time its descriptor is read (about 1 ms a page)."""
    found = []
    for model in apps.get_models():
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        path = getattr(model, "scope_path", None)
        if attribute and path is not None and model._meta.label not in QUIET_HISTORY:
            found.append((model, getattr(model, attribute).model))
    return tuple(found)


def recent_changes(user, root, limit=RECENT_CHANGES):
    """The latest ``limit`` change-log rows of records in ``root``'s subtree, newest first (see
    ``_latest_rows``), then one query per model that appears (at most ``limit``)."""
    tracked = list(_tracked_models())
    if not tracked:
        return []
    latest = _latest_rows(tracked, root, limit)
    wanted = defaultdict(list)
    for history_id, _date, source in latest:
        wanted[source].append(history_id)
    rows = {}
    for source, ids in wanted.items():
        model, history = tracked[source]
        # Read again in the subtree: a row kept from an earlier request whose record has left it (or was
        # deleted) is not shown, and the kept list is computed again next time.
        found = history.objects.filter(_in_subtree(model, root), history_id__in=ids).select_related("history_user")
        for record in found:
            rows[(source, record.history_id)] = (model, record)
    if len(rows) < len(latest):
        _forget_latest(tracked, root, limit)
    changes = []
    for history_id, _date, source in latest:
        if (source, history_id) not in rows:
            continue
        model, record = rows[(source, history_id)]
        changes.append(
            {
                "when": record.history_date,
                "who": record.history_user.get_username() if record.history_user else _("系统"),
                "action": record.get_history_type_display(),
                "kind": model._meta.verbose_name,
                "name": _label(model, record),
                "url": _history_url(user, model, record),
            }
        )
    return changes


def _latest_key(tracked, root, limit):
    return freshness.cache_key("home.recent_changes", (root.pk, limit, [h._meta.label for _m, h in tracked]))


def _forget_latest(tracked, root, limit):
    key = _latest_key(tracked, root, limit)
    if key:
        cache.delete(key)


def _latest_rows(tracked, root, limit):
    """(history id, date, log index) of the latest ``limit`` rows, kept between requests and brought up to date
    by what the logs received since: the newest id of every log is read (one query), and only the logs that
    grew are searched, above the ids seen last time. The kept list is dropped at the next write to a state
    table (``core.freshness``: the tree, people, posts...), so a record that moved out of the subtree is not
    found in it afterwards. Computed whole the first time (``_search``)."""
    marks = _newest_ids(tracked)
    key = _latest_key(tracked, root, limit)
    kept = cache.get(key) if key else None
    if kept is None:
        latest = _search(tracked, root, limit)
    else:
        seen, latest = kept
        grown = {index: seen[index] for index, mark in enumerate(marks) if mark and mark > (seen[index] or 0)}
        if grown:
            merged = {(source, history_id): (history_id, date, source) for history_id, date, source in latest}
            for history_id, date, source in _search(tracked, root, limit, above=grown):
                merged[(source, history_id)] = (history_id, date, source)
            latest = sorted(merged.values(), key=lambda row: (row[1], row[0]), reverse=True)[:limit]
    if key:
        cache.set(key, (marks, latest), freshness.TIMEOUT)
    return latest


def _newest_ids(tracked):
    """Each change log's newest history id (None for an empty log): one query of one backward step on each
    log's primary key."""
    using = router.db_for_read(tracked[0][1])
    quote = connections[using].ops.quote_name
    columns = ", ".join(
        f"(SELECT MAX({quote(history._meta.pk.column)}) FROM {quote(history._meta.db_table)})"
        for _model, history in tracked
    )
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return list(cursor.fetchone())


def _search(tracked, root, limit, above=None):
    """The latest ``limit`` rows of the subtree in every change log, or (``above``: {log index: id}) in the
    logs named, among their rows above the id given.

    A whole tree (the city office's): each change log's own latest ``limit`` first, where the database allows
    it in a UNION (PostgreSQL: a backward scan of its history_date index that stops at once, instead of sorting
    every row of the city: 575 ms). Below the root each log is searched among its newest ``CHANGE_WINDOW``
    rows: the early stop would walk most of a log to find a district's rows, and the whole subtree's rows
    were 56,000 activity log rows for a district."""
    limited = above is None and connection.features.supports_slicing_ordering_in_compound and root.parent_id is None
    parts = []
    for index, (model, history) in enumerate(tracked):
        if above is not None and index not in above:
            continue
        part = history.objects.filter(_in_subtree(model, root))
        if above is not None:
            part = part.filter(history_id__gt=above[index] or 0)
        elif not limited:
            part = part.filter(history_id__gt=_window_start(history))
        part = part.annotate(source=Value(index, output_field=IntegerField())).values_list(
            "history_id", "history_date", "source"
        )
        parts.append(part.order_by("-history_date")[:limit] if limited else part.order_by())
    if not parts:
        return []
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return list(union.order_by("-history_date", "-history_id")[:limit])


def _window_start(history):
    """The id below the log's newest ``CHANGE_WINDOW`` rows, in the same statement (one backward step on the
    primary key)."""
    newest = history.objects.order_by("-history_id").values("history_id")[:1]
    return ExpressionWrapper(Subquery(newest) - CHANGE_WINDOW, output_field=BigIntegerField())


def _in_subtree(model, root):
    """The change-log rows of records in ``root``'s subtree (``subtree_q``'s one range on the tree)."""
    if model.scope_path == "":
        # The tree's own change log keeps no lft/rght: the federations in the subtree now.
        # (On a change log ``pk`` is the log row's own id: the record's id is its primary key's name.)
        return Q(**{f"{model._meta.pk.attname}__in": model.objects.filter(subtree_q("", root)).values("pk")})
    return subtree_q(model.scope_path, root)


def _label(model, record):
    try:
        return str(record.instance)
    except ObjectDoesNotExist:  # a relation its name needs is gone since
        return f"{model._meta.verbose_name} #{getattr(record, model._meta.pk.attname)}"


def _history_url(user, model, record):
    if not user.is_staff:
        return ""
    try:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_history"
        return reverse(name, args=[getattr(record, model._meta.pk.attname)])
    except NoReverseMatch:
        return ""


def changes_section(request):
    root = _root(request, CHANGE_ROLES)
    if root is None:
        return None
    return {
        "title": _("本辖区最近变更"),
        "template": "home/changes.html",
        "root": root,
        "changes": recent_changes(request.user, root),
    }


register_section(5, indicator_summary)
register_section(20, gap_list)
register_section(25, changes_section)
