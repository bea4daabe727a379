"""Test settings: the base settings with a fast password hasher.

The database comes from DATABASE_URL as in every other mode, so the same suite runs on PostgreSQL
(CI) and on the SQLite default. Celery runs eagerly; the tests that need a
real worker start one themselves.
"""

import os

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Tasks run in-process in tests even when REDIS_URL is set; the worker round-trip test turns this off
# for itself and starts a real worker.
CELERY_TASK_ALWAYS_EAGER = True
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"  # noqa: F405
