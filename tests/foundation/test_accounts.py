"""Accounts: users are created only inside one's own subtree with a role no higher than one's own."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Role, User

URL = "/api/v1/accounts/users/"


def new_user(role, federation, username="newbie"):
    return {"username": username, "role": role, "federation": federation.pk, "password": "Wuhan-Fulian-2017!"}


def test_district_staff_creates_a_chair_in_her_district(tree, users, api_client):
    # when
    response = api_client(users.district).post(URL, new_user(Role.COMMUNITY_CHAIR, tree.s1c1), format="json")
    # then
    assert response.status_code == 201, response.json()
    created = User.objects.get(username="newbie")
    assert created.check_password("Wuhan-Fulian-2017!")
    assert not created.is_staff  # chairs use the web forms, not the admin


def test_no_role_above_her_own(tree, users, api_client):
    response = api_client(users.district).post(URL, new_user(Role.CITY_OFFICE, tree.d1), format="json")
    assert response.status_code == 400
    assert "role" in response.json()
    assert not User.objects.filter(username="newbie").exists()


def test_no_user_outside_her_subtree(tree, users, api_client):
    # the other district is not even a valid choice for her
    response = api_client(users.district).post(URL, new_user(Role.COMMUNITY_CHAIR, tree.s3c1), format="json")
    assert response.status_code == 400
    assert not User.objects.filter(username="newbie").exists()


def test_weak_password_is_rejected_in_chinese(tree, users, api_client):
    payload = new_user(Role.COMMUNITY_CHAIR, tree.s1c1) | {"password": "123"}
    response = api_client(users.district).post(URL, payload, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "密码" in str(response.json())


def test_users_of_other_districts_are_invisible(tree, users, api_client):
    names = {row["username"] for row in api_client(users.district).get(URL).json()["results"]}
    assert "qiaokou" not in names
    assert {"wuchang", "shuiguohu", "dongting"} <= names


def test_admin_add_user_refuses_a_higher_role(tree, users, client):
    # given
    client.force_login(users.street)
    # when
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "boss",
            "password1": "Wuhan-Fulian-2017!",
            "password2": "Wuhan-Fulian-2017!",
            "role": Role.DISTRICT_STAFF,
            "federation": tree.s1.pk,
        },
    )
    # then
    assert response.status_code == 200
    assert not User.objects.filter(username="boss").exists()


def test_adduser_command_creates_an_account(tree):
    call_command("adduser", "ops1", role="district_staff", federation="D2", password="Wuhan-Fulian-2017!")
    user = User.objects.get(username="ops1")
    assert user.role == Role.DISTRICT_STAFF and user.federation == tree.d2 and user.is_staff
    assert user.check_password("Wuhan-Fulian-2017!")


def test_adduser_command_rejects_unknown_federation(tree):
    with pytest.raises(CommandError, match="找不到"):
        call_command("adduser", "ops2", role="viewer", federation="NOPE")


def test_token_endpoint_gives_a_working_token(tree, users, client):
    # when
    response = client.post("/api/v1/auth/token/", {"username": "wuchang", "password": "Secret-pass-2017"})
    # then
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/v1/accounts/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json()["username"] == "wuchang"
    other = client.get(f"/api/v1/organizations/federations/{tree.s3.pk}/", HTTP_AUTHORIZATION=f"Token {token}")
    assert other.status_code == 404


def test_token_endpoint_rejects_a_wrong_password(tree, users, client):
    response = client.post("/api/v1/auth/token/", {"username": "wuchang", "password": "nope"})
    assert response.status_code == 400
    assert "用户名或密码错误" in str(response.json())
