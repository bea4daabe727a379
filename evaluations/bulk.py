"""Raw multi-row inserts for the demo data and the summary rebuild: several times faster than
``bulk_create`` (no model instances, values adapted once), ids given by the caller so children can point
at parents without reading them back, and PostgreSQL's sequences moved past them afterwards."""

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


def next_id(model):
    last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def insert(model, names, rows, batch_size=5000):
    """INSERT ``rows`` (tuples in the order of the field ``names``); ``created_at``/``updated_at`` are
    stamped with now. Returns the count. Bypasses signals, like ``bulk_create``."""
    fields = [model._meta.get_field(name) for name in names]
    stamps = [name for name in ("created_at", "updated_at") if name not in names]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    adapters = []
    for field in fields:
        if isinstance(field, models.DateTimeField):
            adapters.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(field, models.DateField):
            adapters.append(connection.ops.adapt_datefield_value)
        else:
            adapters.append(None)
    columns = [field.column for field in fields] + stamps
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    tail = (now,) * len(stamps)
    count = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            chunk = [
                tuple(
                    adapt(value) if adapt and value is not None else value
                    for adapt, value in zip(adapters, row, strict=True)
                )
                + tail
                for row in rows[start : start + batch_size]
            ]
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def reset_sequences(*model_classes):
    statements = connection.ops.sequence_reset_sql(no_style(), model_classes)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
