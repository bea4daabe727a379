"""Schemathesis fuzzes every operation of /api/schema/ in-process (no network), signed in as city office:
no 500 anywhere, and every answer matches the documented schema (status codes, content type, body).

Bounded: a few examples per operation (FUZZ_EXAMPLES, default 4), no deadline.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from wuhan_fulian.wsgi import application

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def city_token(tree, users):
    return Token.objects.create(user=users.city).key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found, quickly
)
def test_no_server_error_and_schema_conformance(case, city_token):
    response = case.call(headers={"Authorization": f"Token {city_token}"})
    case.validate_response(response, checks=CHECKS)
