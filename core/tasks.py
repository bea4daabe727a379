"""Tasks every app may use, and ``enqueue``: how web code hands work to Celery."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.db import transaction

logger = logging.getLogger(__name__)


@shared_task(name="wuhan_fulian.ping")
def ping(value: Any) -> dict[str, Any]:
    """Answers its argument: used by the ops endpoint and the tests to prove a worker is there."""
    return {"pong": value}


class QueueUnavailable(RuntimeError):
    """The broker cannot be reached and the task may not run in the web process."""


def enqueue(task: Any, *args: Any, run_inline_if_down: bool = False, on_commit: bool = False, **kwargs: Any) -> Any:
    """Send ``task`` to its queue. When the broker (Redis) is down: run it here if ``run_inline_if_down``
    (small, quick tasks), else raise ``QueueUnavailable`` with a message the caller can show.
    With ``on_commit`` the task is sent once the current transaction commits."""
    from kombu.exceptions import OperationalError

    def send() -> Any:
        try:
            return task.apply_async(args=args, kwargs=kwargs)
        except OperationalError as exc:
            logger.warning("broker unavailable for %s: %s", task.name, exc)
            if run_inline_if_down:
                return task.apply(args=args, kwargs=kwargs)
            raise QueueUnavailable("后台任务队列暂时不可用，请稍后再试。") from exc

    if on_commit:
        transaction.on_commit(send)
        return None
    return send()
