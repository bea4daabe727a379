"""The monthly reminders: communities that logged no activity last month, cadres who filed no "四个一"
rotation check. Idempotent (one reminder per subject and month); a fixed number of queries per tree."""

from django.db import transaction
from django.utils.translation import gettext as _

from cadres.choices import Position
from cadres.services import rotation_completeness
from core.dates import month_bounds, previous_month
from organizations.models import Federation

from . import notify
from .choices import ReminderKind
from .models import Reminder
from .services import communities_without_activity


def _month_text(month):
    return _("%(year)d年%(month)d月") % {"year": month.year, "month": month.month}


def _no_activity(root, month):
    start, end = month_bounds(month)
    for community in communities_without_activity(root, start, end).only("id", "name"):
        yield Reminder(
            recipient_federation_id=community.pk,
            kind=ReminderKind.NO_ACTIVITY,
            month=month,
            subject_key=f"federation:{community.pk}",
            text=_("%(month)s，%(name)s没有登记活动，请及时登记。")
            % {"month": _month_text(month), "name": community.name},
        )


def _no_rotation_check(root, month):
    """The cadres pillar's own completeness check (cadres lies below activities: a plain import)."""
    positions = dict(Position.choices)
    for missing in rotation_completeness(root, month)["missing"]:
        yield Reminder(
            recipient_federation_id=missing["federation"],
            kind=ReminderKind.NO_ROTATION_CHECK,
            month=month,
            subject_key=f"post:{missing['post']}",
            text=_("%(month)s，%(federation)s%(position)s%(name)s未填报“四个一”轮值考核。")
            % {
                "month": _month_text(month),
                "federation": missing["federation_name"],
                "position": positions.get(missing["position"], ""),
                "name": missing["person_name"],
            },
        )


def create_monthly_reminders(today=None):
    """Store last month's reminders (once), post them to the inboxes of who they are for, and hand the new
    ones to the configured senders."""
    month = previous_month(today)
    wanted = []
    for root in Federation.objects.filter(parent__isnull=True):
        wanted.extend(_no_activity(root, month))
        wanted.extend(_no_rotation_check(root, month))
    existing = set(Reminder.objects.filter(month=month).values_list("recipient_federation_id", "kind", "subject_key"))
    fresh = [r for r in wanted if (r.recipient_federation_id, r.kind, r.subject_key) not in existing]
    with transaction.atomic():
        created = Reminder.objects.bulk_create(fresh, batch_size=1000)
        notify.to_inbox(created)
    configured = notify.backends()
    if configured:
        for reminder in created:
            notify.notify(reminder, configured)
    return {"month": f"{month:%Y-%m}", "created": len(created), "already": len(wanted) - len(fresh)}
