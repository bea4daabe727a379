"""Accounts (issue 14 items 5, 6, 12, 13): who manages whom, tokens, account phones, forwarded headers."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle

from accounts.models import Role, User

URL = "/api/v1/accounts/users/"
NEW_PASSWORD = "Another-pass-2024!"
PHONE = "13812345678"


@pytest.fixture
def peer(tree, make_user):
    """A second district staff of 武昌 (the same rank at the same federation as ``wuchang``)."""
    return make_user(Role.DISTRICT_STAFF, tree.d1, username="wuchang2")


@pytest.fixture
def wide_viewer(tree, make_user):
    """A viewer homed in 水果湖街 who reads the whole city."""
    return make_user(Role.VIEWER, tree.s1, username="wideviewer", view_federation=tree.city)


@pytest.fixture
def chair_with_phone(users):
    users.chair.phone = PHONE
    users.chair.save()
    return users.chair


def _unchanged(user, password="Secret-pass-2017"):
    stored = User.objects.get(pk=user.pk)
    return stored.check_password(password) and stored.role == user.role and stored.is_active


# --- 1. who manages whom ----------------------------------------------------------------------------


def test_district_cannot_reset_an_equal_rank_peer_in_the_api(users, peer, api_client):
    client = api_client(users.district)
    assert client.patch(f"{URL}{peer.pk}/", {"password": NEW_PASSWORD}, format="json").status_code == 404
    assert client.patch(f"{URL}{peer.pk}/", {"role": Role.VIEWER}, format="json").status_code == 404
    assert client.delete(f"{URL}{peer.pk}/").status_code == 404
    assert _unchanged(peer)


def test_cannot_reset_a_viewer_whose_view_is_wider_than_her_scope(users, wide_viewer, api_client):
    # a street-level viewer is below a district staff, but she reads the whole city
    response = api_client(users.district).patch(f"{URL}{wide_viewer.pk}/", {"password": NEW_PASSWORD}, format="json")
    assert response.status_code == 404
    assert _unchanged(wide_viewer)


def test_lower_rank_in_her_subtree_is_managed_and_must_change_password(users, api_client):
    response = api_client(users.district).patch(f"{URL}{users.chair.pk}/", {"password": NEW_PASSWORD}, format="json")
    assert response.status_code == 200, response.json()
    chair = User.objects.get(pk=users.chair.pk)
    assert chair.check_password(NEW_PASSWORD)
    assert chair.must_change_password


def test_same_rank_only_in_a_strict_sub_subtree(tree, users, make_user):
    below = make_user(Role.DISTRICT_STAFF, tree.s1, username="d_at_street")
    beside = make_user(Role.DISTRICT_STAFF, tree.d1, username="d_at_district")
    assert users.district.may_manage(below)
    assert not users.district.may_manage(beside)
    assert not users.district.may_manage(users.district)  # nor herself
    assert not users.district.may_manage(users.other_district)
    assert users.district.may_manage(users.street) and users.district.may_manage(users.chair)
    assert not users.street.may_manage(users.district)
    assert not users.viewer.may_manage(users.chair)  # viewers manage nobody


def test_managed_queryset_agrees_with_may_manage(tree, users, peer, wide_viewer, make_user):
    make_user(Role.DISTRICT_STAFF, tree.s1, username="d_at_street")
    make_user(Role.COMMUNITY_CHAIR, tree.s3c1, username="far_chair")
    everyone = list(User.objects.select_related("federation", "view_federation"))
    for manager in everyone:
        expected = {u.pk for u in everyone if manager.may_manage(u)}
        assert set(User.objects.managed_by(manager).values_list("pk", flat=True)) == expected, manager.username


def test_cannot_move_a_managed_account_out_of_her_scope(tree, users, api_client):
    client = api_client(users.district)
    response = client.patch(f"{URL}{users.chair.pk}/", {"view_federation": tree.city.pk}, format="json")
    assert response.status_code == 400
    response = client.patch(f"{URL}{users.chair.pk}/", {"role": Role.CITY_OFFICE}, format="json")
    assert response.status_code == 400
    chair = User.objects.get(pk=users.chair.pk)
    assert chair.view_federation_id is None and chair.role == Role.COMMUNITY_CHAIR


def test_nobody_deactivates_herself_or_lowers_her_role(tree, make_user, api_client):
    root = make_user(Role.CITY_OFFICE, tree.city, username="root", is_superuser=True)
    client = api_client(root)
    response = client.patch(f"{URL}{root.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 400
    assert "停用" in str(response.json())
    root.refresh_from_db()
    assert root.is_active and root.is_superuser


def test_staff_cannot_edit_her_own_account_through_the_users_api(users, api_client):
    response = api_client(users.district).patch(f"{URL}{users.district.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 404
    assert User.objects.get(pk=users.district.pk).is_active


def test_admin_password_change_of_a_peer_looks_missing(users, peer, client):
    client.force_login(users.district)
    url = f"/admin/accounts/user/{peer.pk}/password/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert _unchanged(peer)


def test_admin_change_of_a_peer_changes_nothing(users, peer, client):
    client.force_login(users.district)
    url = f"/admin/accounts/user/{peer.pk}/change/"
    response = client.post(url, {"username": "wuchang2", "role": Role.VIEWER, "federation": peer.federation_id})
    assert response.status_code in (302, 403)
    assert _unchanged(peer)
    from django.contrib import admin

    request = RequestFactory().get("/admin/accounts/user/")
    request.user = users.district
    model_admin = admin.site._registry[User]
    assert not model_admin.has_change_permission(request, peer)
    assert model_admin.has_change_permission(request, users.chair)


def test_admin_password_reset_of_a_chair_forces_a_change(users, client):
    client.force_login(users.district)
    url = f"/admin/accounts/user/{users.chair.pk}/password/"
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    chair = User.objects.get(pk=users.chair.pk)
    assert chair.check_password(NEW_PASSWORD) and chair.must_change_password


def test_admin_delete_action_skips_a_peer(users, peer, client):
    client.force_login(users.district)
    response = client.post(
        "/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [peer.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302, 403)
    assert User.objects.filter(pk=peer.pk).exists()


def test_forced_change_redirects_pages_and_refuses_the_api(users, client, api_client):
    User.objects.filter(pk=users.street.pk).update(must_change_password=True)
    client.force_login(User.objects.get(pk=users.street.pk))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/password/")
    api = client.get("/api/v1/accounts/me/")
    assert api.status_code == 403 and "修改密码" in api.json()["detail"]
    token = Token.objects.create(user=users.street)
    api = api_client().get("/api/v1/accounts/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.status_code == 403 and "修改密码" in api.json()["detail"]
    # changing her own password lifts it
    response = client.post(
        "/password/",
        {"old_password": "Secret-pass-2017", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not User.objects.get(pk=users.street.pk).must_change_password
    assert client.get("/admin/").status_code == 200


def test_adduser_applies_the_same_rule(tree, users, peer):
    with pytest.raises(CommandError, match="管辖"):
        call_command(
            "adduser", "wuchang2", role="viewer", federation="D1", password=NEW_PASSWORD, by="wuchang", update=True
        )
    assert _unchanged(peer)
    # an existing account is not overwritten by accident
    with pytest.raises(CommandError, match="--update"):
        call_command("adduser", "wuchang2", role="viewer", federation="D1", password=NEW_PASSWORD)
    assert _unchanged(peer)
    call_command(
        "adduser", "dongting", role="viewer", federation="S1C1", password=NEW_PASSWORD, by="wuchang", update=True
    )
    chair = User.objects.get(username="dongting")
    assert chair.role == Role.VIEWER and chair.must_change_password


# --- 2. tokens --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda u, tree: u.set_password(NEW_PASSWORD),
        lambda u, tree: setattr(u, "role", Role.VIEWER),
        lambda u, tree: setattr(u, "federation", tree.s1v1),
        lambda u, tree: setattr(u, "view_federation", tree.s1),
        lambda u, tree: setattr(u, "is_active", False),
    ],
    ids=["password", "role", "federation", "view_federation", "is_active"],
)
def test_tokens_are_revoked_when_an_account_changes(tree, users, change):
    Token.objects.create(user=users.chair)
    chair = User.objects.get(pk=users.chair.pk)
    change(chair, tree)
    chair.save()
    assert not Token.objects.filter(user=chair).exists()


def test_tokens_survive_other_changes(users):
    Token.objects.create(user=users.chair)
    chair = User.objects.get(pk=users.chair.pk)
    chair.first_name = "丽"
    chair.last_login = timezone.now()
    chair.save()
    assert Token.objects.filter(user=chair).exists()


def test_password_reset_through_the_api_revokes_the_token(users, api_client):
    token = Token.objects.create(user=users.chair)
    api_client(users.district).patch(f"{URL}{users.chair.pk}/", {"password": NEW_PASSWORD}, format="json")
    response = api_client().get("/api/v1/accounts/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401


def test_an_expired_token_is_refused_in_chinese(users, api_client):
    token = Token.objects.create(user=users.district)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - datetime.timedelta(days=31))
    response = api_client().get("/api/v1/accounts/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401
    assert "令牌已过期" in response.json()["detail"]
    with override_settings(API_TOKEN_LIFETIME_DAYS=60):
        response = api_client().get("/api/v1/accounts/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
        assert response.status_code == 200


def test_token_endpoint_replaces_an_expired_token(users, client):
    old = Token.objects.create(user=users.district)
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=31))
    response = client.post("/api/v1/auth/token/", {"username": "wuchang", "password": "Secret-pass-2017"})
    assert response.status_code == 200
    assert response.json()["token"] != old.key
    assert client.get("/api/v1/accounts/me/", HTTP_AUTHORIZATION=f"Token {response.json()['token']}").status_code == 200


def test_own_tokens_are_listed_without_the_key_and_revoked(users, api_client):
    token = Token.objects.create(user=users.district)
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    listed = client.get("/api/v1/accounts/me/tokens/")
    assert listed.status_code == 200
    rows = listed.json()
    assert len(rows) == 1 and token.key not in str(rows) and rows[0]["expires"]
    assert client.delete("/api/v1/accounts/me/tokens/").status_code == 204
    assert not Token.objects.filter(user=users.district).exists()
    assert client.get("/api/v1/accounts/me/").status_code == 401


def test_admin_lists_and_revokes_tokens_only_of_managed_accounts(users, peer, client):
    mine = Token.objects.create(user=users.chair)
    theirs = Token.objects.create(user=peer)
    client.force_login(users.district)
    page = client.get("/admin/accounts/apitoken/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "dongting" in content and "wuchang2" not in content
    assert mine.key not in content and theirs.key not in content
    assert client.get(f"/admin/accounts/apitoken/{peer.pk}/revoke/").status_code == 404
    assert client.post(f"/admin/accounts/apitoken/{peer.pk}/revoke/").status_code == 404
    assert client.get(f"/admin/accounts/apitoken/{theirs.key}/change/").status_code == 404
    assert Token.objects.filter(pk=theirs.pk).exists()
    confirm = client.get(f"/admin/accounts/apitoken/{users.chair.pk}/revoke/")
    assert confirm.status_code == 200 and mine.key not in confirm.content.decode()
    response = client.post(f"/admin/accounts/apitoken/{users.chair.pk}/revoke/")
    assert response.status_code == 302
    assert not Token.objects.filter(pk=mine.pk).exists()


# --- 3. account phones ------------------------------------------------------------------------------


def test_account_phones_are_masked_for_those_who_do_not_manage_them(users, chair_with_phone, api_client):
    seen = api_client(users.viewer).get(f"{URL}{chair_with_phone.pk}/").json()
    assert seen["phone"] == "138****5678"
    listed = api_client(users.viewer).get(URL, {"page_size": 500}).json()["results"]
    assert PHONE not in str(listed)
    assert api_client(users.district).get(f"{URL}{chair_with_phone.pk}/").json()["phone"] == PHONE


def test_account_phones_are_masked_in_the_api_history(users, chair_with_phone, api_client):
    history = api_client(users.viewer).get(f"{URL}{chair_with_phone.pk}/history/")
    assert history.status_code == 200
    assert PHONE not in str(history.json()) and "138****5678" in str(history.json())


def test_account_phones_cannot_be_searched_or_sorted_by_outsiders(users, chair_with_phone, make_user, tree, api_client):
    make_user(Role.VIEWER, tree.d1, username="aaa", phone="13900000000")
    client = api_client(users.viewer)
    assert client.get(URL, {"search": "12345678"}).json()["count"] == 0
    up = [r["id"] for r in client.get(URL, {"ordering": "phone", "page_size": 500}).json()["results"]]
    down = [r["id"] for r in client.get(URL, {"ordering": "-phone", "page_size": 500}).json()["results"]]
    assert up == down


def test_admin_shows_account_phones_masked_to_outsiders(users, chair_with_phone, client):
    client.force_login(users.viewer)
    page = client.get(f"/admin/accounts/user/{chair_with_phone.pk}/change/")
    assert page.status_code == 200
    assert PHONE not in page.content.decode() and "138****5678" in page.content.decode()
    history = client.get(f"/admin/accounts/user/{chair_with_phone.pk}/history/")
    assert history.status_code == 200 and PHONE not in history.content.decode()
    searched = client.get("/admin/accounts/user/", {"q": "12345678"})
    assert "dongting" not in searched.content.decode()
    probe = client.get("/admin/accounts/user/", {"phone__startswith": "138"})
    assert probe.status_code != 200 or "dongting" not in probe.content.decode()
    # the manager sees it in full
    client.force_login(users.district)
    assert PHONE in client.get(f"/admin/accounts/user/{chair_with_phone.pk}/change/").content.decode()


# --- 4. forwarded headers ---------------------------------------------------------------------------


@pytest.fixture
def _fresh_axes(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


@pytest.mark.usefixtures("_fresh_axes")
def test_rotating_x_forwarded_for_does_not_escape_the_lockout(users, client):
    for n in range(10):
        client.post(
            "/api/v1/auth/token/", {"username": "wuchang", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        )
    response = client.post(
        "/api/v1/auth/token/", {"username": "wuchang", "password": "Secret-pass-2017"}, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert response.status_code == 429
    for n in range(10):
        client.post("/login/", {"username": "shuiguohu", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"10.1.0.{n}")
    response = client.post(
        "/login/", {"username": "shuiguohu", "password": "Secret-pass-2017"}, HTTP_X_FORWARDED_FOR="10.9.9.8"
    )
    assert response.status_code == 429


def test_throttles_trust_no_forwarded_header_by_default():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="10.0.0.1", REMOTE_ADDR="192.0.2.7")
    from rest_framework.request import Request

    assert AnonRateThrottle().get_ident(Request(request)) == "192.0.2.7"
    from accounts.auth import client_ip

    assert client_ip(request) == "192.0.2.7"


def test_behind_one_proxy_the_last_hop_is_the_client():
    from accounts.auth import client_ip

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5", REMOTE_ADDR="10.0.0.2")
    with override_settings(NUM_PROXIES=1):
        assert client_ip(request) == "203.0.113.5"
