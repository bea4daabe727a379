"""Counting inside a federation's subtree as a correlated subquery, so many counts (and many federations)
come back in one SQL statement: ``Federation.objects.annotate(n=scalar(rows, "federation", Count(F("id"))))``
gives each federation the count of ``rows`` whose federation lies in its subtree (an MPTT range test)."""

from django.db.models import Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce


class Count(Func):
    """COUNT(x) without GROUP BY: one row per (sub)query."""

    function = "COUNT"
    output_field = IntegerField()


class CountDistinct(Func):
    function = "COUNT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = IntegerField()


class Total(Func):
    function = "SUM"
    output_field = IntegerField()


def under_outer(path):
    """Rows whose federation (at ``path``) lies in the outer federation's subtree: its ``lft`` within the
    outer ``lft``..``rght`` (the same rows as ``lft >= lft AND rght <= rght`` in a nested set). One range on
    one column: PostgreSQL estimates it as narrow and reads the range index, where the two open-ended
    inequalities looked like a third of the tree each and made it scan whole tables once per outer row."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}tree_id": OuterRef("tree_id"), f"{prefix}lft__range": (OuterRef("lft"), OuterRef("rght"))})


def under(path, root):
    """Rows whose federation (at ``path``) lies in ``root``'s subtree, with the numbers written in: the
    planner then knows how big the subtree is (a city: hash joins; a street: index lookups)."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}tree_id": root.tree_id, f"{prefix}lft__range": (root.lft, root.rght)})


def scalar(queryset, path, aggregate, root=None):
    """``aggregate`` over ``queryset``'s rows in the outer federation's subtree (0 when none); in ``root``'s
    subtree instead when it is given (the outer query reads that one federation)."""
    within = under_outer(path) if root is None else under(path, root)
    inner = queryset.filter(within).order_by().annotate(value=aggregate).values("value")[:1]
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))
