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
    """Rows whose federation (at ``path``) lies in the outer federation's subtree."""
    prefix = f"{path}__" if path else ""
    return Q(
        **{
            f"{prefix}tree_id": OuterRef("tree_id"),
            f"{prefix}lft__gte": OuterRef("lft"),
            f"{prefix}rght__lte": OuterRef("rght"),
        }
    )


def scalar(queryset, path, aggregate):
    """``aggregate`` over ``queryset``'s rows in the outer federation's subtree (0 when none)."""
    inner = queryset.filter(under_outer(path)).order_by().annotate(value=aggregate).values("value")[:1]
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))
