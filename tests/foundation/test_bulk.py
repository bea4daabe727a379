"""The one bulk writer (core.bulk): what the demo data set and the rebuild of derived tables write with."""

from cadres.models import PartyOrganization
from core import bulk


def test_dict_rows_take_defaults_for_missing_fields_and_ids_continue_after_them(tree):
    # given
    writer = bulk.Writer(PartyOrganization)
    first = writer.new_id()
    # when
    writer.add({"id": first, "federation_id": tree.s1.pk, "name": "水果湖街党工委", "org_type": "WORKING_COMMITTEE"})
    writer.add(
        {
            "id": writer.new_id(),
            "federation_id": tree.s2.pk,
            "name": "中南路街党工委",
            "org_type": "WORKING_COMMITTEE",
            "secretary": "王芳",
        }
    )
    written = writer.finish()
    # then
    assert written == 2
    stored = {org.name: org for org in PartyOrganization.objects.all()}
    assert stored["水果湖街党工委"].pk == first and stored["水果湖街党工委"].secretary == ""
    assert stored["中南路街党工委"].secretary == "王芳"
    assert stored["水果湖街党工委"].created_at is not None and stored["水果湖街党工委"].updated_at is not None
    # and an ordinary save afterwards gets the next id (PostgreSQL's sequence was moved past the given ones)
    later = PartyOrganization.objects.create(federation=tree.s3, name="宝丰街党工委", org_type="WORKING_COMMITTEE")
    assert later.pk == first + 2


def test_tuple_rows_are_written_a_batch_at_a_time_and_ids_left_out_come_from_the_database(tree):
    # given: a batch of two
    writer = bulk.Writer(PartyOrganization, ["federation", "name", "org_type"], batch=2)
    rows = [(f.pk, f"{f.name}党组织", "BRANCH") for f in (tree.s1c1, tree.s2c1, tree.s3c1)]
    # when
    writer.add(rows[0])
    writer.add(rows[1])
    # then: the first two are in the table already, the third waits for finish()
    assert PartyOrganization.objects.count() == 2
    writer.add(rows[2])
    assert PartyOrganization.objects.count() == 2
    assert writer.finish() == 3
    ids = sorted(PartyOrganization.objects.values_list("id", flat=True))
    assert len(set(ids)) == 3 and all(ids)
    assert set(PartyOrganization.objects.values_list("contact", flat=True)) == {""}
