"""Kept totals: sums of source rows per key (activities per federation; the survey, rating and activity
counters per federation and month), kept current on every save and delete so that a dashboard reads a small
table instead of counting millions of rows.

A ``KeptTotal`` says it once: the source model, the key its rows are grouped by (table field → expression on
the source), the values each row adds (``rows()`` / ``total()``, each with an optional condition) and the
relations whose change moves the source's rows to another key (``follows``). From that one declaration:

- the live path: on every save and delete the row's contribution is read from the database before the write
  (``pre_save`` / ``pre_delete``, locking the row and the rows its key runs through) and after it, and the
  difference is added with one upsert (``INSERT … ON CONFLICT DO UPDATE SET n = n + EXCLUDED.n``) in the
  write's own transaction: a rollback undoes both, and two writers of the same row never lose a count;
- ``recompute()``: the true totals from the source rows, one GROUP BY, for some keys or all of them;
- ``compare()``, ``reconcile()`` (drift found, reported, optionally rewritten) and ``rebuild()`` (the whole
  table from the source, in the database: INSERT … SELECT).

``QuerySet.update()``, ``bulk_create`` and COPY send no signal: bulk loaders call ``rebuild()`` afterwards,
and the nightly ``core.reconcile_counters`` task checks a sample of keys of every registered total and
reports drift (log warning naming the counter and the keys; Prometheus gauge
``wuhan_fulian_counter_drift_keys``). Outside any transaction (a shell, a script) the row and its counters
are written one after the other, as Django's own save writes a row and its history.

A ``SubtreeTotal`` (subtree.py) keeps some kept totals summed over each node's whole subtree of a tree
(the monthly counters per federation's subtree), fed by its bases' live path in the same transaction,
recomputed, compared, reconciled and rebuilt like any other.
"""

from .definition import KeptTotal, Key, Tally, Totals, kept, recompute, rows, total
from .live import get, rebuild, register, registered, write
from .reconcile import Drift, Reconciliation, compare, reconcile, reconcile_counters, sample_keys
from .subtree import SubtreeTotal, ancestors

__all__ = [
    "Drift",
    "KeptTotal",
    "Key",
    "Reconciliation",
    "SubtreeTotal",
    "Tally",
    "Totals",
    "ancestors",
    "compare",
    "get",
    "kept",
    "rebuild",
    "recompute",
    "reconcile",
    "reconcile_counters",
    "register",
    "registered",
    "rows",
    "sample_keys",
    "total",
    "write",
]
