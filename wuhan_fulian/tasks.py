"""Tasks every app may use."""

from celery import shared_task


@shared_task(name="wuhan_fulian.ping")
def ping(value):
    """Answers its argument: used by /healthz and the tests to prove a worker is there."""
    return {"pong": value}
