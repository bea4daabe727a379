"""Declaring a kept total (``KeptTotal``, ``rows()``, ``total()``) and reading it both ways: as the table
keeps it (``kept()``) and as the source rows make it (``recompute()``, one GROUP BY)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

if TYPE_CHECKING:  # a subtree total is read by the same functions; subtree imports this module
    from .subtree import SubtreeTotal

Key = tuple[Any, ...]
Totals = dict[Key, dict[str, int]]


@dataclass(frozen=True)
class Tally:
    """What one source row adds to one column: 1 (``expression`` None) or the expression's value, when
    ``where`` holds (always when it is None or empty)."""

    expression: Any = None
    where: Q | None = None

    def aggregate(self) -> Any:
        where = self.where or None
        if self.expression is None:
            return Count("pk", filter=where)
        return Coalesce(Sum(self.expression, filter=where), Value(0), output_field=models.IntegerField())

    def per_row(self) -> Any:
        one = (
            Value(1)
            if self.expression is None
            else Coalesce(self.expression, Value(0), output_field=models.IntegerField())
        )
        if not self.where:
            return one
        return Case(When(self.where, then=one), default=Value(0), output_field=models.IntegerField())


def rows(where: Q | None = None) -> Tally:
    """Each source row (matching ``where``) adds one."""
    return Tally(None, where)


def total(expression: str | Any, where: Q | None = None) -> Tally:
    """Each source row (matching ``where``) adds ``expression`` (a field name or an expression; NULL adds 0)."""
    return Tally(F(expression) if isinstance(expression, str) else expression, where)


@dataclass(frozen=True, eq=False)
class KeptTotal:
    """Totals of ``source`` rows kept in ``table``, one row per key.

    ``keys``: table field → expression on the source (a lookup path or an expression) giving that key part;
    a source row whose key has a NULL part is not counted. ``values``: table field → ``Tally`` (or a callable
    returning them, for rules read from settings at the time of the write). ``follows``: relation paths of
    the source (``"report"``, ``"report__post"``) whose rows, when saved, may move the source's rows to
    another key. ``table`` needs a unique constraint on the key fields."""

    name: str
    source: str
    table: str
    keys: Mapping[str, str | Any]
    values: Mapping[str, Tally] | Callable[[], Mapping[str, Tally]]
    follows: tuple[str, ...] = ()

    @property
    def source_model(self) -> type[models.Model]:
        return apps.get_model(self.source)

    @property
    def table_model(self) -> type[models.Model]:
        return apps.get_model(self.table)

    def tallies(self) -> Mapping[str, Tally]:
        return self.values() if callable(self.values) else self.values

    @property
    def columns(self) -> list[str]:
        return list(self.tallies())

    def key_expressions(self) -> dict[str, Any]:
        return {f"kept_key_{i}": expression_of(e) for i, e in enumerate(self.keys.values())}

    def __repr__(self) -> str:
        return f"<KeptTotal {self.name}>"


def expression_of(value: str | Any) -> Any:
    return F(value) if isinstance(value, str) else value


def related_model(model: type[models.Model], path: str) -> type[models.Model]:
    for part in path.split("__"):
        model = model._meta.get_field(part).related_model
    return model


def _lookups(expression: Any) -> Iterator[str]:
    """The lookup paths an expression (or Q) reads."""
    if isinstance(expression, F):
        yield expression.name
    elif isinstance(expression, Q):
        for child in expression.children:
            if isinstance(child, tuple):
                yield child[0]
                yield from _lookups(child[1])
            else:
                yield from _lookups(child)
    elif isinstance(expression, Tally):
        yield from _lookups(expression.expression)
        yield from _lookups(expression.where)
    elif hasattr(expression, "get_source_expressions"):
        for source in expression.get_source_expressions():
            yield from _lookups(source)
        if getattr(expression, "condition", None) is not None:
            yield from _lookups(expression.condition)


def fields_read(definition: KeptTotal, prefix: str = "") -> set[str]:
    """Names of the fields of the model at ``prefix`` (the source when empty) that the definition reads."""
    model = related_model(definition.source_model, prefix) if prefix else definition.source_model
    start = f"{prefix}__" if prefix else ""
    names = set()
    for item in (*definition.keys.values(), *definition.tallies().values()):
        for lookup in _lookups(expression_of(item)):
            if lookup.startswith(start):
                part = lookup[len(start) :].split("__")[0]
                names.add(model._meta.pk.name if part == "pk" else model._meta.get_field(part).name)
    return names


def grouped(definition: KeptTotal, queryset: models.QuerySet, keys: Iterable[Key] | None = None) -> models.QuerySet:
    expressions = definition.key_expressions()
    queryset = queryset.order_by().annotate(**expressions).filter(**{f"{a}__isnull": False for a in expressions})
    if keys is not None:
        keys = list(keys)
        queryset = queryset.filter(**{f"{a}__in": {key[i] for key in keys} for i, a in enumerate(expressions)})
    aggregates = {f"kept_value_{column}": tally.aggregate() for column, tally in definition.tallies().items()}
    return queryset.values(*expressions).annotate(**aggregates)


def group(definition: KeptTotal, queryset: models.QuerySet, keys: Iterable[Key] | None = None) -> Totals:
    result: Totals = {}
    for row in grouped(definition, queryset, keys):
        key = tuple(row[f"kept_key_{i}"] for i in range(len(definition.keys)))
        result[key] = {column: row[f"kept_value_{column}"] or 0 for column in definition.columns}
    return result


def recompute(
    definition: KeptTotal | SubtreeTotal, keys: Iterable[Key] | None = None, using: str = DEFAULT_DB_ALIAS
) -> Totals:
    """The true totals from the source rows (one aggregate query): every key's, or those of ``keys``."""
    if hasattr(definition, "recompute_totals"):  # a subtree total (subtree.py): its bases', spread
        return definition.recompute_totals(keys, using)
    wanted = None if keys is None else set(keys)
    if wanted is not None and not wanted:
        return {}
    found = group(definition, definition.source_model._base_manager.using(using).all(), wanted)
    return found if wanted is None else {key: values for key, values in found.items() if key in wanted}


def kept(
    definition: KeptTotal | SubtreeTotal, keys: Iterable[Key] | None = None, using: str = DEFAULT_DB_ALIAS
) -> Totals:
    """The totals as the table holds them: every key's, or those of ``keys``."""
    wanted = None if keys is None else set(keys)
    names, columns = list(definition.keys), definition.columns
    queryset = definition.table_model._base_manager.using(using).order_by()
    if wanted is not None:
        if not wanted:
            return {}
        queryset = queryset.filter(**{f"{name}__in": {key[i] for key in wanted} for i, name in enumerate(names)})
    result: Totals = {}
    for row in queryset.values_list(*names, *columns):
        key = tuple(row[: len(names)])
        if wanted is None or key in wanted:
            result[key] = dict(zip(columns, row[len(names) :], strict=True))
    return result
