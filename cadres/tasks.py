from celery import shared_task

from . import importer


@shared_task(name="cadres.run_import_people", acks_late=True)
def run_import(job_id):
    """Import people with posts from an uploaded spreadsheet (queue "imports")."""
    return importer.run(job_id)
