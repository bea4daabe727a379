"""Issue 14 items 1, 11, 12 (imports): every import looks rows up only inside the importer's edit scope, a row
outside it is the same row error as a missing one, no preview shows data the user could not see, the same
content is not imported twice. People are imported by ``cadres.importer`` alone (issue 15: the admin only
exports them), the other models by the admin's import-export resources."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from cadres.models import Person, PersonalDataAccess
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


def people_file(*rows):
    header = "姓名,手机号,身份证号,妇联编码,职务,任期开始\n"
    return csv_upload(header + "".join(f"{','.join(row)},执委,2017-03-01\n" for row in rows), "people.csv")


def import_page(client, upload, dry_run, capture):
    """Upload through the one people importer's page and follow to its job page (the job run at commit)."""
    with capture(execute=True):
        response = client.post("/cadres/import/", {"file": upload, "dry_run": "on" if dry_run else ""})
    assert response.status_code == 302
    return client.get(response["Location"])


def test_the_admin_imports_people_only_through_the_importer(tree, users, client):
    # given: the people admin
    client.force_login(users.district)
    # then: no import of its own (one framework imports people); its tools link to the importer's page
    with pytest.raises(NoReverseMatch):
        reverse("admin:cadres_person_import")
    page = client.get(reverse("admin:cadres_person_changelist")).content.decode()
    assert f'href="{reverse("cadres:import")}"' in page
    assert reverse("admin:cadres_person_export") in page
    # a viewer gets no import link
    client.force_login(users.viewer)
    assert reverse("cadres:import") not in client.get(reverse("admin:cadres_person_changelist")).content.decode()


def test_an_import_naming_an_other_district_person_shows_nothing_and_moves_nobody(
    tree, users, client, her, django_capture_on_commit_callbacks
):
    client.force_login(users.district)
    for dry_run in (True, False):
        response = import_page(
            client,
            people_file([her.name, her.phone, her.id_number, "S1C1"]),
            dry_run,
            django_capture_on_commit_callbacks,
        )
        content = response.content.decode()
        assert OUT_OF_SCOPE in content
        assert her.phone not in content and her.id_number not in content
        assert her.federation.name not in content
    her.refresh_from_db()
    assert her.federation == tree.s3c1 and not her.posts.exists()
    assert Person.objects.count() == 1
    assert not PersonalDataAccess.objects.exists()


def test_an_unknown_and_an_out_of_scope_federation_code_read_the_same_on_the_page(
    tree, users, client, django_capture_on_commit_callbacks
):
    client.force_login(users.district)

    def errors(code):
        response = import_page(
            client, people_file(["某人", "13800000000", "", code]), True, django_capture_on_commit_callbacks
        )
        return [" ".join(row["errors"]).replace(code, "X") for row in response.context["job"].report]

    assert errors("S3C1") == errors("NOPE")
    assert OUT_OF_SCOPE in errors("S3C1")[0]


def test_a_dry_run_of_people_in_scope_shows_no_personal_data(tree, users, client, django_capture_on_commit_callbacks):
    # the importer's preview is counts and row errors, never a record's values: nothing to mask, nothing read
    mine = PersonFactory(federation=tree.s1c1, name="李娜", phone="13812340000", id_number=make_id_number(8))
    client.force_login(users.district)
    response = import_page(
        client, people_file(["李娜", "13812349999", mine.id_number, "S1V1"]), True, django_capture_on_commit_callbacks
    )
    content = response.content.decode()
    assert response.context["job"].status == "PREVIEWED"
    assert mine.phone not in content and mine.phone[-4:] not in content and mine.id_number not in content
    assert not PersonalDataAccess.objects.exists()


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
