"""The admin's app list (sidebar and index) is kept per user, language and permissions
(core/admin_site.py): what is kept is what Django computes, for every role, in both languages, and a change
of role or of permissions is a new list."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.utils import translation

from accounts.models import Role, User
from core.admin_site import FulianAdminSite

pytestmark = pytest.mark.django_db


def app_list(user, fresh=False):
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(pk=user.pk)  # a new request: nothing cached on the user object
    if fresh:
        return admin.AdminSite.get_app_list(admin.site, request)
    return admin.site.get_app_list(request)


def shown(apps):
    return [
        (
            str(app["name"]),
            [(str(m["name"]), m["admin_url"], m.get("add_url"), dict(m["perms"])) for m in app["models"]],
        )
        for app in apps
    ]


def test_the_site_is_ours():
    assert isinstance(admin.site, FulianAdminSite)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_kept_list_is_djangos_for_every_role(users, language):
    with translation.override(language):
        for user in vars(users).values():
            user.is_staff = user.role != Role.COMMUNITY_CHAIR
            user.save()
            kept_first = shown(app_list(user))
            kept_again = shown(app_list(user))
            assert kept_first == kept_again == shown(app_list(user, fresh=True))


def test_a_new_role_or_permission_is_a_new_list(users):
    viewer = users.viewer
    viewer.is_staff = True
    viewer.save()
    as_viewer = shown(app_list(viewer))
    assert not any(m[2] for _app, models in as_viewer for m in models)  # a viewer adds nothing
    viewer.role = Role.DISTRICT_STAFF
    viewer.save()
    as_staff = shown(app_list(viewer))
    assert any(m[2] for _app, models in as_staff for m in models)
    assert as_staff == shown(app_list(viewer, fresh=True))
    viewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    assert shown(app_list(viewer)) == shown(app_list(viewer, fresh=True))


def test_a_kept_list_handed_out_is_a_copy(users):
    users.city.is_staff = True
    users.city.save()
    first = app_list(users.city)
    first[0]["models"].clear()
    assert app_list(users.city)[0]["models"]
