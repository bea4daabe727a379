"""core.admin.ScopedInline: one inline base for every app. Rights follow the parent record; the rows listed
are the user's view scope; relation choices are her edit scope (``choice_scope="edit"``, the default) or,
for partners named beside the owner (``"link"``), what she may link to."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import Role
from activities.admin import CoOrganizerInline
from cadres.admin import PostInline
from cadres.models import Person, Post
from core.admin import ScopedInline
from tests.cadres.factories import PersonFactory, PostFactory


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _choices(inline_class, parent_model, field_name, user):
    inline = inline_class(parent_model, admin.site)
    field = inline.model._meta.get_field(field_name)
    return set(inline.formfield_for_foreignkey(field, _request(user)).queryset)


@pytest.fixture
def wide(tree, make_user):
    """Edits 武昌 (D1) but views the whole city (a district clerk with the city's view)."""
    return make_user(Role.DISTRICT_STAFF, tree.d1, username="wide", view_federation=tree.city)


def test_every_admin_inline_derives_from_the_one_base():
    for model_admin in admin.site._registry.values():
        for inline in model_admin.inlines:
            assert issubclass(inline, ScopedInline), f"{type(model_admin).__name__}.{inline.__name__}"


def test_edit_choices_are_her_edit_subtree_link_choices_what_she_sees(tree, wide):
    from activities.models import Activity

    posts = _choices(PostInline, Person, "federation", wide)
    assert tree.s1c1 in posts and tree.d1 in posts
    assert tree.d2 not in posts and tree.city not in posts
    # a co-organising federation is a partner: anywhere she sees, as in the web form and the API
    partners = _choices(CoOrganizerInline, Activity, "federation", wide)
    assert tree.d2 in partners and tree.s3c1 in partners


def test_rows_listed_are_her_view_scope(tree, users):
    mine = PersonFactory(federation=tree.s1c1)
    theirs = PersonFactory(federation=tree.s3c1)
    kept, hidden = PostFactory(person=mine, federation=tree.s1c1), PostFactory(person=theirs, federation=tree.s3c1)
    listed = set(PostInline(Person, admin.site).get_queryset(_request(users.district)))
    assert kept in listed and hidden not in listed
    assert set(PostInline(Person, admin.site).get_queryset(_request(users.viewer))) >= {kept, hidden}


def test_rights_follow_the_parent_record(tree, users):
    inline = PostInline(Person, admin.site)
    mine, theirs = PersonFactory(federation=tree.s1c1), PersonFactory(federation=tree.s3c1)
    district, viewer = _request(users.district), _request(users.viewer)
    assert inline.has_change_permission(district, mine) and inline.has_add_permission(district, mine)
    assert inline.has_delete_permission(district, mine)
    assert not inline.has_change_permission(district, theirs) and not inline.has_add_permission(district, theirs)
    # a viewer sees the rows of what she may view, and changes none
    assert inline.has_view_permission(viewer, theirs)
    assert not inline.has_change_permission(viewer, mine) and not inline.has_add_permission(viewer, mine)


def _post_inline(client, person, federation):
    url = f"/admin/cadres/person/{person.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        {
            "posts-TOTAL_FORMS": "1",
            "posts-INITIAL_FORMS": "0",
            "posts-0-federation": str(federation.pk),
            "posts-0-appointment": "ELECTED",
            "posts-0-position": "EXEC_MEMBER",
            "posts-0-term_number": "1",
            "posts-0-term_start": "2021-01-01",
        }
    )
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def test_an_inline_post_outside_her_edit_scope_is_refused(tree, users, client):
    person = PersonFactory(federation=tree.s1c1)
    client.force_login(users.district)
    assert _post_inline(client, person, tree.s1).status_code == 302  # inside her edit scope: saved
    assert Post.objects.filter(person=person, federation=tree.s1).count() == 1
    response = _post_inline(client, person, tree.d2)
    assert response.status_code == 200  # the form comes back with the error, nothing saved
    (posts,) = [formset.formset for formset in response.context["inline_admin_formsets"]]
    assert list(posts.errors[0]) == ["federation"]
    assert "选择一个有效的选项" in str(posts.errors[0]["federation"])
    assert not Post.objects.filter(person=person, federation=tree.d2).exists()
