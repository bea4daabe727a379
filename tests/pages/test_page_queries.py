"""Query counts for every page of every role at two data sizes, from the bench's own page list
(wuhan_fulian.pages: the URL configuration and the admin registry). A page's count must not grow with the
rows or the tree; no page answers 500; every route with parameters is declared (``SAMPLES`` or
``NOT_PAGES``), so a new page is counted here the day it is added."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from accounts.models import User
from wuhan_fulian import pages

from .world import grow, populate

ROLES = ["city", "district", "street", "chair", "viewer"]


def test_every_page_route_is_declared():
    assert pages.undeclared_routes() == []
    names = {route.name for route in pages.routes()}
    assert set(pages.NOT_PAGES) <= names | {"media"}, "NOT_PAGES names a route that no longer exists"
    assert set(pages.SAMPLES) <= names


def counts(user):
    """{label: (queries, status)} of every page of ``user`` (a fresh copy: the tree moved since)."""
    from django.test import Client

    user = User.objects.get(pk=user.pk)
    client = Client()
    client.force_login(user)
    found = {}
    for page in pages.pages_for(user):
        client.get(page.url)  # warm per-process caches, as the bench does
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        found[page.label] = (len(queries), response.status_code)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_page_query_counts_do_not_grow(role, tree, users):
    user = getattr(users, role)
    populate([tree.s1c1, tree.s1v1, tree.s2c1, tree.s3c1], 1, "base")
    counts(user)  # opening pages writes rows some pages list (the personal-data access log)
    small = counts(user)
    grow(tree, 4)
    large = counts(user)
    # every page answered (no 500) and the same pages exist at both sizes
    assert {label: status for label, (_, status) in small.items() if status >= 500} == {}
    assert sorted(set(small) - set(large)) == []
    assert sorted(set(large) - set(small)) == [], "a page appears only with more rows"
    assert {label: (small[label][1], large[label][1]) for label in small if small[label][1] != large[label][1]} == {}
    grew = {label: (small[label][0], large[label][0]) for label in small if small[label][0] < large[label][0]}
    assert grew == {}
    # Fewer is allowed (home: a section skips two queries once it has rows); never more.


def test_the_page_list_covers_the_site_and_the_admin(tree, users):
    """Not vacuous: the city office's list holds the pages named in issue 16 and both kinds of admin page."""
    populate([tree.s1c1], 1, "base")
    Token.objects.create(user=users.city)  # an admin without a change form: its row page is the revoke page
    labels = {page.label for page in pages.pages_for(User.objects.get(pk=users.city.pk))}
    assert "admin accounts.apitoken changelist" in labels
    assert {"home", "activities:list", "activities:month", "evaluations:dashboard", "activities:edit"} <= labels
    assert {"admin evaluations.surveyresponse changelist", "admin evaluations.surveyresponse change"} <= labels
    assert {"admin cadres.post changelist", "admin cadres.post change"} <= labels
    assert "admin accounts.apitoken change" in labels  # the token's revoke page, its only row page
    training = {"cadres:training", "cadres:training-course", "cadres:session-attendance", "cadres:person-training"}
    assert training | {"admin cadres.person change", "admin cadres.trainingattendance change"} <= labels
    chair = {page.label for page in pages.pages_for(User.objects.get(pk=users.chair.pk))}
    assert "activities:list" in chair and not any(label.startswith("admin ") for label in chair)
