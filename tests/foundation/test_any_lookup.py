"""``field__any=[…]`` (core.lookups.AnyOf): the same rows as ``__in``, on a key and a foreign key, with one
array parameter on PostgreSQL whatever the list's length."""

import pytest
from django.db import connection

from organizations.models import Federation

pytestmark = pytest.mark.django_db


def test_any_finds_the_rows_in_finds(tree):
    ids = [tree.s1.pk, tree.s1c1.pk, 10**9]
    assert set(Federation.objects.filter(pk__any=ids)) == set(Federation.objects.filter(pk__in=ids))
    children = Federation.objects.filter(parent__any=[tree.d1.pk, tree.s1.pk])
    assert set(children) == {tree.s1, tree.s2, tree.s1c1, tree.s1v1}
    assert list(Federation.objects.filter(pk__any=[])) == []


def test_a_long_list_is_one_parameter_on_postgresql(tree):
    ids = [tree.s1.pk, *range(10**8, 10**8 + 2000)]
    found = Federation.objects.filter(pk__any=ids).values_list("pk", flat=True)
    assert list(found) == [tree.s1.pk]
    sql, params = found.query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and len(params) == 1
    else:
        assert len(params) == len(ids)
