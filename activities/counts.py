"""Activities per federation (``ActivityCount``), kept current record by record.

On create a federation's counter goes up by one, on delete down by one, and a move to another federation
does both; the change is made inside the same transaction as the activity, so a rollback undoes both and a
count read a moment later already includes it. ``bulk_create``, COPY and ``QuerySet.update()`` bypass
signals: bulk loaders call ``rebuild()`` afterwards (the seed's writer does), which is also the repair tool.

``subtree_total()`` answers the activity list's count when no filter narrows it (the API's pagination asks
the view for a known count first).
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.signals import post_delete, post_init, post_save, pre_save

from core.scope import subtree_q

from .models import Activity, ActivityCount


def add(federation_id, delta):
    if federation_id is None or not delta:
        return
    rows = ActivityCount.objects.filter(federation_id=federation_id)
    if rows.update(activities=F("activities") + delta):
        return
    try:
        with transaction.atomic():
            ActivityCount.objects.create(federation_id=federation_id, activities=delta)
    except IntegrityError:  # another writer created the row first
        rows.update(activities=F("activities") + delta)


def _loaded(sender, instance, **kwargs):
    # None for a new activity and for one loaded without its federation (``only()``, ``defer()``).
    instance._counted_federation_id = instance.__dict__.get("federation_id") if instance.pk is not None else None


def _saving(sender, instance, **kwargs):
    if instance.pk is not None and not instance._state.adding and instance._counted_federation_id is None:
        stored = Activity._base_manager.filter(pk=instance.pk).values_list("federation_id", flat=True).first()
        instance._counted_federation_id = stored


def _saved(sender, instance, created, **kwargs):
    old = None if created else instance._counted_federation_id
    new = instance.federation_id
    if old != new:
        # Lower federation id first: two activities moved in opposite directions at once lock the two
        # counters in the same order, never in a deadlock.
        for federation_id, delta in sorted(((old, -1), (new, 1)), key=lambda pair: pair[0] or 0):
            add(federation_id, delta)
    instance._counted_federation_id = new


def _deleted(sender, instance, **kwargs):
    add(instance._counted_federation_id or instance.federation_id, -1)


def connect():
    post_init.connect(_loaded, sender=Activity, dispatch_uid="activities-count-init")
    pre_save.connect(_saving, sender=Activity, dispatch_uid="activities-count-pre")
    post_save.connect(_saved, sender=Activity, dispatch_uid="activities-count-save")
    post_delete.connect(_deleted, sender=Activity, dispatch_uid="activities-count-delete")


def rebuild():
    """Recount every federation from the activities (one GROUP BY). Returns the number of federations."""
    rows = Activity.objects.order_by().values("federation_id").annotate(n=Count("id"))
    with transaction.atomic():
        ActivityCount.objects.all().delete()
        ActivityCount.objects.bulk_create(
            (ActivityCount(federation_id=row["federation_id"], activities=row["n"]) for row in rows.iterator()),
            batch_size=2000,
        )
    return ActivityCount.objects.count()


def subtree_total_of(root=None):
    """How many activities ``root``'s subtree holds (every tree's with None): one SUM over the counters."""
    counts = (
        ActivityCount.objects.all() if root is None else ActivityCount.objects.filter(subtree_q("federation", root))
    )
    return counts.aggregate(total=Sum("activities"))["total"] or 0


def subtree_total(user):
    """How many activities ``user`` sees (the list's unfiltered count), or None when her scope is not a
    subtree the counters answer for."""
    if user.is_superuser:
        return subtree_total_of(None)
    root = getattr(user, "view_root", None)
    return None if root is None else subtree_total_of(root)
