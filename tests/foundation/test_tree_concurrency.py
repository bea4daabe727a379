"""Concurrent tree writes on PostgreSQL keep the MPTT fields sound (the advisory lock)."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from organizations.choices import Level
from organizations.models import Federation
from wuhan_fulian.management.commands.check_tree import tree_problems


def test_check_tree_passes_on_a_sound_tree_and_fails_on_damage(tree):
    call_command("check_tree")
    # when: damage the fields behind MPTT's back
    Federation.objects.filter(pk=tree.s1.pk).update(rght=999)
    # then
    assert tree_problems(Federation)
    with pytest.raises(CommandError):
        call_command("check_tree")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's")
def test_twenty_concurrent_moves_and_inserts_leave_the_tree_sound():
    # given: a city, two districts, four streets in each, a community in each street
    city = Federation.objects.create(name="市", code="c", level=Level.CITY)
    districts = [
        Federation.objects.create(name=f"区{i}", code=f"d{i}", level=Level.DISTRICT, parent=city) for i in range(2)
    ]
    streets = [
        Federation.objects.create(name=f"街{d}{s}", code=f"s{d}{s}", level=Level.STREET, parent=districts[d])
        for d in range(2)
        for s in range(4)
    ]
    for street in streets:
        Federation.objects.create(
            name=f"{street.name}社区", code=f"{street.code}c", level=Level.COMMUNITY, parent=street
        )
    barrier = threading.Barrier(20)
    errors = []

    def work(i):
        try:
            barrier.wait(timeout=30)
            if i % 2:
                node = Federation.objects.get(code=f"s{i % 2}{i % 4}")
                node.parent = Federation.objects.get(code=f"d{(i // 2) % 2}")
                node.save()
            else:
                parent = Federation.objects.get(code=f"s{(i // 2) % 2}{i % 4}")
                Federation.objects.create(name=f"新社区{i}", code=f"n{i}", level=Level.COMMUNITY, parent=parent)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=work, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # then
    assert errors == []
    assert Federation.objects.filter(code__startswith="n").count() == 10
    assert tree_problems(Federation) == []
