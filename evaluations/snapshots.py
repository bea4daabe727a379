"""Monthly snapshots of the five indicators per federation, for trends. Taken nightly for the running
month and the one before it (late entries still land there); re-running replaces, never appends."""

from django.db import transaction
from django.utils import timezone

from core.dates import previous_month, this_month
from organizations.choices import Level

from . import services, sources
from .models import IndicatorSnapshot

# Communities and grid groups are leaves with sparse data; their figures are read live.
SNAPSHOT_LEVELS = (Level.CITY, Level.DISTRICT, Level.FUNCTIONAL_ZONE, Level.STREET, Level.TOWNSHIP)


def take(months=None, levels=SNAPSHOT_LEVELS):
    """Store the snapshots of ``months`` (default: this month and last) for every federation at ``levels``.
    Returns the number of rows written."""
    if months is None:
        months = [previous_month(), this_month()]
    settings = services.load_settings()
    federations = list(sources.federation().objects.filter(level__in=levels, archived_at__isnull=True))
    now = timezone.now()
    rows = []
    for month in months:
        period = services.Period.of(month, month)
        for federation in federations:
            report = services.compute(federation, period, settings=settings)
            rows.extend(
                IndicatorSnapshot(
                    federation=federation,
                    month=month,
                    indicator=item["code"],
                    value=item["value"],
                    numerator=item["numerator"],
                    denominator=item["denominator"],
                    target=item["target"],
                    meets_target=item["meets_target"],
                    computed_at=now,
                )
                for item in report["indicators"]
            )
    with transaction.atomic():
        IndicatorSnapshot.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["federation", "month", "indicator"],
            update_fields=["value", "numerator", "denominator", "target", "meets_target", "computed_at", "updated_at"],
        )
    return len(rows)
