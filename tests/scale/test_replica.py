"""With DATABASE_REPLICA_URL set, dashboard reads go to the replica and writes never do.

Two databases on the local PostgreSQL server stand in for primary and replica; each gets a row the
other lacks, so where a read went is visible in its answer.
"""

import json
import os

import pytest
from django.db import connection

from tests.scale.nodes import manage, postgres_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI)"),
]

SCRIPT = """
import json
from organizations.models import Federation as F
from core.db import replica_reads
with replica_reads():
    read = list(F.objects.values_list("name", flat=True))
    F.objects.create(name="写入", code="W", level="CITY")   # a write inside a replica block
plain = list(F.objects.order_by("name").values_list("name", flat=True))
# the survey-results endpoint (a dashboard read): the user is authenticated on the primary, the figures
# come from the replica
from rest_framework.test import APIRequestFactory, force_authenticate
from accounts.models import User
from evaluations.api.views import SurveyResultsView
user = User.objects.create_user("ops", password="Wuhan-Fulian-2017!", role="city_office",
                                federation=F.objects.get(code="P"))
request = APIRequestFactory().get("/api/v1/evaluations/survey-results/", {"federation": user.federation_id})
force_authenticate(request, user=user)
response = SurveyResultsView.as_view()(request)
print(json.dumps({"replica_read": read, "primary_after": plain, "status": response.status_code,
                  "dashboard_name": response.data["federation"]["name"]}, ensure_ascii=False))
"""


def _insert(env, url, name, code):
    create = (
        "from organizations.models import Federation as F; "
        f"F.objects.create(name='{name}', code='{code}', level='CITY')"
    )
    manage(dict(env, DATABASE_URL=url), "shell", "-c", create)


def test_dashboard_reads_go_to_the_replica_and_writes_to_the_primary():
    with postgres_database("wf_primary") as primary, postgres_database("wf_replica") as replica:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="wuhan_fulian.settings", DATABASE_URL=primary)
        env.pop("REDIS_URL", None)
        manage(env, "migrate", "--no-input")
        manage(dict(env, DATABASE_URL=replica), "migrate", "--no-input")
        _insert(env, primary, "主库", "P")
        _insert(env, replica, "从库", "R")
        # when
        out = manage(dict(env, DATABASE_REPLICA_URL=replica), "shell", "-c", SCRIPT).stdout
        # then
        result = json.loads(out.strip().splitlines()[-1])
        assert result["replica_read"] == ["从库"]
        assert result["primary_after"] == ["主库", "写入"]
        assert result["status"] == 200
        assert result["dashboard_name"] == "从库"
