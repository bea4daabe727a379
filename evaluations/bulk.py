"""Raw inserts for the demo data and the summary rebuild: several times faster than ``bulk_create`` (no
model instances, values adapted once; COPY on PostgreSQL, multi-row VALUES elsewhere), ids given by the
caller so children can point at parents without reading them back, and PostgreSQL's sequences moved past
them afterwards."""

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from core.pgcopy import csv_buffer


def next_id(model):
    last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def insert(model, names, rows, batch_size=2000):
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
    if connection.vendor == "postgresql":
        return _copy(model, columns, adapters, rows, (now,) * len(stamps))
    head = "INSERT INTO {} ({}) VALUES ".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(column) for column in columns),
    )
    one = "({})".format(", ".join(["%s"] * len(columns)))
    tail = (now,) * len(stamps)
    # Multi-row VALUES: one round trip per batch (psycopg2's executemany makes one per row).
    limit = connection.features.max_query_params or 65535
    batch_size = max(1, min(batch_size, limit // len(columns)))
    count = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]
            params = []
            for row in chunk:
                params.extend(
                    adapt(value) if adapt and value is not None else value
                    for adapt, value in zip(adapters, row, strict=True)
                )
                params.extend(tail)
            cursor.execute(head + ", ".join([one] * len(chunk)), params)
            count += len(chunk)
    return count


def _copy(model, columns, adapters, rows, tail):
    """PostgreSQL COPY ... FROM STDIN (CSV): NULL spelled \\N so that empty strings stay empty strings."""
    buffer = csv_buffer(
        (
            *(
                adapt(value) if adapt and value is not None else value
                for adapt, value in zip(adapters, row, strict=True)
            ),
            *tail,
        )
        for row in rows
    )
    sql = "COPY {} ({}) FROM STDIN WITH (FORMAT csv, NULL '\\N')".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(column) for column in columns),
    )
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, buffer)
    return len(rows)


def reset_sequences(*model_classes):
    statements = connection.ops.sequence_reset_sql(no_style(), model_classes)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
