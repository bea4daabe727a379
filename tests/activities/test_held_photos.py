"""Photos survive a failed submit of the activity form (activities.holding): held under a signed token bound to
the uploader, saved with the activity on the next submit, then removed; others' and forged tokens are ignored;
left-overs are purged. The error summary at the top links to each field."""

import datetime
import re

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activities import holding
from activities.models import Activity, ActivityPhoto

from .conftest import image_bytes
from .test_web import form_data


def _photo(name="合影.jpg"):
    return SimpleUploadedFile(name, image_bytes(), content_type="image/jpeg")


def _tokens(html):
    return re.findall(r'name="held_photo" value="([^"]+)"', html)


def test_photos_are_kept_across_a_failed_submit_and_saved_with_the_fixed_form(tree, users, kinds, client, media):
    client.force_login(users.chair)
    bad = form_data(tree, kinds, end="2024-05-18T12:00", women_participants="40")
    response = client.post(reverse("activities:create"), {**bad, "photos": [_photo("一.jpg"), _photo("二.jpg")]})

    assert response.status_code == 200 and not Activity.objects.exists()
    html = response.content.decode()
    summary = html[html.index('class="act-error-summary"') : html.index("</div>", html.index("act-error-summary"))]
    assert 'href="#id_end"' in summary and 'href="#id_women_participants"' in summary
    assert "结束时间不能早于开始时间" in summary
    # It posts to its own path: a summary link's "#id_end" in the address is not carried to the list.
    assert f'action="{reverse("activities:create")}"' in html
    tokens = _tokens(html)
    assert len(tokens) == 2 and "已保留：一.jpg" in html
    held_files = default_storage.listdir(holding.HOLDING_FOLDER)[1]
    assert len(held_files) == 2

    fixed = client.post(reverse("activities:create"), {**form_data(tree, kinds), "held_photo": tokens})

    assert fixed.status_code == 302
    activity = Activity.objects.get()
    assert ActivityPhoto.objects.filter(activity=activity).count() == 2
    assert default_storage.listdir(holding.HOLDING_FOLDER)[1] == []  # released once saved


def test_a_second_failure_keeps_them_still_and_a_dropped_one_is_not_saved(tree, users, kinds, client, media):
    client.force_login(users.chair)
    first = client.post(
        reverse("activities:create"),
        {**form_data(tree, kinds, end="2024-05-18T12:00"), "photos": [_photo("一.jpg"), _photo("二.jpg")]},
    )
    tokens = _tokens(first.content.decode())
    second = client.post(
        reverse("activities:create"), {**form_data(tree, kinds, participants="1"), "held_photo": tokens}
    )
    assert second.status_code == 200 and _tokens(second.content.decode()) == tokens
    done = client.post(reverse("activities:create"), {**form_data(tree, kinds), "held_photo": tokens[:1]})
    assert done.status_code == 302
    assert ActivityPhoto.objects.filter(activity=Activity.objects.get()).count() == 1


def test_another_users_or_a_forged_token_is_ignored(tree, users, kinds, client, media, make_user):
    client.force_login(users.chair)
    failed = client.post(
        reverse("activities:create"), {**form_data(tree, kinds, end="2024-05-18T12:00"), "photos": [_photo()]}
    )
    tokens = _tokens(failed.content.decode())
    client.force_login(users.street)
    response = client.post(
        reverse("activities:create"),
        {**form_data(tree, kinds), "held_photo": [*tokens, tokens[0][:-2] + "xx", "activities/holding/x.jpg"]},
    )
    assert response.status_code == 302
    assert not ActivityPhoto.objects.exists()
    assert len(default_storage.listdir(holding.HOLDING_FOLDER)[1]) == 1  # still hers, until purged


def test_held_photos_expire_and_are_purged(tree, users, kinds, client, media, settings):
    client.force_login(users.chair)
    failed = client.post(
        reverse("activities:create"), {**form_data(tree, kinds, end="2024-05-18T12:00"), "photos": [_photo()]}
    )
    [token] = _tokens(failed.content.decode())
    assert holding.purge() == 0
    later = timezone.now() + datetime.timedelta(seconds=holding.HOLD_SECONDS + 60)
    assert holding.purge(now=later) == 1
    assert holding.resolve(users.chair, [token]) == []


def test_the_form_script_holds_photos_first_and_refuses_bad_ones_in_chinese(tree, users, kinds, client, media):
    client.force_login(users.chair)
    url = reverse("activities:hold-photos")
    held = client.post(url, {"photos": [_photo("一.jpg")]})
    assert held.status_code == 200
    [row] = held.json()["held"]
    assert row["name"] == "一.jpg" and holding.resolve(users.chair, [row["token"]])
    bad = client.post(url, {"photos": [SimpleUploadedFile("x.jpg", b"<svg>", content_type="image/jpeg")]})
    assert bad.status_code == 400 and "不是有效的图片文件" in bad.json()["errors"][0]
    assert len(default_storage.listdir(holding.HOLDING_FOLDER)[1]) == 1
    client.force_login(users.viewer)
    assert client.post(url, {"photos": [_photo()]}).status_code == 403
