"""Imports: the same file is imported once, even by two jobs running at the same moment (real threads on
PostgreSQL, each with its own connection); a job can be run again safely (a finished job is left alone, a
job whose worker died starts over); with the queue down the upload says so in Chinese."""

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection, connections
from kombu.exceptions import OperationalError as BrokerDown

from cadres import importer, tasks
from cadres.choices import ImportStatus
from cadres.models import ImportJob, Person, Post
from tests.security.imports import people_csv

ROWS = 300


def make_job(tree, user, data, dry_run=False, name="people.csv"):
    job = ImportJob(federation=tree.d1, user=user, dry_run=dry_run, status=ImportStatus.PENDING)
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    return job


def test_the_same_file_is_imported_once_and_a_finished_job_is_left_alone(tree, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = people_csv(tree.s1c1.code, 20)
    first, second = make_job(tree, users.district, data), make_job(tree, users.district, data, name="copy.csv")
    # when
    assert importer.run(first.pk) == ImportStatus.DONE
    assert importer.run(second.pk) == ImportStatus.FAILED
    assert importer.run(first.pk) == ImportStatus.DONE  # run again (a redelivered task): nothing happens
    # then
    assert Person.objects.count() == 20 and Post.objects.count() == 20
    second.refresh_from_db()
    assert f"由导入任务 #{first.pk} 导入，未重复导入" in second.report[0]["errors"][0]
    first.refresh_from_db()
    assert first.created_people == 20 and first.file_sha256 == second.file_sha256


def test_a_dry_run_of_an_imported_file_is_still_allowed(tree, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = people_csv(tree.s1c1.code, 5)
    assert importer.run(make_job(tree, users.district, data).pk) == ImportStatus.DONE
    assert importer.run(make_job(tree, users.district, data, dry_run=True).pk) == ImportStatus.PREVIEWED


def test_a_job_whose_worker_died_runs_again_from_the_start(tree, users, settings, tmp_path):
    # given: a job left RUNNING half-way through its checks, nothing saved (the save is one transaction)
    settings.MEDIA_ROOT = tmp_path
    job = make_job(tree, users.district, people_csv(tree.s1c1.code, 30))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, total_rows=30, processed_rows=12)
    # when
    assert importer.run(job.pk) == ImportStatus.DONE
    # then
    job.refresh_from_db()
    assert (job.processed_rows, job.created_people, Post.objects.count()) == (30, 30, 30)


def test_a_failed_save_leaves_nothing_and_the_job_is_not_done(tree, users, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    job = make_job(tree, users.district, people_csv(tree.s1c1.code, 30))
    real_save = importer.RowImporter.save

    def save_then_crash(self):
        real_save(self)
        raise RuntimeError("worker lost in the middle of the save")

    monkeypatch.setattr(importer.RowImporter, "save", save_then_crash)
    with pytest.raises(RuntimeError):
        importer.run(job.pk)
    assert Person.objects.count() == 0 and Post.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    monkeypatch.setattr(importer.RowImporter, "save", real_save)
    assert importer.run(job.pk) == ImportStatus.DONE
    assert Post.objects.count() == 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_imports_of_the_same_file_import_it_once(tree, users, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): real concurrent connections")
    settings.MEDIA_ROOT = tmp_path
    data = people_csv(tree.s1c1.code, ROWS)
    jobs = [make_job(tree, users.district, data, name=f"upload{n}.csv") for n in range(2)]
    start = threading.Barrier(2)
    outcomes, errors = {}, []

    def run(job_id):
        try:
            start.wait()
            outcomes[job_id] = importer.run(job_id)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=[job.pk]) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # then: one job imported the file, the other refused it; every row exactly once
    assert errors == []
    assert sorted(outcomes.values()) == sorted([ImportStatus.DONE, ImportStatus.FAILED])
    assert Person.objects.count() == ROWS
    assert Post.objects.count() == ROWS
    assert Post.objects.values("person__name").distinct().count() == ROWS


def test_with_the_queue_down_the_job_fails_with_a_chinese_reason(
    tree, users, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path

    def broker_down(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_import, "apply_async", broker_down)
    job = make_job(tree, users.district, people_csv(tree.s1c1.code, 3))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start_import(job)
    # then
    assert job.queue_error == "后台任务队列暂时不可用，请稍后再试。"
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.report == [{"row": 0, "errors": ["后台任务队列暂时不可用，请稍后再试。"]}]
    assert Person.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_uploading_with_the_queue_down_answers_503_in_chinese(tree, users, api_client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path

    def broker_down(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_import, "apply_async", broker_down)
    upload = ContentFile(people_csv(tree.s1c1.code, 3), name="people.csv")
    # when
    response = api_client(users.district).post("/api/v1/cadres/imports/", {"file": upload, "dry_run": "false"})
    # then
    assert response.status_code == 503
    assert response.json()["detail"] == "后台任务队列暂时不可用，请稍后再试。"
    assert ImportJob.objects.get().status == ImportStatus.FAILED
    assert Person.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_import_page_with_the_queue_down_shows_the_reason(tree, users, client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path

    def broker_down(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_import, "apply_async", broker_down)
    client.force_login(users.district)
    upload = ContentFile(people_csv(tree.s1c1.code, 3), name="people.csv")
    # when
    response = client.post("/cadres/import/", {"file": upload, "dry_run": ""}, follow=True)
    # then: no 500; the job page says the queue is unavailable
    assert response.status_code == 200
    assert "后台任务队列暂时不可用，请稍后再试。" in response.content.decode()
    assert ImportJob.objects.get().status == ImportStatus.FAILED
