"""Issue 14 items 1, 11, 12 (imports): every import looks rows up only inside the importer's edit scope, a row
outside it is the same row error as a missing one, no preview shows data the user could not see, the same
content is not imported twice."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres.models import Person, PersonalDataAccess
from cadres.resources import PersonResource
from organizations.models import MemberUnit
from organizations.resources import MemberUnitResource, run_import
from tests.cadres.factories import PersonFactory, make_id_number
from tests.organizations.conftest import credit_code
from venues.models import Venue
from venues.resources import VenueResource

OUT_OF_SCOPE = "不在您的管辖范围内"


def csv_upload(text, name="rows.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def admin_import(client, url_name, upload):
    url = reverse(url_name)
    formats = client.get(url).context["form"].fields["format"].choices
    csv_index = next(value for value, label in formats if str(label).lower() == "csv")
    return client.post(url, {"import_file": upload, "format": csv_index, "resource": 0})


@pytest.fixture
def her(tree):
    """A 硚口 cadre with a phone and an ID number."""
    return PersonFactory(federation=tree.s3c1, name="丁丽", phone="13912345678", id_number=make_id_number(7))


def test_admin_person_import_of_an_other_district_person_shows_nothing_and_moves_nobody(tree, users, client, her):
    client.force_login(users.district)
    response = admin_import(
        client, "admin:cadres_person_import", csv_upload(f"id,federation,name\n{her.pk},{tree.d1.pk},{her.name}\n")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert her.phone not in content and her.id_number not in content
    assert her.phone[-4:] not in content and her.id_number[-4:] not in content
    assert OUT_OF_SCOPE in content
    assert response.context.get("confirm_form") is None
    assert not PersonalDataAccess.objects.exists()


def test_confirming_a_person_import_of_an_other_district_person_changes_nothing(tree, users, her):
    dataset = tablib.Dataset([her.pk, tree.d1.pk, her.name], headers=["id", "federation", "name"])
    result = PersonResource(user=users.district).import_data(dataset, dry_run=False)
    assert result.has_validation_errors() or result.has_errors()
    her.refresh_from_db()
    assert her.federation == tree.s3c1


def test_an_unknown_id_and_an_out_of_scope_id_read_the_same(tree, users, her):
    def errors(pk):
        dataset = tablib.Dataset([pk, tree.d1.pk, "某人"], headers=["id", "federation", "name"])
        result = PersonResource(user=users.district).import_data(dataset, dry_run=True)
        return [invalid.error_dict for invalid in result.invalid_rows] + [
            [str(e.error) for e in errs] for _n, errs in result.row_errors()
        ]

    assert errors(her.pk) == errors(999_999)
    assert OUT_OF_SCOPE in str(errors(her.pk))


def test_a_preview_of_an_in_scope_person_is_logged_as_a_full_read(tree, users, client):
    mine = PersonFactory(federation=tree.s1c1, name="李娜", phone="13812340000", id_number=make_id_number(8))
    client.force_login(users.district)
    response = admin_import(
        client, "admin:cadres_person_import", csv_upload(f"id,federation,name\n{mine.pk},{tree.s1c1.pk},李娜二\n")
    )
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    shown = mine.phone in response.content.decode()
    assert shown == PersonalDataAccess.objects.filter(user=users.district, person=mine).exists()


def test_a_person_preview_never_shows_unmasked_data_of_a_person_the_user_may_not_read_in_full(tree, users, her):
    # the city office views the whole city but edits it too; a viewer cannot import at all: so check the
    # preview's before/after values of a person loaded outside full access go through the masks.
    dataset = tablib.Dataset([her.pk, tree.s3c1.pk, "丁丽二"], headers=["id", "federation", "name"])
    resource = PersonResource(user=users.other_district)
    result = resource.import_data(dataset, dry_run=True)
    html = result.rows[0].diff
    assert her.phone in " ".join(map(str, html))  # she edits 硚口: full, and recorded
    assert PersonalDataAccess.objects.filter(user=users.other_district, person=her).exists()


def test_admin_member_unit_import_cannot_move_an_other_district_unit(tree, users, client, make_unit):
    theirs = make_unit(tree.s3, name="硚口某公司", credit_code=credit_code("91420104MA4KXXXX0"))
    client.force_login(users.district)
    upload = csv_upload(
        f"编号,单位名称,单位类型,所加入妇联编码,加入日期,女职工人数\n{theirs.pk},{theirs.name},企业,S1,2017-05-01,3\n"
    )
    response = admin_import(client, "admin:organizations_memberunit_import", upload)
    assert OUT_OF_SCOPE in response.content.decode()
    assert response.context.get("confirm_form") is None
    dataset = tablib.Dataset(
        [theirs.pk, theirs.name, "企业", "S1", "2017-05-01", 3],
        headers=["编号", "单位名称", "单位类型", "所加入妇联编码", "加入日期", "女职工人数"],
    )
    run_import(MemberUnitResource, users.district, dataset, dry_run=False)
    theirs.refresh_from_db()
    assert theirs.federation == tree.s3


def test_venue_import_by_an_other_districts_code_does_not_update_it(tree, users, make_venue):
    theirs = make_venue(tree.s3c1, name="宝丰妇女之家", code="BF01")
    dataset = tablib.Dataset(["BF01", "改名之家", "妇女之家", "S1C1"], headers=["编码", "名称", "类型", "运营妇联编码"])
    result = VenueResource(user=users.district).import_data(dataset, dry_run=False)
    assert result.has_validation_errors() or result.has_errors()
    assert OUT_OF_SCOPE in str([i.error_dict for i in result.invalid_rows])
    theirs.refresh_from_db()
    assert (theirs.name, theirs.federation) == ("宝丰妇女之家", tree.s3c1)


def test_an_import_without_a_user_is_refused(tree):
    dataset = tablib.Dataset(
        ["甲公司", "企业", "S1", "2017-05-01"], headers=["单位名称", "单位类型", "所加入妇联编码", "加入日期"]
    )
    with pytest.raises(PermissionError):
        MemberUnitResource().import_data(dataset, dry_run=True)
    with pytest.raises(PermissionError):
        VenueResource(user=None).import_data(dataset, dry_run=True)
    assert not MemberUnit.objects.exists() and not Venue.objects.exists()
    assert not Person.objects.exists()
