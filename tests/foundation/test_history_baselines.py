"""Every tracked record has a first history row: rows written in bulk get one from ``core.history`` (the seed
calls it, a data migration runs it for existing rows), so the first edit shows a field diff."""

import datetime

from django.apps import apps as live_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from core.history import BASELINE_REASON, tracked_models, write_baselines
from organizations.choices import MemberUnitType
from organizations.models import MemberUnit


def _units(federation, count, start=0):
    return MemberUnit.objects.bulk_create(
        MemberUnit(
            name=f"成员单位{start + n}",
            unit_type=MemberUnitType.choices[0][0],
            federation=federation,
            joined_on=datetime.date(2024, 1, 1),
        )
        for n in range(count)
    )


def test_bulk_rows_get_one_baseline_each_and_the_first_edit_shows_a_diff(tree):
    units = _units(tree.s1, 3)
    edited = MemberUnit.objects.create(
        name="已有历史的单位",
        unit_type=MemberUnitType.choices[0][0],
        federation=tree.s1,
        joined_on=datetime.date(2024, 1, 1),
    )
    assert not MemberUnit.history.filter(id__in=[u.pk for u in units]).exists()

    written = write_baselines(app_labels={"organizations"})

    assert written["organizations_historicalmemberunit"] == 3
    for unit in units:
        (baseline,) = MemberUnit.history.filter(id=unit.pk)
        assert baseline.history_type == "+"
        assert baseline.history_change_reason == BASELINE_REASON
        assert baseline.name == unit.name and baseline.federation_id == tree.s1.pk
        assert baseline.history_date == unit.created_at
    assert MemberUnit.history.filter(id=edited.pk).count() == 1  # its own "+" row, no second one

    unit = MemberUnit.objects.get(pk=units[0].pk)
    unit.women_count = 12
    unit.save()
    latest = unit.history.first()
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("women_count", 0, 12)]


def test_running_again_writes_nothing(tree):
    _units(tree.s1, 2)
    write_baselines()
    assert write_baselines() == {}
    assert MemberUnit.history.count() == 2


def test_batches_cover_every_id_and_queries_do_not_grow_with_rows(tree):
    _units(tree.s1, 5)
    with CaptureQueriesContext(connection) as few:
        write_baselines(app_labels={"organizations"}, batch=1000)
    MemberUnit.history.all().delete()
    _units(tree.s2, 40, start=100)
    with CaptureQueriesContext(connection) as many:
        write_baselines(app_labels={"organizations"}, batch=1000)
    assert len(many) == len(few)
    MemberUnit.history.all().delete()
    write_baselines(app_labels={"organizations"}, batch=7)  # ranges of 7 ids: none left out, none twice
    assert MemberUnit.history.count() == MemberUnit.objects.count() == 45


def test_the_migration_writes_baselines_with_the_migration_state_models(tree):
    _units(tree.s1, 2)
    state = MigrationLoader(connection).project_state(("evaluations", "0006_history_baselines"))
    written = write_baselines(state.apps)
    assert written["organizations_historicalmemberunit"] == 2
    assert "organizations_historicalfederation" not in written  # the tree was saved one by one: it has its rows
    assert MemberUnit.history.filter(history_type="+").count() == 2


def test_every_history_table_of_the_project_is_covered():
    tracked = {history._meta.db_table for _base, history in tracked_models(live_apps)}
    expected = {
        model.history.model._meta.db_table
        for model in live_apps.get_models()
        if hasattr(model, "history") and hasattr(model.history, "model")
    }
    assert expected and expected <= tracked


def test_an_import_writes_each_records_first_history_row_with_the_importer(tree, users):
    import tablib

    from organizations.resources import MemberUnitResource, run_import

    dataset = tablib.Dataset(
        ["甲公司", "企业", "S1", "2017-05-01", "3"],
        ["乙公司", "企业", "S2", "2017-05-01", "4"],
        headers=["单位名称", "单位类型", "所加入妇联编码", "加入日期", "女职工人数"],
    )
    _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=False)
    assert errors == []
    rows = MemberUnit.history.order_by("name")
    assert [(r.name, r.history_type, r.history_user_id) for r in rows] == [
        ("乙公司", "+", users.district.pk),
        ("甲公司", "+", users.district.pk),
    ]
