from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import importer

# A lost database connection is retried with growing pauses; the import is safe to run again (a finished
# job is left alone, a file is imported once), and acknowledged only when done, so a worker that dies
# mid-import leaves the message for another worker.
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
    "reject_on_worker_lost": True,
}


@shared_task(name="cadres.run_import_people", **RETRY)
def run_import(job_id):
    """Import people with posts from an uploaded spreadsheet (queue "imports"). The file's headers are the
    Chinese template's whatever language the uploader reads the site in (run eagerly, the task would
    otherwise inherit her request's language and find no column)."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return importer.run(job_id)


def start_import(job):
    """Hand ``job`` to the imports queue once it is committed. With the queue (Redis) down the job fails at
    once with the reason in Chinese (also left on ``job.queue_error``), rather than waiting for ever or
    breaking the page."""
    from django.db import transaction
    from django.utils import timezone

    from core.tasks import QueueUnavailable, enqueue

    from .choices import ImportStatus
    from .models import ImportJob

    def send():
        try:
            enqueue(run_import, job.pk)
        except QueueUnavailable as exc:
            job.queue_error = str(exc)
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportStatus.FAILED, report=[{"row": 0, "errors": [str(exc)]}], finished_at=timezone.now()
            )

    transaction.on_commit(send)


IMPORT_FILE_RETENTION_DAYS = 7


@shared_task(name="cadres.remove_stale_import_files", **RETRY)
def remove_stale_import_files(days=None):
    """Import files go when their job finishes (``importer.remove_file``); a job that never finished (its
    worker lost for good) keeps its file at most IMPORT_FILE_RETENTION_DAYS days, then this removes it.
    Returns how many files were removed."""
    import datetime

    from django.utils import timezone

    from .models import ImportJob

    cutoff = timezone.now() - datetime.timedelta(days=days or IMPORT_FILE_RETENTION_DAYS)
    removed = 0
    for job in ImportJob.objects.exclude(file="").filter(created_at__lt=cutoff).only("pk", "file"):
        importer.remove_file(job)
        removed += 1
    return removed
