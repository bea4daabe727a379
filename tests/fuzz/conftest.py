import pytest
from django.core import signals
from django.db import close_old_connections


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Schemathesis calls the WSGI application directly, so each request's start and end would run
    ``close_old_connections``, which drops a connection left inside the test's transaction (PostgreSQL; an
    in-memory SQLite database ignores it). Django's own test client disconnects it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
