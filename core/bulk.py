"""The one bulk writer: rows straight into a table, for the demo data set (demo/) and the rebuild of derived
tables (evaluations' monthly summary).

Several times faster than ``bulk_create`` (which spends ~0.2 ms a row building and compiling model instances):
rows are plain tuples or dicts, values are adapted once, ids are given by the caller so children can point at
parents without reading them back, and a table is written in batches, so memory stays flat at the city scale
(a million activities). PostgreSQL takes each batch by COPY (psycopg2's executemany is one round trip a row);
SQLite by executemany, in-process and as fast. Like ``bulk_create`` it bypasses signals and history: whoever
loads rows this way rebuilds what signals would have kept current.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeAlias

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from core import freshness
from core.naturalsort import has_sort_key, stored_key
from core.pgcopy import csv_buffer

BATCH = 5000

# A row: values in the order of the writer's field names, or a dict by attname.
Row: TypeAlias = "Sequence[Any] | Mapping[str, Any]"
Adapter: TypeAlias = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _adapter(field: models.Field) -> Adapter:
    """How a value of ``field`` goes to the driver. SQLite stores dates and datetimes as text, as Django writes
    them; PostgreSQL's COPY reads the Python values' text. A value given as text is taken as already adapted
    (a caller writing the same moment on many rows adapts it once with ``db_datetime``)."""
    if connection.vendor != "sqlite":
        return _same
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        adapt = connection.ops.adapt_datefield_value
    else:
        return _same
    return lambda value: value if value is None or isinstance(value, str) else adapt(value)


def db_datetime(value: datetime.datetime) -> datetime.datetime | str:
    """A timezone-aware datetime as the writer sends it (adapted once, for values repeated on many rows)."""
    if connection.vendor == "sqlite":
        return connection.ops.adapt_datetimefield_value(value)
    return value


def next_id(model: type[models.Model]) -> int:
    """The id after the highest one in ``model``'s table."""
    return (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


class Writer:
    """Rows for one table, written ``batch`` at a time (``batch=None``: only when told, ``flush()``).

    ``names``: the fields (names or attnames) a row gives, in order, for tuple rows; ``None`` for dict rows
    (by attname). A field a row does not give takes its default (evaluated once per writer: no unique
    callable defaults here), a field stamped on save (``auto_now``/``auto_now_add``) the moment the writer was
    made, an automatic id the database's next. ``new_id()`` hands out ids after the table's
    highest; ``finish()`` writes what is left and moves PostgreSQL's sequence past the given ids.
    """

    def __init__(
        self, model: type[models.Model], names: Sequence[str] | None = None, batch: int | None = BATCH
    ) -> None:
        self.model = model
        self.batch = batch
        self.dicts = names is None
        now = db_datetime(timezone.now())
        concrete = model._meta.concrete_fields
        given = list(concrete) if self.dicts else [model._meta.get_field(name) for name in names]  # type: ignore[union-attr]  # names given when not dicts
        # The fields a tuple row does not give take their defaults; an automatic id is left to the database.
        rest = [
            field
            for field in concrete
            if field not in given and not (field.primary_key and isinstance(field, models.AutoField))
        ]
        self.fields = given + rest
        adapters = [_adapter(field) for field in self.fields]
        defaults = [
            now if _stamped(field) else adapt(field.get_default())
            for field, adapt in zip(self.fields, adapters, strict=True)
        ]
        self.tail = defaults[len(given) :]
        # Only the fields that need it are adapted (a million rows make every call per value count); defaults
        # are adapted already, and adapting text again leaves it as it is.
        self.adapt = [(i, adapt) for i, adapt in enumerate(adapters[: len(given)]) if adapt is not _same]
        if self.dicts:
            self.attnames = [field.attname for field in given]
            self.defaults = defaults
        # A model keeping its name's natural key (core.models.NaturallyNamed) gets it on every row that does not
        # give one: the writer skips save(), which would fill it.
        self.sort_key: tuple[int, int] | None = None
        if has_sort_key(model):
            names_at = [field.name for field in self.fields]
            self.sort_key = (names_at.index("sort_key"), names_at.index("name"))
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(field.column) for field in self.fields)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(self.fields))})"
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        self.rows: list[list[Any]] = []
        self.written = 0
        self._next_id: int | None = None

    def new_id(self) -> int:
        if self._next_id is None:
            self._next_id = next_id(self.model)
        self._next_id += 1
        return self._next_id - 1

    def add(self, row: Row) -> None:
        """One row: a tuple in the order of ``names``, or a dict by attname (``federation_id``)."""
        if self.dicts:
            values = [row.get(name, default) for name, default in zip(self.attnames, self.defaults, strict=True)]  # type: ignore[union-attr]  # dict rows
        else:
            values = list(row)
            values += self.tail
        for i, adapt in self.adapt:
            values[i] = adapt(values[i])
        if self.sort_key is not None:
            key, name = self.sort_key
            if not values[key]:
                values[key] = stored_key(values[name])
        self.rows.append(values)
        if self.batch and len(self.rows) >= self.batch:
            self.flush()

    def extend(self, rows: Iterable[Row]) -> Writer:
        for row in rows:
            self.add(row)
        return self

    def flush(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.cursor.copy_expert(self.copy_sql, csv_buffer(self.rows))
                freshness.wrote(connection, self.model._meta.db_table)  # COPY passes no execute wrapper
            else:
                cursor.executemany(self.sql, self.rows)
        self.written += len(self.rows)
        self.rows = []

    def finish(self) -> int:
        """Write the rest and move the id sequence past the rows written. Returns the count written."""
        self.flush()
        reset_sequences(self.model)
        return self.written


def _stamped(field: models.Field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def insert(
    model: type[models.Model], names: Sequence[str] | None, rows: Iterable[Row], batch: int | None = BATCH
) -> int:
    """Write ``rows`` (tuples in the order of the field ``names``) into ``model``'s table at once. Returns the
    count. The caller resets the sequences when it gave ids (``reset_sequences``)."""
    writer = Writer(model, names, batch)
    with transaction.atomic():
        writer.extend(rows).flush()
    return writer.written


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """Move PostgreSQL's id sequences past the highest ids (SQLite's follow given ids by themselves)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_classes)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
