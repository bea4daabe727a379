"""Subtree totals: the totals of some kept totals (``bases``) summed over each node's whole subtree of a tree
(django-mptt: ``tree_id``, ``lft``, ``rght``), kept in a table of their own with the bases' keys, the tree
key (``node``) standing for every ancestor of the base key's node, the node itself included. A dashboard
then reads one row per child and month instead of one per federation of the subtree.

Kept on the same path as the bases: every ``add`` written to a base (the live path, in the write's own
transaction) is added to the ancestors' rows too, one upsert whose keys are sorted (ancestors by id, then
the other key parts), so concurrent writers take the shared rows in one order: no deadlock, and
``n = n + d`` loses no count. A node moved to another parent takes its subtree's totals from its old
ancestors to its new ones (its own row, locked, says how much). ``recompute()`` sums the bases'
recomputation from the source rows over each ancestor; ``rebuild()`` does the same in the database."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models

from .definition import KeptTotal, Key, Tally, Totals, grouped, recompute


@dataclass(frozen=True, eq=False)
class SubtreeTotal:
    """The ``bases`` (kept totals with the same key fields, ``node`` among them) summed per subtree into
    ``table`` (the same key fields, unique together, and every column of the bases)."""

    name: str
    bases: tuple[KeptTotal, ...]
    table: str
    node: str = "federation"
    follows: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = {tuple(base.keys) for base in self.bases}
        if len(names) != 1 or self.node not in next(iter(names)):
            raise ValueError(f"{self.name}: the bases must share their key fields, {self.node!r} among them")

    @property
    def table_model(self) -> type[models.Model]:
        return apps.get_model(self.table)

    @property
    def tree_model(self) -> type[models.Model]:
        return self.table_model._meta.get_field(self.node).related_model

    @property
    def keys(self) -> Mapping[str, Any]:
        return self.bases[0].keys

    @property
    def node_index(self) -> int:
        return list(self.keys).index(self.node)

    def tallies(self) -> Mapping[str, Tally]:
        merged: dict[str, Tally] = {}
        for base in self.bases:
            merged.update(base.tallies())
        return merged

    @property
    def columns(self) -> list[str]:
        return list(self.tallies())

    def __repr__(self) -> str:
        return f"<SubtreeTotal {self.name}>"

    # --- spreading a base's totals over the ancestors ---------------------------------------------------

    def spread(self, totals: Mapping[Key, Mapping[str, int]], using: str) -> Totals:
        """``totals`` of base keys as the sums they add to the subtree rows of every ancestor."""
        index = self.node_index
        chains = ancestors(self.tree_model, {key[index] for key in totals}, using)
        result: dict[Key, Counter] = defaultdict(Counter)
        for key, values in totals.items():
            for ancestor in chains.get(key[index], ()):
                result[(*key[:index], ancestor, *key[index + 1 :])].update(
                    {column: value or 0 for column, value in values.items()}
                )
        return {key: dict(values) for key, values in result.items()}

    def recompute_totals(self, keys: Iterable[Key] | None = None, using: str = DEFAULT_DB_ALIAS) -> Totals:
        """The true subtree totals from the source rows: each base recomputed (one GROUP BY each) and spread
        over the ancestors; every key's, or those of ``keys``."""
        wanted = None if keys is None else set(keys)
        if wanted is not None and not wanted:
            return {}
        zero = dict.fromkeys(self.columns, 0)
        result: Totals = {}
        for base in self.bases:
            for key, values in self.spread(recompute(base, using=using), using).items():
                if wanted is None or key in wanted:
                    result.setdefault(key, dict(zero)).update(values)
        return result

    def moved(self, pk: Any, old_parent: Any, new_parent: Any, using: str) -> Totals:
        """What moving node ``pk`` from ``old_parent`` to ``new_parent`` changes: its subtree's totals (its
        own rows, locked in a transaction) leave the ancestors it had and go to those it has now."""
        chains = ancestors(self.tree_model, {old_parent, new_parent} - {None}, using)
        before, after = set(chains.get(old_parent, ())), set(chains.get(new_parent, ()))
        names = list(self.keys)
        rows = self.table_model._base_manager.using(using).filter(**{self.node: pk}).order_by(*names)
        if connections[using].in_atomic_block and connections[using].features.has_select_for_update:
            rows = rows.select_for_update()
        changes: dict[Key, Counter] = defaultdict(Counter)
        index = self.node_index
        for row in rows.values_list(*names, *self.columns):
            key, values = row[: len(names)], dict(zip(self.columns, row[len(names) :], strict=True))
            for ancestor, sign in [(a, -1) for a in before - after] + [(a, 1) for a in after - before]:
                changes[(*key[:index], ancestor, *key[index + 1 :])].update(
                    {column: sign * value for column, value in values.items()}
                )
        return {key: dict(values) for key, values in changes.items() if any(values.values())}

    # --- the rebuild in the database --------------------------------------------------------------------

    def insert_select(self, using: str) -> None:
        """Each base's GROUP BY over its source, joined to the ancestors of its node and summed per subtree
        key (one INSERT … SELECT per base; the table emptied or its columns zeroed beforehand)."""
        from .live import _other_columns

        connection = connections[using]
        quote = connection.ops.quote_name
        table = self.table_model
        tree = self.tree_model
        meta = tree._mptt_meta
        tree_id, lft, rght = (
            quote(tree._meta.get_field(name).column) for name in (meta.tree_id_attr, meta.left_attr, meta.right_attr)
        )
        pk = quote(tree._meta.pk.column)
        key_fields = [table._meta.get_field(name) for name in self.keys]
        index = self.node_index
        for base in self.bases:
            value_fields = [table._meta.get_field(name) for name in base.columns]
            others, other_params, stamped = _other_columns(table, [*key_fields, *value_fields], connection)
            source = base.source_model._base_manager.using(using).all()
            select, select_params = grouped(base, source).query.get_compiler(using=using).as_sql()
            keys = [f"a.{pk}" if i == index else f"s.{quote(f'kept_key_{i}')}" for i in range(len(key_fields))]
            sums = [f"SUM(s.{quote(f'kept_value_{f.name}')})" for f in value_fields]
            assign = [f"{quote(c)} = EXCLUDED.{quote(c)}" for c in [f.column for f in value_fields] + stamped]
            sql = (
                f"INSERT INTO {quote(table._meta.db_table)} "
                f"({', '.join(quote(c) for c in [f.column for f in (*key_fields, *value_fields)] + others)}) "
                f"SELECT {', '.join(keys + sums + ['%s'] * len(others))} FROM ({select}) s "
                f"JOIN {quote(tree._meta.db_table)} f ON f.{pk} = s.{quote(f'kept_key_{index}')} "
                f"JOIN {quote(tree._meta.db_table)} a ON a.{tree_id} = f.{tree_id} "
                f"AND a.{lft} <= f.{lft} AND a.{rght} >= f.{rght} "
                f"WHERE 1 = 1 GROUP BY {', '.join(keys)} "
                f"ON CONFLICT ({', '.join(quote(f.column) for f in key_fields)}) DO UPDATE SET {', '.join(assign)}"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*other_params, *select_params])


def ancestors(tree: type[models.Model], ids: Iterable[Any], using: str = DEFAULT_DB_ALIAS) -> dict[Any, list[Any]]:
    """{node id: the ids of the node and its ancestors, root first} for the nodes ``ids`` of an MPTT
    ``tree`` (one query per 500 nodes: a range join of the table on itself)."""
    ids = sorted(i for i in set(ids) if i is not None)
    if not ids:
        return {}
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = tree._mptt_meta
    table = quote(tree._meta.db_table)
    pk = quote(tree._meta.pk.column)
    tree_id, lft, rght = (
        quote(tree._meta.get_field(name).column) for name in (meta.tree_id_attr, meta.left_attr, meta.right_attr)
    )
    result: dict[Any, list[Any]] = defaultdict(list)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"SELECT f.{pk}, a.{pk} FROM {table} f JOIN {table} a ON a.{tree_id} = f.{tree_id} "
                f"AND a.{lft} <= f.{lft} AND a.{rght} >= f.{rght} "
                f"WHERE f.{pk} IN ({', '.join(['%s'] * len(chunk))}) ORDER BY f.{pk}, a.{lft}",
                chunk,
            )
            for node, ancestor in cursor.fetchall():
                result[node].append(ancestor)
    return dict(result)
