"""The chair's mobile pages: log an activity with a photo, correct it, see the month; bad input keeps her
text and saves nothing; the pages are scoped like the API (404 outside her view, 403 outside her edit)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, ActivityPhoto, CoOrganizer

from .conftest import at, image_bytes


def form_data(tree, kinds, **changes):
    data = {
        "federation": tree.s1c1.pk,
        "kind": kinds["SKILLS_TRAINING"].pk,
        "title": "插花技艺培训",
        "start": "2024-05-18T14:00",
        "end": "2024-05-18T16:00",
        "venue": "",
        "participants": "36",
        "women_participants": "33",
        "description": "花蒂艺坊老师授课",
    }
    data.update(changes)
    return data


def test_pages_need_a_login(client):
    response = client.get(reverse("activities:create"))
    assert response.status_code == 302 and "/login/" in response.url


def test_a_chair_logs_an_activity_with_a_photo_and_it_appears_in_her_street_summary(
    tree, users, kinds, partners, client, api_client, media
):
    # given
    client.force_login(users.chair)
    form = client.get(reverse("activities:create"))
    assert form.status_code == 200
    assert 'name="viewport"' in form.content.decode()
    photo = SimpleUploadedFile("插花.jpg", image_bytes(size=(1600, 1200)), content_type="image/jpeg")
    # when
    response = client.post(
        reverse("activities:create"),
        {
            **form_data(tree, kinds, venue=str(partners.venue.pk)),
            "co_token": [f"social_organization:{partners.social.pk}", f"party_organization:{partners.party.pk}"],
            "co_role": ["LEAD", "CO_HOST"],
            "photos": [photo],
        },
    )
    # then
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get()
    assert (activity.federation, activity.venue, activity.created_by) == (tree.s1c1, partners.venue, users.chair)
    assert activity.is_cross_sector is True
    assert set(activity.co_organizers.values_list("role", "sector")) == {("LEAD", "SOCIAL"), ("CO_HOST", "PARTY")}
    stored = ActivityPhoto.objects.get(activity=activity)
    assert (media / stored.image.name).exists() and (media / stored.display.name).exists()
    # and in the street's monthly summary
    summary = api_client(users.street).get(
        "/api/v1/activities/summary/", {"federation": tree.s1.pk, "month": "2024-05"}
    )
    assert summary.json()["count"] == 1
    assert summary.json()["participants"] == 36
    # and on her list and her month
    listing = client.get(reverse("activities:list"))
    assert "插花技艺培训" in listing.content.decode()
    month = client.get(reverse("activities:month"), {"month": "2024-05"})
    assert "插花技艺培训" in month.content.decode()


def _refused(client, data, message, *, files=None):
    response = client.post(reverse("activities:create"), {**data, **(files or {})})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, response.context["form"].errors
    assert "插花技艺培训" in page  # what she typed is still there
    assert "花蒂艺坊老师授课" in page
    assert not Activity.objects.exists()
    assert not CoOrganizer.objects.exists()
    assert not ActivityPhoto.objects.exists()
    return page


def test_end_before_start_is_refused(tree, users, kinds, client, media):
    client.force_login(users.chair)
    _refused(client, form_data(tree, kinds, end="2024-05-18T13:00"), "结束时间不能早于开始时间")


def test_more_women_than_participants_is_refused(tree, users, kinds, client, media):
    client.force_login(users.chair)
    _refused(client, form_data(tree, kinds, women_participants="40"), "不能多于参与总人数")


def test_a_photo_that_is_not_an_image_is_refused(tree, users, kinds, client, media):
    client.force_login(users.chair)
    fake = SimpleUploadedFile("x.jpg", b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>", "image/jpeg")
    _refused(client, form_data(tree, kinds), "不是有效的图片文件", files={"photos": [fake]})
    assert not list(media.rglob("*.jpg")) if media.exists() else True


def test_a_photo_over_the_limit_is_refused(tree, users, kinds, client, media, settings):
    settings.MAX_PHOTO_BYTES = 2_000
    client.force_login(users.chair)
    big = SimpleUploadedFile("big.png", image_bytes("PNG", size=(300, 300)) + b"\0" * 3_000, "image/png")
    _refused(client, form_data(tree, kinds), "上限", files={"photos": [big]})


def test_ten_photos_are_refused(tree, users, kinds, client, media):
    client.force_login(users.chair)
    photos = [SimpleUploadedFile(f"{i}.jpg", image_bytes(size=(20, 20)), "image/jpeg") for i in range(10)]
    _refused(client, form_data(tree, kinds), "最多 9 张", files={"photos": photos})


def test_a_co_organizer_outside_her_area_is_refused(tree, users, kinds, partners, client, media):
    client.force_login(users.chair)
    page = _refused(
        client,
        {
            **form_data(tree, kinds),
            "co_token": [f"team:{partners.team.pk}", f"member_unit:{partners.other_unit.pk}"],
            "co_role": ["LEAD", "CO_HOST"],
        },
        "不在您的管辖范围内",
    )
    assert "东亭舞蹈队" in page  # the valid co-organiser she picked is kept
    assert "汉正街服饰商会" not in page  # and nothing leaks about the other one


def test_an_activity_in_another_community_s_name_is_refused(tree, users, kinds, client, media):
    client.force_login(users.chair)
    _refused(client, form_data(tree, kinds, federation=str(tree.s2c1.pk)), "名义登记活动")


def test_editing_another_community_s_activity_is_404_or_403_and_changes_nothing(
    tree, users, kinds, client, make_user, make_activity, media
):
    # given
    theirs = make_activity(tree.s2c1, participants=12, women=10)
    url = reverse("activities:edit", args=[theirs.pk])
    # the chair of 东亭 cannot see it: 404
    client.force_login(users.chair)
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(tree, kinds, participants="1", women_participants="0")).status_code == 404
    # a street user who views the district but edits only 水果湖: 403
    client.force_login(make_user("street_staff", tree.s1, view_federation=tree.d1))
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(tree, kinds, federation=str(tree.s2c1.pk))).status_code == 403
    # a viewer: 403
    client.force_login(users.viewer)
    assert client.post(url, form_data(tree, kinds)).status_code == 403
    theirs.refresh_from_db()
    assert (theirs.participants, theirs.title) == (12, "户外踏青")


def test_she_corrects_her_activity_and_removes_a_photo(
    tree, users, kinds, partners, client, make_activity, media, django_capture_on_commit_callbacks
):
    # given
    from activities.photos import check_photo, save_photos

    activity = make_activity(tree.s1c1, co_organizers=[(partners.team, "LEAD")])
    [photo] = save_photos(activity, [check_photo(SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg"))])
    client.force_login(users.chair)
    page = client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert "东亭舞蹈队" in page
    # when: the files of a removed photo go once the change is committed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("activities:edit", args=[activity.pk]),
            {
                **form_data(tree, kinds, title="户外踏青（改）", participants="31", women_participants="20"),
                "co_token": [f"team:{partners.team.pk}", f"federation:{tree.s1c1.pk}"],
                "co_role": ["CO_HOST", "LEAD"],
                "remove_photos": [str(photo.pk)],
            },
        )
    # then
    assert response.status_code == 302, response.context["form"].errors
    activity.refresh_from_db()
    assert (activity.title, activity.participants) == ("户外踏青（改）", 31)
    assert set(activity.co_organizers.values_list("role", "sector")) == {
        ("CO_HOST", "GRASSROOTS_TEAM"),
        ("LEAD", "WOMEN_FEDERATION"),
    }
    assert not activity.photos.exists()
    assert not (media / photo.image.name).exists()


def test_search_is_scoped_to_her_area(tree, users, partners, client):
    client.force_login(users.chair)
    found = client.get(reverse("activities:search"), {"q": ""}).json()["results"]
    labels = {row["label"] for row in found}
    assert {"东亭社区妇联", "武昌区招商局", "东亭社区党支部", "东亭舞蹈队", "晓茶会"} <= labels
    assert "汉正街服饰商会" not in labels and "永宁合唱队" not in labels
    assert client.get(reverse("activities:search"), {"q": "商会"}).json()["results"] == []
    venues = client.get(reverse("activities:search"), {"type": "venue", "q": "妇女之家"}).json()["results"]
    assert [row["label"] for row in venues] == ["东亭社区妇女之家"]


def test_her_list_shows_only_what_she_may_correct_in_a_fixed_number_of_queries(
    tree, users, partners, client, make_activity
):
    client.force_login(users.chair)
    make_activity(tree.s2c1, title="别人的活动")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("activities:list"))
        assert "别人的活动" not in response.content.decode()
        return len(ctx.captured_queries)

    make_activity(tree.s1c1, co_organizers=[(partners.team, "LEAD")])
    before = count()
    for day in range(1, 12):
        make_activity(tree.s1c1, start=at(2024, 5, day), co_organizers=[(partners.team, "LEAD")])
    assert count() == before


def test_month_page_is_404_for_a_federation_she_cannot_see(tree, users, client):
    client.force_login(users.chair)
    assert client.get(reverse("activities:month"), {"federation": tree.s3c1.pk}).status_code == 404
    assert client.get(reverse("activities:month"), {"federation": tree.s1c1.pk, "month": "2024-05"}).status_code == 200
