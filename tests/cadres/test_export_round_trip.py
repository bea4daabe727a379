"""The people export imports back unchanged (issue 17 item 7): exported one row per post, as the people importer
(cadres.importer) reads it, with the person's 编号; importing the same file creates and changes nothing and
reports no error, whether its phones and ID numbers were exported in full or masked (a masked value means
"keep what is stored"). An edited row still counts: a new post is added, a new term of someone outside her
edit scope is refused."""

import datetime

import pytest

from accounts.models import Role
from cadres import importer
from cadres.choices import Position
from cadres.models import Person, Post
from cadres.resources import PersonResource
from tests.cadres.factories import PersonFactory, PostFactory, make_id_number


def _snapshot():
    people = sorted(
        tuple(getattr(p, f.attname) for f in Person._meta.concrete_fields if f.attname != "updated_at")
        for p in Person.objects.all()
    )
    posts = sorted(
        tuple(getattr(p, f.attname) for f in Post._meta.concrete_fields if f.attname != "updated_at")
        for p in Post.objects.all()
    )
    return people, posts


@pytest.fixture
def people(tree):
    chair = PersonFactory(federation=tree.s1c1, name="张丽", id_number=make_id_number(1))
    PostFactory(person=chair, federation=tree.s1c1, position=Position.CHAIR, term_start=datetime.date(2022, 3, 1))
    PostFactory(person=chair, federation=tree.s1, position=Position.EXEC_MEMBER, term_start=datetime.date(2021, 1, 1))
    other = PersonFactory(federation=tree.s2c1, name="李芳", id_number=make_id_number(2))
    PostFactory(person=other, federation=tree.s2c1, position=Position.CHAIR, term_start=datetime.date(2022, 3, 1))
    PersonFactory(federation=tree.s1, name="王梅", phone="")  # no post, no ID number
    return chair, other


def _export(user):
    data = PersonResource(user=user).export_as("xlsx")
    return importer.read_rows(data, "人员.xlsx")


def test_a_full_view_export_imports_back_unchanged(tree, users, people):
    rows = _export(users.district)
    before = _snapshot()

    report, new_people, new_posts = importer.import_people(users.district, rows, dry_run=False)

    assert len(rows) == 4  # one row per post, one for the person without a post
    assert {r["id_number"] for _n, r in rows} >= {people[0].id_number, people[1].id_number}  # in full
    assert (report, new_people, new_posts) == ([], 0, 0)
    assert _snapshot() == before


def test_a_masked_export_imports_back_unchanged(tree, make_user, people):
    # She edits 水果湖街 and views all of 武昌区: 李芳 (中南路街) is exported with her phone and ID masked.
    street = make_user(Role.STREET_STAFF, tree.s1, username="viewsd1", view_federation=tree.d1)
    rows = _export(street)
    masked = next(r for _n, r in rows if r["name"] == "李芳")
    assert "*" in masked["id_number"] and "*" in masked["phone"]
    before = _snapshot()

    report, new_people, new_posts = importer.import_people(street, rows, dry_run=False)

    assert (report, new_people, new_posts) == ([], 0, 0)
    assert _snapshot() == before


def test_an_edited_row_of_an_export_still_counts(tree, users, make_user, people):
    rows = _export(users.district)
    chair_row = next(r for _n, r in rows if r["name"] == "张丽" and r["position"] == "主席")
    new_post = {**chair_row, "federation_code": "S1", "position": "执委", "term_start": "2023-01-01", "term_end": ""}
    report, _people, posts = importer.import_people(users.district, [(2, new_post)], dry_run=True)
    assert report == [] and posts == 1  # a post she did not hold: added

    street = make_user(Role.STREET_STAFF, tree.s1, username="viewsd1", view_federation=tree.d1)
    masked_rows = _export(street)
    other_row = next(r for _n, r in masked_rows if r["name"] == "李芳")
    report, _people, posts = importer.import_people(
        street, [(2, {**other_row, "position": "执委", "term_start": "2023-01-01", "term_end": ""})], dry_run=True
    )
    assert report and posts == 0  # a new term for someone outside her edit scope is not hers to add
