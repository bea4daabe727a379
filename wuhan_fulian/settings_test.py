"""Test settings: the base settings with a fast password hasher.

The database comes from DATABASE_URL as in every other mode, so the same suite runs on PostgreSQL
(CI) and on the SQLite default. Celery runs eagerly; the tests that need a
real worker start one themselves.
"""

import os

from .settings import *  # noqa: F403
from .settings import _limit_statements

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Tasks run in-process in tests even when REDIS_URL is set; the worker round-trip test turns this off
# for itself and starts a real worker.
CELERY_TASK_ALWAYS_EAGER = True
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"  # noqa: F405
# The test process is the web and the loader at once (fixtures build the whole demo tree), on a CI machine
# that is busy: a limit that still stops a runaway statement without failing a slow fixture. The limit's own
# tests set a short one locally (SET LOCAL).
DB_STATEMENT_TIMEOUT_MS = env_int("DB_TEST_STATEMENT_TIMEOUT_MS", 300000)  # noqa: F405
_limit_statements(DB_STATEMENT_TIMEOUT_MS, DB_JOB_STATEMENT_TIMEOUT_MS)  # noqa: F405
MESSAGE_SENDERS = []  # a test that wants a sender sets its own
