"""Faults in tasks: every task of ours retries with backoff on a lost database, is acknowledged late (a lost
worker leaves its message for another), and a retried import completes once."""

import pytest
from celery import current_app
from django.core.files.base import ContentFile
from django.db import OperationalError

import activities.tasks  # noqa: F401  (register the tasks, as the worker's autodiscovery does)
import evaluations.tasks  # noqa: F401
from cadres import importer, tasks
from cadres.choices import ImportStatus
from cadres.models import ImportJob, Post
from tests.security.imports import people_csv

OURS = ("cadres.", "activities.", "evaluations.")


def our_tasks():
    return sorted(name for name in current_app.tasks if name.startswith(OURS))


def test_every_task_retries_with_backoff_and_is_acknowledged_late():
    assert len(our_tasks()) >= 4
    for name in our_tasks():
        task = current_app.tasks[name]
        assert OperationalError in task.autoretry_for, name
        assert task.retry_backoff and task.max_retries, name
        assert task.acks_late, name
    assert current_app.conf.task_reject_on_worker_lost
    assert current_app.conf.worker_prefetch_multiplier == 1


def test_an_import_interrupted_by_a_lost_database_is_retried_and_imports_once(
    tree, users, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob(federation=tree.d1, user=users.district, dry_run=False, status=ImportStatus.PENDING)
    job.file.save("people.csv", ContentFile(people_csv(tree.s1c1.code, 25)), save=False)
    job.save()
    real_run, calls = importer.run, []

    def flaky(job_id):
        calls.append(job_id)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_run(job_id)

    monkeypatch.setattr(importer, "run", flaky)
    # when: the first attempt loses the database; Celery retries (at once when eager)
    result = tasks.run_import.apply(args=[job.pk], throw=False)
    # then
    assert result.successful(), result.traceback
    assert len(calls) == 2
    assert Post.objects.count() == 25
    # and a redelivery of the same message changes nothing
    assert tasks.run_import.apply(args=[job.pk]).get() == ImportStatus.DONE
    assert Post.objects.count() == 25


@pytest.mark.parametrize("name", ["evaluations.take_snapshots", "evaluations.rebuild_monthly_stats"])
def test_evaluation_tasks_run_twice_give_the_same_rows(tree, name):
    from evaluations.models import IndicatorSnapshot, MonthlyStat

    task = current_app.tasks[name]
    task.apply().get()
    first = (IndicatorSnapshot.objects.count(), MonthlyStat.objects.count())
    task.apply().get()
    assert (IndicatorSnapshot.objects.count(), MonthlyStat.objects.count()) == first


def test_monthly_reminders_run_twice_store_each_reminder_once(tree):
    from activities.models import Reminder

    first = current_app.tasks["activities.send_monthly_reminders"].apply().get()
    count = Reminder.objects.count()
    second = current_app.tasks["activities.send_monthly_reminders"].apply().get()
    assert Reminder.objects.count() == count
    assert second["created"] == 0 and second["already"] == first["created"] + first["already"]
