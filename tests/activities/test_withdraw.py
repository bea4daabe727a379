"""The chair withdraws (deletes) an activity she logged, within her scope, until an office above has acted on
it; her list filters by month."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, ActivityPhoto, ActivityReach

from .conftest import at, image_bytes
from .test_web import form_data


def _logged_by_her(client, users, tree, kinds, **changes):
    client.force_login(users.chair)
    photo = SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg")
    response = client.post(reverse("activities:create"), {**form_data(tree, kinds, **changes), "photos": [photo]})
    assert response.status_code == 302
    return Activity.objects.latest("id")


def test_she_withdraws_her_own_activity_with_its_photos_and_the_deletion_is_recorded(
    tree, users, kinds, client, media, django_capture_on_commit_callbacks
):
    activity = _logged_by_her(client, users, tree, kinds)
    photo = ActivityPhoto.objects.get(activity=activity)
    stored = media / photo.image.name
    assert stored.exists()
    edit = client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert reverse("activities:withdraw", args=[activity.pk]) in edit
    confirm = client.get(reverse("activities:withdraw", args=[activity.pk]))
    assert confirm.status_code == 200 and "确定撤回" in confirm.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activities:withdraw", args=[activity.pk]))

    assert response.status_code == 302 and response.url == reverse("activities:list")
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not ActivityReach.objects.filter(activity_id=activity.pk).exists()
    assert not ActivityPhoto.objects.filter(pk=photo.pk).exists()
    assert not stored.exists()
    deleted = Activity.history.filter(id=activity.pk, history_type="-").get()
    assert deleted.history_user == users.chair


def test_once_an_office_above_changed_it_she_can_no_longer_withdraw_it(tree, users, kinds, client, media):
    activity = _logged_by_her(client, users, tree, kinds)
    street = client.__class__()
    street.force_login(users.street)
    changed = street.post(
        reverse("activities:edit", args=[activity.pk]), form_data(tree, kinds, title="插花技艺培训（街道核实）")
    )
    assert changed.status_code == 302

    edit = client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert reverse("activities:withdraw", args=[activity.pk]) not in edit
    response = client.post(reverse("activities:withdraw", args=[activity.pk]))
    assert response.status_code == 403
    assert "上级妇联已处理过这条活动" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_she_cannot_withdraw_what_she_did_not_log_or_what_lies_outside_her_scope(
    tree, users, kinds, client, make_user, make_activity
):
    logged_by_street = make_activity(tree.s1c1, created_by=users.street)
    elsewhere = make_activity(tree.s3c1)
    client.force_login(users.chair)
    refused = client.post(reverse("activities:withdraw", args=[logged_by_street.pk]))
    assert refused.status_code == 403 and "只能撤回您本人登记的活动" in refused.content.decode()
    assert client.post(reverse("activities:withdraw", args=[elsewhere.pk])).status_code == 404
    client.force_login(users.viewer)
    assert client.post(reverse("activities:withdraw", args=[logged_by_street.pk])).status_code == 403
    assert Activity.objects.filter(pk__in=[logged_by_street.pk, elsewhere.pk]).count() == 2


def test_her_list_filters_by_month_in_a_fixed_number_of_queries(tree, users, client, make_activity):
    make_activity(tree.s1c1, title="五月一", start=at(2024, 5, 1, 8))
    make_activity(tree.s1c1, title="五月末", start=at(2024, 5, 31, 23))
    make_activity(tree.s1c1, title="六月初", start=at(2024, 6, 1, 0))
    make_activity(tree.s1c1, title="四月末", start=at(2024, 4, 30, 23))
    client.force_login(users.chair)

    def titles(month):
        response = client.get(reverse("activities:list"), {"month": month})
        assert response.status_code == 200
        return [str(a) for a in response.context["page"]]

    assert titles("2024-05") == ["五月末", "五月一"]
    assert titles("2024-06") == ["六月初"]
    assert len(titles("")) == 4
    bad = client.get(reverse("activities:list"), {"month": "五月"})
    assert bad.status_code == 200 and "月份格式应为" in bad.content.decode()
    assert len(bad.context["page"]) == 4

    with CaptureQueriesContext(connection) as few:
        titles("2024-05")
    for day in range(2, 12):
        make_activity(tree.s1c1, start=at(2024, 5, day))
    with CaptureQueriesContext(connection) as many:
        assert len(titles("2024-05")) == 12
    assert len(many) == len(few)
