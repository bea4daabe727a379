"""The home page per role, assembled from sections the apps register (reminders, surveys...) and three of its own:

- the five indicators of the user's subtree with a link to the dashboard (the city office and viewers),
- the gap list of every pillar in the user's subtree (city, district and street staff, viewers),
- the latest changes to records in the user's subtree, from the change log (city, district and street staff).

A builder answers ``None`` for a role it is not meant for, so each role sees only its own sections.
"""

from collections import Counter, defaultdict

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import IntegerField, Q, Value
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import replica_reads
from core.scope import subtree_ids, subtree_q
from core.sections import home_sections, register_section  # noqa: F401  (the page asks home_sections)

SUMMARY_ROLES = {"city_office", "viewer"}
GAP_ROLES = {"city_office", "district_staff", "street_staff", "viewer"}
CHANGE_ROLES = {"city_office", "district_staff", "street_staff"}
GAP_EXAMPLES = 8
GAP_RULES = 6
RECENT_CHANGES = 8
SUBTREE_IDS = 5_000  # a subtree up to this many federations is filtered by their ids (a district has 1,600)
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


def _tracked_models():
    """(model, historical model) for every scoped domain model with a change log."""
    for model in apps.get_models():
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        path = getattr(model, "scope_path", None)
        if attribute and path is not None and model._meta.label not in QUIET_HISTORY:
            yield model, getattr(model, attribute).model


def recent_changes(user, root, limit=RECENT_CHANGES):
    """The latest ``limit`` change-log rows of records in ``root``'s subtree, newest first: one query across
    every change log for the ids, then one per model that appears (at most ``limit``)."""
    tracked = list(_tracked_models())
    if not tracked:
        return []
    # A whole tree (the city office's): each change log's own latest ``limit`` first, where the database
    # allows it in a UNION (PostgreSQL: a backward scan of its history_date index that stops at once, instead
    # of sorting every row of the city: 575 ms). Below the root the plain union stays: there the early stop
    # walks most of a log to find a district's or a street's rows (measured 2.1 s and 1.6 s).
    limited = connection.features.supports_slicing_ordering_in_compound and root.parent_id is None
    # Below the root, by the subtree's federation ids (a street: 178, a district: 1,600): each change log is
    # read by its federation index, where by the tree range PostgreSQL expected thousands of federations and
    # hash-joined whole logs (the activities' analogue on the city-scale bench: a street 285 -> 3 ms, a
    # district 201 -> 28 ms; this needs the logs' planner statistics, see demo.pillars).
    ids = None if root.parent_id is None else subtree_ids(root, SUBTREE_IDS)

    parts = []
    for index, (model, history) in enumerate(tracked):
        part = (
            history.objects.filter(_in_subtree(model, root, ids))
            .annotate(source=Value(index, output_field=IntegerField()))
            .values_list("history_id", "history_date", "source")
        )
        parts.append(part.order_by("-history_date")[:limit] if limited else part.order_by())
    latest = list(parts[0].union(*parts[1:], all=True).order_by("-history_date")[:limit])
    wanted = defaultdict(list)
    for history_id, _date, source in latest:
        wanted[source].append(history_id)
    rows = {}
    for source, ids in wanted.items():
        model, history = tracked[source]
        for record in history.objects.filter(history_id__in=ids).select_related("history_user"):
            rows[(source, record.history_id)] = (model, record)
    changes = []
    for history_id, _date, source in latest:
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


def _in_subtree(model, root, ids=None):
    """The change-log rows of records in ``root``'s subtree: by its federations' ids when given, else by the
    tree range."""
    if model.scope_path == "":
        # The tree's own change log keeps no lft/rght: the federations in the subtree now.
        # (On a change log ``pk`` is the log row's own id: the record's id is its primary key's name.)
        if ids is not None:
            return Q(**{f"{model._meta.pk.attname}__any": ids})
        return Q(**{f"{model._meta.pk.attname}__in": model.objects.filter(subtree_q("", root)).values("pk")})
    if ids is not None:
        # one array parameter (core.lookups.AnyOf), not 1,600 bound values in each of the 30 logs
        return Q(**{f"{model.scope_path}__any": ids})
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
