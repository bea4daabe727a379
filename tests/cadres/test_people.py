"""People and posts: the ID check digit, terms, one sitting chair, masking and the access log."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cadres.choices import Appointment, Position
from cadres.models import Person, PersonalDataAccess, Post
from cadres.validators import id_check_digit, validate_id_number
from core.masking import mask_id_number, mask_phone
from tests.cadres.factories import PersonFactory, PostFactory, make_id_number

PEOPLE = "/api/v1/cadres/people/"
POSTS = "/api/v1/cadres/posts/"
VALID_ID = "11010519491231002X"  # the standard's own example


def has_chinese(value):
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(value))


def test_gb11643_check_digit_of_the_standard_example():
    assert id_check_digit(VALID_ID[:17]) == "X"
    validate_id_number(VALID_ID)


@pytest.mark.parametrize("bad", ["110105194912310021", "11010519491231002", "1101051949123100AX", "110105194913310029"])
def test_bad_id_numbers_are_rejected(bad):
    with pytest.raises(ValidationError):
        validate_id_number(bad)


def test_wrong_check_digit_through_the_api_is_400_in_chinese_and_saves_nothing(tree, users, api_client):
    # given
    payload = {"federation": tree.s1c1.pk, "name": "张三", "id_number": VALID_ID[:17] + "1"}
    # when
    response = api_client(users.district).post(PEOPLE, payload, format="json")
    # then
    assert response.status_code == 400
    assert "校验位" in str(response.json()["id_number"])
    assert not Person.objects.filter(name="张三").exists()


def test_id_number_fills_birth_year_and_must_match_gender(tree, users, api_client):
    client = api_client(users.district)
    response = client.post(PEOPLE, {"federation": tree.s1c1.pk, "name": "赵女士", "id_number": VALID_ID}, format="json")
    assert response.status_code == 201, response.json()
    assert Person.objects.get(name="赵女士").birth_year == 1949
    male = make_id_number(5)[:16] + "1"
    male += id_check_digit(male)
    response = client.post(PEOPLE, {"federation": tree.s1c1.pk, "name": "钱", "id_number": male}, format="json")
    assert response.status_code == 400
    assert has_chinese(response.json()["gender"])


def test_duplicate_id_number_is_refused_in_chinese(tree, users, api_client):
    PersonFactory(federation=tree.s1c1, id_number=VALID_ID, birth_year=1949)
    response = api_client(users.district).post(
        PEOPLE, {"federation": tree.s1c1.pk, "name": "重复", "id_number": VALID_ID}, format="json"
    )
    assert response.status_code == 400
    assert "身份证号" in str(response.json()["id_number"])


def test_term_end_defaults_to_the_term_length_setting(tree, settings):
    settings.TERM_LENGTH_YEARS = 3
    post = PostFactory(federation=tree.s1c1, term_start=datetime.date(2017, 3, 1))
    assert post.term_end == datetime.date(2020, 2, 29)


def test_term_ending_before_it_starts_is_400(tree, users, api_client, chair):
    # when
    response = api_client(users.district).post(
        POSTS,
        {
            "person": chair.person_id,
            "federation": tree.s1c1.pk,
            "position": Position.EXEC_MEMBER,
            "term_start": "2017-03-01",
            "term_end": "2016-03-01",
        },
        format="json",
    )
    # then
    assert response.status_code == 400
    assert "不能早于" in str(response.json()["term_end"])
    assert Post.objects.count() == 1


def test_second_sitting_chair_is_400_and_the_database_refuses_it_too(tree, users, api_client, chair):
    # given
    other = PersonFactory(federation=tree.s1c1)
    payload = {"person": other.pk, "federation": tree.s1c1.pk, "position": Position.CHAIR, "term_start": "2018-01-01"}
    # when
    response = api_client(users.district).post(POSTS, payload, format="json")
    # then
    assert response.status_code == 400
    assert "在任主席" in str(response.json())
    assert Post.objects.filter(position=Position.CHAIR).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(person=other, federation=tree.s1c1, position=Position.CHAIR, term_start=chair.term_start)


def test_new_chair_after_the_old_one_left(tree, users, api_client, chair):
    chair.ended_on = datetime.date(2019, 12, 31)
    chair.save()
    other = PersonFactory(federation=tree.s1c1)
    response = api_client(users.district).post(
        POSTS,
        {"person": other.pk, "federation": tree.s1c1.pk, "position": Position.CHAIR, "term_start": "2020-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["term_end"] == "2024-12-31"


def test_appointed_part_time_vice_chair_needs_her_team(tree, users, api_client, chair):
    payload = {
        "person": chair.person_id,
        "federation": tree.s1c1.pk,
        "position": Position.VICE_CHAIR_PARTTIME,
        "appointment": Appointment.APPOINTED,
        "term_start": "2017-03-01",
    }
    client = api_client(users.district)
    response = client.post(POSTS, payload, format="json")
    assert response.status_code == 400
    assert has_chinese(response.json()["team_women_count"])
    response = client.post(POSTS, {**payload, "team_name": "广场舞队", "team_women_count": 25}, format="json")
    assert response.status_code == 201, response.json()


def test_two_committees_only_at_community_level(tree, users, api_client, chair):
    response = api_client(users.district).post(
        POSTS,
        {
            "person": chair.person_id,
            "federation": tree.s1.pk,
            "position": Position.EXEC_MEMBER,
            "term_start": "2017-03-01",
            "in_two_committees": True,
        },
        format="json",
    )
    assert response.status_code == 400
    assert has_chinese(response.json()["in_two_committees"])


def test_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number(VALID_ID) == "1101**********002X"


def test_phone_is_full_in_edit_scope_and_the_read_is_recorded(tree, users, api_client, chair):
    # when
    response = api_client(users.district).get(f"{PEOPLE}{chair.person_id}/", HTTP_X_REQUEST_ID="req-1")
    # then
    assert response.json()["phone"] == "13812345678"
    assert response.json()["personal_data_masked"] is False
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.person_id, access.fields, access.request_id) == (
        users.district,
        chair.person_id,
        "phone",
        "req-1",
    )


def test_phone_is_masked_for_a_viewer_of_the_whole_city_and_nothing_is_recorded(tree, users, api_client, chair):
    client = api_client(users.viewer)
    person = client.get(f"{PEOPLE}{chair.person_id}/").json()
    post = client.get(f"{POSTS}{chair.pk}/").json()
    assert person["phone"] == "138****5678"
    assert person["personal_data_masked"] is True
    assert post["phone"] == "138****5678"
    assert not PersonalDataAccess.objects.exists()


def test_wider_view_scope_sees_masked_data_outside_its_edit_scope(tree, users, api_client, make_user, chair):
    # given: a street user of 中南路街 who may view the whole district
    user = make_user("street_staff", tree.s2, view_federation=tree.d1)
    # when
    data = api_client(user).get(f"{POSTS}{chair.pk}/").json()
    # then
    assert data["phone"] == "138****5678"


def test_a_person_registered_elsewhere_stays_masked_where_her_post_is_edited(tree, users, api_client, make_user):
    # given: registered by the district, chair of 东亭社区 (issue 14: a post never widens who may unmask)
    person = PersonFactory(federation=tree.d1, phone="13900001111", id_number=VALID_ID, birth_year=1949)
    post = PostFactory(person=person, federation=tree.s1c1, position=Position.CHAIR)
    street = make_user("street_staff", tree.s1, view_federation=tree.d1)
    # when
    data = api_client(street).get(f"{PEOPLE}{person.pk}/").json()
    post_data = api_client(street).get(f"{POSTS}{post.pk}/").json()
    # then: only the owning federation's editors see her in full
    assert data["phone"] == "139****1111"
    assert data["id_number"] != VALID_ID
    assert post_data["phone"] == "139****1111"
    assert not PersonalDataAccess.objects.filter(user=street, person=person).exists()


def test_list_records_full_reads_in_one_insert(tree, users, api_client, staff):
    staff(tree.s1c1, 5)
    response = api_client(users.district).get(POSTS)
    assert response.status_code == 200
    assert PersonalDataAccess.objects.count() == 5
    assert all("****" not in row["phone"] for row in response.json()["results"])


def test_out_of_scope_person_is_404_for_reads_and_writes(tree, users, api_client, chair):
    client = api_client(users.other_district)
    assert client.get(f"{PEOPLE}{chair.person_id}/").status_code == 404
    response = client.patch(f"{PEOPLE}{chair.person_id}/", {"phone": "13000000000"}, format="json")
    assert response.status_code == 404
    chair.person.refresh_from_db()
    assert chair.person.phone == "13812345678"
    assert not PersonalDataAccess.objects.exists()


def test_history_masks_personal_data_outside_the_edit_scope(tree, users, api_client, chair):
    # given: the district changed her phone
    client = api_client(users.district)
    assert client.patch(f"{PEOPLE}{chair.person_id}/", {"phone": "13987654321"}, format="json").status_code == 200
    PersonalDataAccess.objects.all().delete()
    # when
    seen_by_viewer = str(api_client(users.viewer).get(f"{PEOPLE}{chair.person_id}/history/").json())
    seen_by_editor = str(client.get(f"{PEOPLE}{chair.person_id}/history/").json())
    # then
    assert "13987654321" not in seen_by_viewer and "139****4321" in seen_by_viewer
    assert "13987654321" in seen_by_editor
    assert list(PersonalDataAccess.objects.values_list("user", flat=True)) == [users.district.pk]


def test_a_photo_over_the_size_limit_is_refused(tree, users, api_client, settings):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MAX_PHOTO_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    Image.effect_noise((1200, 1200), 100).convert("RGB").save(buffer, "PNG")
    assert buffer.tell() > 1024 * 1024
    photo = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    response = api_client(users.district).post(
        PEOPLE, {"federation": tree.s1c1.pk, "name": "大照片", "photo": photo}, format="multipart"
    )
    assert response.status_code == 400
    assert "照片" in str(response.json()["photo"])
    assert not Person.objects.filter(name="大照片").exists()
