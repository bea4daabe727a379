"""Service functions other apps call: the consultation precision measure (精准度) in one query."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from venues.models import ConsultationRequest
from venues.services import consultation_precision


def test_precision_is_one_query_whatever_the_rows_and_honours_the_due_days(tree, settings):
    # given: answered after 0, 5 and 9 days; one unanswered; one outside the period
    for federation, received, answered in [
        (tree.s1c1, date(2017, 6, 1), date(2017, 6, 1)),
        (tree.s1v1, date(2017, 6, 1), date(2017, 6, 6)),
        (tree.s2c1, date(2017, 6, 1), date(2017, 6, 10)),
        (tree.s2, date(2017, 7, 1), None),
        (tree.s1, date(2016, 7, 1), date(2016, 7, 1)),
    ]:
        ConsultationRequest.objects.create(
            federation=federation, category="OTHER", received_on=received, answered_on=answered, summary="x", answer="y"
        )
    # when
    with CaptureQueriesContext(connection) as queries:
        result = consultation_precision(tree.d1, date(2017, 1, 1), date(2017, 12, 31))
    # then
    assert len(queries) == 1
    assert (result["logged"], result["answered"], result["answered_in_time"], result["due_days"]) == (4, 3, 2, 7)
    assert result["ratio"] == 0.5
    settings.VENUES_CONSULTATION_DUE_DAYS = 10
    assert consultation_precision(tree.d1, date(2017, 1, 1), date(2017, 12, 31))["answered_in_time"] == 3
    assert consultation_precision(tree.d2, date(2017, 1, 1), date(2017, 12, 31))["ratio"] is None
