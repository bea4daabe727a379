"""Issue 14 item 3: every uploaded file is served through one view that asks the scope (``visible_to``) of
the record owning it. Out of scope, missing, anonymous, private (imports) and undeclared all answer the
same 404; production hands the bytes to nginx (X-Accel-Redirect) or to a signed short-lived S3 URL. Files
go with their rows, after the commit (a rollback keeps them)."""

import datetime
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from PIL import Image

from activities.models import Activity, ActivityPhoto
from cadres.models import Person
from tests.cadres.factories import PersonFactory
from venues.models import Upgrade, UpgradePhoto


def png(size=(40, 30), color="red"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ACCEL_REDIRECT = ""
    return settings.MEDIA_ROOT


def put(root, name, data=b"bytes"):
    path = Path(root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return name


@pytest.fixture
def photo(tree, media):
    """A 武昌 cadre (东亭社区) with a photo on disk."""
    person = PersonFactory(federation=tree.s1c1, name="丁丽")
    name = put(media, "cadres/photos/2024/0123456789abcdef0123456789abcdef.png", png())
    Person.objects.filter(pk=person.pk).update(photo=name)
    return f"/media/{name}"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_photo_is_served_to_who_may_view_its_person(client, users, photo):
    for user in (users.district, users.chair, users.city, users.viewer):
        client.force_login(user)
        response = client.get(photo)
        assert response.status_code == 200, user
        assert body(response) == png()
        assert response["Content-Type"] == "image/png"
        assert "private" in response["Cache-Control"]


def test_anonymous_out_of_scope_missing_and_tricks_all_answer_the_same_404(client, users, media, photo):
    assert client.get(photo).status_code == 404  # no login
    client.force_login(users.other_district)
    assert client.get(photo).status_code == 404  # 硚口 may not view a 武昌 cadre
    client.force_login(users.district)
    put(media, "cadres/photos/2024/orphan.png", png())  # a file on disk that no record owns
    for url in (
        "/media/cadres/photos/2024/orphan.png",
        "/media/cadres/photos/2024/missing.png",
        "/media/cadres/photos/2024/../2024/orphan.png",
        "/media/../../etc/passwd",
        "/media/%2e%2e/%2e%2e/etc/passwd",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"bytes" not in response.content


def test_a_phone_app_opens_photos_with_its_api_token_and_only_in_scope(client, users, photo):
    from rest_framework.authtoken.models import Token

    def with_token(user):
        return client.get(photo, HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")

    response = with_token(users.chair)
    assert response.status_code == 200
    assert body(response) == png()
    assert with_token(users.other_district).status_code == 404  # out of scope: like missing
    assert client.get(photo, HTTP_AUTHORIZATION="Token not-a-token").status_code == 404
    users.chair.must_change_password = True
    users.chair.save(update_fields=["must_change_password"])
    assert with_token(users.chair).status_code == 404  # a password still to change opens nothing


def test_import_files_are_never_served_even_to_their_owner(client, users, media, tree):
    from cadres.models import ImportJob

    name = put(media, "cadres/imports/2024/05/people.csv", "姓名,手机号\n丁丽,13800000000\n".encode())
    ImportJob.objects.create(federation=tree.d1, user=users.district, file=name)
    assert client.get(f"/media/{name}").status_code == 404
    for user in (users.district, users.city):
        client.force_login(user)
        assert client.get(f"/media/{name}").status_code == 404


def test_every_file_field_in_the_project_declares_who_may_download_it():
    """Found from the model registry: a new FileField/ImageField without a declaration fails here."""
    from wuhan_fulian import media

    found = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    }
    assert found == {f"{m._meta.label}.{f.name}" for m, f in media.file_fields()}
    assert found, "the project has file fields"
    undeclared = found - set(media.FILE_POLICY)
    assert not undeclared, f"declare these in wuhan_fulian.media.FILE_POLICY: {sorted(undeclared)}"
    assert not set(media.FILE_POLICY) - found, "stale declarations"
    for label, policy in media.FILE_POLICY.items():
        assert policy in (media.SERVED, media.PRIVATE), label
        if policy == media.SERVED:
            model = apps.get_model(label.rsplit(".", 1)[0])
            assert hasattr(model._default_manager, "visible_to"), f"{label} is served but its model has no scope"
    assert media.FILE_POLICY["cadres.ImportJob.file"] == media.PRIVATE


def test_a_file_field_without_a_declaration_is_not_served(client, users, photo, monkeypatch):
    from wuhan_fulian import media

    client.force_login(users.district)
    assert client.get(photo).status_code == 200
    monkeypatch.delitem(media.FILE_POLICY, "cadres.Person.photo")
    assert client.get(photo).status_code == 404


def test_production_hands_the_file_to_nginx_with_x_accel_redirect(client, users, photo, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    client.force_login(users.district)
    response = client.get(photo)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + photo.removeprefix("/media/")
    assert body(response) == b""
    client.force_login(users.other_district)
    response = client.get(photo)
    assert response.status_code == 404 and "X-Accel-Redirect" not in response


def test_object_storage_links_to_our_view_and_redirects_to_a_signed_short_lived_url(client, users, photo, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "wuhan_fulian.media.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": "fulian-test",
                "endpoint_url": "https://s3.example.com",
                "access_key": "AKIDEXAMPLE",
                "secret_key": "secret",
                "region_name": "us-east-1",
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
    }
    person = Person.objects.get(name="丁丽")
    assert person.photo.url == photo  # pages and the API keep linking to the scope-checked view
    client.force_login(users.district)
    response = client.get(photo)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://s3.example.com/fulian-test/cadres/photos/2024/")
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=300" in location
    client.force_login(users.other_district)
    assert client.get(photo).status_code == 404


def test_production_settings_use_the_scope_checked_view_for_media():
    from django.urls import resolve

    from wuhan_fulian import media

    assert resolve("/media/cadres/photos/2024/x.png").func is media.serve


# --- links in pages keep working; files go with their rows ------------------------------------------------


def upload_photos(api_client, user, activity, count=2):
    files = [SimpleUploadedFile(f"p{i}.png", png(color=(i * 40, 0, 0))) for i in range(count)]
    response = api_client(user).post(f"/api/v1/activities/activities/{activity.pk}/photos/", {"photos": files})
    assert response.status_code == 201, response.json()
    return response.json()


def photo_files(media, photo):
    return [Path(media) / f.name for f in (photo.image, photo.display, photo.thumbnail)]


def test_the_api_and_the_list_page_link_to_photos_the_chair_can_open(client, api_client, users, media, activity):
    data = upload_photos(api_client, users.chair, activity, 1)
    client.force_login(users.chair)
    page = client.get("/activities/")
    thumb = ActivityPhoto.objects.get().thumbnail.url
    assert thumb.startswith("/media/") and thumb in page.content.decode()
    assert client.get(thumb).status_code == 200
    image_url = data[0]["image"]
    assert client.get(image_url.removeprefix("http://testserver")).status_code == 200
    client.force_login(users.other_district)
    assert client.get(thumb).status_code == 404


def test_an_activitys_photo_files_go_when_it_is_deleted_after_the_commit(
    api_client, users, media, activity, django_capture_on_commit_callbacks
):
    upload_photos(api_client, users.chair, activity, 2)
    files = [path for photo in ActivityPhoto.objects.all() for path in photo_files(media, photo)]
    assert len(files) == 6 and all(path.exists() for path in files)

    with pytest.raises(RuntimeError), transaction.atomic():  # rolled back: rows and files stay
        Activity.objects.get(pk=activity.pk).delete()
        raise RuntimeError
    assert ActivityPhoto.objects.count() == 2 and all(path.exists() for path in files)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(users.chair).delete(f"/api/v1/activities/activities/{activity.pk}/")
    assert response.status_code == 204
    assert not ActivityPhoto.objects.exists()
    assert not any(path.exists() for path in files)


def test_a_deleted_photo_row_takes_its_three_files(
    api_client, users, media, activity, django_capture_on_commit_callbacks
):
    upload_photos(api_client, users.chair, activity, 2)
    first, second = ActivityPhoto.objects.order_by("id")
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert not any(path.exists() for path in photo_files(media, first))
    assert all(path.exists() for path in photo_files(media, second))


def test_a_replaced_or_deleted_cadre_photo_and_upgrade_photo_leave_no_file(
    tree, users, api_client, media, cluster, homes, django_capture_on_commit_callbacks
):
    person = PersonFactory(federation=tree.s1c1, name="换照片")
    url = f"/api/v1/cadres/people/{person.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client(users.district).patch(url, {"photo": SimpleUploadedFile("a.png", png())}).status_code == 200
    old = Path(media) / Person.objects.get(pk=person.pk).photo.name
    assert old.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(users.district).patch(url, {"photo": SimpleUploadedFile("b.png", png(color="blue"))})
    assert response.status_code == 200
    new = Path(media) / Person.objects.get(pk=person.pk).photo.name
    assert new.exists() and not old.exists()

    upgrade = Upgrade.objects.create(venue=homes.dongting, upgraded_on=datetime.date(2017, 5, 1), items="更换标牌")
    response = api_client(users.district).post(
        "/api/v1/venues/upgrade-photos/", {"upgrade": upgrade.pk, "image": SimpleUploadedFile("u.png", png())}
    )
    assert response.status_code == 201, response.json()
    stored = Path(media) / UpgradePhoto.objects.get().image.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        Upgrade.objects.get(pk=upgrade.pk).delete()
    assert not stored.exists()
