"""The live path (the registry, the signal receivers, the upsert) and the rebuild."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from .definition import KeptTotal, Key, Totals, fields_read, group, grouped, related_model
from .subtree import SubtreeTotal

_registry: dict[str, KeptTotal | SubtreeTotal] = {}
_subtrees: dict[str, list[SubtreeTotal]] = defaultdict(list)  # base name → the subtree totals it feeds
_watches: dict[type[models.Model], _Watch] = {}
SKIP = object()
BEFORE = "_kept_totals_before"


def register(definition: KeptTotal | SubtreeTotal) -> None:
    """Keep ``definition`` current from now on (call from ``AppConfig.ready()``, once models are loaded).
    Registering it again changes nothing; another total under the same name is refused. A subtree total
    registers its bases too."""
    if definition.name in _registry:
        if _registry[definition.name] is not definition:
            raise ValueError(f"another kept total is registered as {definition.name!r}")
        return
    if isinstance(definition, SubtreeTotal):
        for base in definition.bases:
            register(base)
        _registry[definition.name] = definition
        for base in definition.bases:
            _subtrees[base.name].append(definition)
        _watch_tree(definition.tree_model)
        return
    _registry[definition.name] = definition
    _watch(definition.source_model).sources.append(definition)
    for path in definition.follows:
        related = related_model(definition.source_model, path)
        _watch(related).follows.append((definition, path))


def _watch_tree(model: type[models.Model]) -> None:
    uid = f"kept-totals-tree-{model._meta.label}"
    pre_save.connect(_node_saving, sender=model, weak=False, dispatch_uid=f"{uid}-pre-save")
    post_save.connect(_node_saved, sender=model, weak=False, dispatch_uid=f"{uid}-post-save")


PARENT_BEFORE = "_kept_totals_parent_before"


def _node_saving(sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
    """The parent the row has in the database (django-mptt has already moved the node's position, not yet
    its parent column)."""
    if instance.pk is None:
        return
    attribute = sender._meta.get_field(instance._mptt_meta.parent_attr).attname
    stored = sender._base_manager.using(using).filter(pk=instance.pk).values_list(attribute, flat=True)
    instance.__dict__[PARENT_BEFORE] = next(iter(stored), None)


def _node_saved(sender: type[models.Model], instance: models.Model, created: bool, using: str, **kwargs: Any) -> None:
    """A node moved to another parent takes its subtree's totals along: from its old ancestors to its new."""
    old = instance.__dict__.pop(PARENT_BEFORE, None)
    new = getattr(instance, sender._meta.get_field(instance._mptt_meta.parent_attr).attname)
    if created or old == new:
        return
    for definition in _registry.values():
        if isinstance(definition, SubtreeTotal) and definition.tree_model is sender:
            changes = definition.moved(instance.pk, old, new, using)
            if changes:
                write(definition, changes, "add", using)


def registered() -> list[KeptTotal | SubtreeTotal]:
    return list(_registry.values())


def get(name: str) -> KeptTotal | SubtreeTotal:
    return _registry[name]


def _watch(model: type[models.Model]) -> _Watch:
    if model not in _watches:
        _watches[model] = watch = _Watch(model)
        uid = f"kept-totals-{model._meta.label}"
        pre_save.connect(watch.before_save, sender=model, weak=False, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(watch.after_save, sender=model, weak=False, dispatch_uid=f"{uid}-post-save")
        pre_delete.connect(watch.before_delete, sender=model, weak=False, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(watch.after_delete, sender=model, weak=False, dispatch_uid=f"{uid}-post-delete")
    return _watches[model]


class _Watch:
    """The signal receivers of one model: the totals it is the source of, and those it is followed by."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.sources: list[KeptTotal] = []
        self.follows: list[tuple[KeptTotal, str]] = []

    def fields(self) -> set[str]:
        names = set()
        for definition in self.sources:
            names |= fields_read(definition)
        for definition, path in self.follows:
            names |= fields_read(definition, path)
        return names

    def _unaffected(self, update_fields: Iterable[str] | None) -> bool:
        if update_fields is None:
            return False
        named = {self.model._meta.get_field(name).name for name in update_fields}
        return not named & self.fields()

    def snapshot(self, pk: Any, using: str, lock: bool, follows: bool = True) -> dict[KeptTotal, Totals]:
        result: dict[KeptTotal, Totals] = {}
        if pk is None:
            return result
        if self.sources:
            result.update(_row_contributions(self.model, self.sources, pk, using, lock))
        if follows and self.follows:
            if lock:
                list(self.model._base_manager.using(using).select_for_update().filter(pk=pk).values_list("pk"))
            for definition, path in self.follows:
                queryset = definition.source_model._base_manager.using(using).filter(**{path: pk})
                result[definition] = group(definition, queryset)
        return result

    def before_save(
        self,
        sender: type[models.Model],
        instance: models.Model,
        using: str,
        update_fields: Iterable[str] | None = None,
        **kwargs: Any,
    ) -> None:
        if self._unaffected(update_fields):
            instance.__dict__[BEFORE] = SKIP
            return
        instance.__dict__[BEFORE] = self.snapshot(instance.pk, using, _in_transaction(using))

    def after_save(
        self, sender: type[models.Model], instance: models.Model, created: bool, using: str, **kwargs: Any
    ) -> None:
        before = instance.__dict__.pop(BEFORE, None)
        if before is SKIP:
            return
        after = self.snapshot(instance.pk, using, lock=False, follows=not created)
        _apply_changes(before or {}, after, using)

    def before_delete(self, sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
        # A followed row cannot be deleted under its source rows (PROTECT) or takes them along (CASCADE, and
        # their own deletes count): only the deleted row's own contributions go.
        instance.__dict__[BEFORE] = self.snapshot(instance.pk, using, _in_transaction(using), follows=False)

    def after_delete(self, sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
        _apply_changes(instance.__dict__.pop(BEFORE, None) or {}, {}, using)


def _in_transaction(using: str) -> bool:
    connection = connections[using]
    return connection.in_atomic_block and connection.features.has_select_for_update


def _row_contributions(
    model: type[models.Model], definitions: Sequence[KeptTotal], pk: Any, using: str, lock: bool
) -> dict[KeptTotal, Totals]:
    """What the row ``pk`` adds to each of ``definitions``, in one query (locked FOR UPDATE with the rows its
    keys run through when ``lock``)."""
    selected = {}
    for n, definition in enumerate(definitions):
        for i, expression in enumerate(definition.key_expressions().values()):
            selected[f"kept{n}_key_{i}"] = expression
        for column, tally in definition.tallies().items():
            selected[f"kept{n}_value_{column}"] = tally.per_row()
    queryset = model._base_manager.using(using).filter(pk=pk)
    if lock:
        features = connections[using].features
        follows = sorted({path for definition in definitions for path in definition.follows})
        of = ("self", *follows) if features.has_select_for_update_of else ()
        queryset = queryset.select_for_update(of=of)
    found = list(queryset.values(**selected))
    result: dict[KeptTotal, Totals] = {}
    for n, definition in enumerate(definitions):
        result[definition] = {}
        if not found:
            continue
        row = found[0]
        key = tuple(row[f"kept{n}_key_{i}"] for i in range(len(definition.keys)))
        if None not in key:
            result[definition][key] = {column: row[f"kept{n}_value_{column}"] for column in definition.columns}
    return result


def _apply_changes(before: dict[KeptTotal, Totals], after: dict[KeptTotal, Totals], using: str) -> None:
    for definition in sorted(set(before) | set(after), key=lambda d: d.name):
        delta: dict[Key, Counter] = defaultdict(Counter)
        for key, values in after.get(definition, {}).items():
            delta[key].update(values)
        for key, values in before.get(definition, {}).items():
            delta[key].subtract(values)
        changes = {key: dict(values) for key, values in delta.items() if any(values.values())}
        if changes:
            write(definition, changes, "add", using)


# --- writing the table -------------------------------------------------------------------------------


def write(
    definition: KeptTotal | SubtreeTotal,
    changes: Mapping[Key, Mapping[str, int]],
    mode: Literal["add", "set"],
    using: str,
) -> None:
    """Add ``changes`` ({key: {column: n}}) to the table (``"add"``), or make them its values (``"set"``):
    one upsert per batch, keys in sorted order (two writers lock the same rows in the same order)."""
    table = definition.table_model
    connection = connections[using]
    quote = connection.ops.quote_name
    key_fields = [table._meta.get_field(name) for name in definition.keys]
    value_fields = [table._meta.get_field(name) for name in definition.columns]
    others, other_params, stamped = _other_columns(table, [*key_fields, *value_fields], connection)
    columns = [field.column for field in (*key_fields, *value_fields)] + others
    name = quote(table._meta.db_table)
    assign = [
        f"{quote(f.column)} = {name}.{quote(f.column)} + EXCLUDED.{quote(f.column)}"
        if mode == "add"
        else f"{quote(f.column)} = EXCLUDED.{quote(f.column)}"
        for f in value_fields
    ] + [f"{quote(column)} = EXCLUDED.{quote(column)}" for column in stamped]
    head = f"INSERT INTO {name} ({', '.join(quote(c) for c in columns)}) VALUES "
    tail = " ON CONFLICT ({}) DO UPDATE SET {}".format(
        ", ".join(quote(field.column) for field in key_fields), ", ".join(assign)
    )
    one = "({})".format(", ".join(["%s"] * len(columns)))
    limit = connection.features.max_query_params or 65535
    batch = max(1, min(500, limit // len(columns)))
    items = sorted(changes.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            params: list[Any] = []
            for key, values in chunk:
                params.extend(f.get_db_prep_save(v, connection) for f, v in zip(key_fields, key, strict=True))
                params.extend(int(values.get(f.name, 0)) for f in value_fields)
                params.extend(other_params)
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail, params)
    if mode == "add":
        for subtree in _subtrees.get(definition.name, ()):
            spread = subtree.spread(changes, using)
            if spread:
                write(subtree, spread, "add", using)


def _other_columns(
    table: type[models.Model], written: Sequence[models.Field], connection: Any
) -> tuple[list[str], list[Any], list[str]]:
    """The table's other columns as a new row would hold them (defaults, ``auto_now`` stamps); and which of
    them are stamps to renew on an update too."""
    blank = table()
    names, params, stamped = [], [], []
    for field in table._meta.concrete_fields:
        if field in written or (field.primary_key and isinstance(field, models.AutoField)):
            continue
        names.append(field.column)
        params.append(field.get_db_prep_save(field.pre_save(blank, add=True), connection))
        if getattr(field, "auto_now", False):
            stamped.append(field.column)
    return names, params, stamped


def rebuild(*definitions: KeptTotal | SubtreeTotal, using: str = DEFAULT_DB_ALIAS) -> None:
    """Recompute the tables of ``definitions`` (every registered one when none is given) from their sources,
    in the database (one INSERT … SELECT … GROUP BY each), the tables locked against concurrent counting on
    PostgreSQL. A table all of whose totals are rebuilt is emptied first; otherwise only their columns are
    zeroed."""
    definitions = definitions or tuple(_registry.values())
    by_table: dict[type[models.Model], list[KeptTotal | SubtreeTotal]] = defaultdict(list)
    for definition in definitions:
        by_table[definition.table_model].append(definition)
    with transaction.atomic(using=using):
        for table, group in by_table.items():
            lock_table(table, using)
            everyone = {d.name for d in _registry.values() if d.table_model is table}
            if everyone <= {d.name for d in group}:
                table._base_manager.using(using).all().delete()
            else:
                table._base_manager.using(using).update(**{column: 0 for d in group for column in d.columns})
            for definition in group:
                if isinstance(definition, SubtreeTotal):
                    definition.insert_select(using)
                else:
                    _insert_select(definition, using)


def _insert_select(definition: KeptTotal, using: str) -> None:
    table = definition.table_model
    connection = connections[using]
    quote = connection.ops.quote_name
    query = grouped(definition, definition.source_model._base_manager.using(using).all())
    select, select_params = query.query.get_compiler(using=using).as_sql()
    key_fields = [table._meta.get_field(name) for name in definition.keys]
    value_fields = [table._meta.get_field(name) for name in definition.columns]
    others, other_params, stamped = _other_columns(table, [*key_fields, *value_fields], connection)
    picked = [f"s.{quote(f'kept_key_{i}')}" for i in range(len(key_fields))]
    picked += [f"s.{quote(f'kept_value_{f.name}')}" for f in value_fields]
    assign = [f"{quote(c)} = EXCLUDED.{quote(c)}" for c in [f.column for f in value_fields] + stamped]
    sql = (
        f"INSERT INTO {quote(table._meta.db_table)} "
        f"({', '.join(quote(c) for c in [f.column for f in (*key_fields, *value_fields)] + others)}) "
        f"SELECT {', '.join(picked + ['%s'] * len(others))} FROM ({select}) s WHERE 1 = 1 "
        f"ON CONFLICT ({', '.join(quote(f.column) for f in key_fields)}) DO UPDATE SET {', '.join(assign)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*other_params, *select_params])


def lock_table(table: type[models.Model], using: str) -> None:
    """On PostgreSQL: no one counts into ``table`` until this transaction ends (reads go on)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table._meta.db_table)} IN EXCLUSIVE MODE")
