"""Deleting a federation, person, venue or organisation that other records point to is refused, naming what
depends on it: the API answers 409, the admin shows Django's page of protected records; nothing is deleted."""

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from activities.models import Team
from cadres.models import Person
from organizations.models import Federation, MemberUnit, WomenOrganization
from tests.cadres.factories import PersonFactory, PostFactory
from venues.models import Upgrade, Venue

PROTECTED_TARGETS = {
    "organizations.federation",
    "cadres.person",
    "venues.venue",
    "organizations.memberunit",
    "organizations.womenorganization",
    "activities.socialorganization",
}
# Parts of the record itself, not records of their own: derived figures rebuilt from the records go with
# their federation, a member unit's join/leave dates with the unit.
OWNED = {
    ("evaluations.monthlystat", "federation"),
    ("evaluations.subtreemonthlystat", "federation"),
    ("venues.communitycentre", "federation"),  # a community's centre point is part of its record
    ("evaluations.indicatorsnapshot", "federation"),
    ("activities.activitycount", "federation"),
    ("organizations.memberunitmembership", "unit"),
    ("cadres.womenorganizationleader", "organization"),  # who leads it goes with the organisation
}


def test_every_reference_to_a_federation_person_venue_or_organisation_is_protect():
    from django.db.models import PROTECT

    loose = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            if field.related_model._meta.label_lower not in PROTECTED_TARGETS:
                continue
            if (model._meta.label_lower, field.name) in OWNED:
                continue
            if field.remote_field.on_delete is not PROTECT:
                loose.append(f"{model._meta.label_lower}.{field.name}")
    assert loose == []


def test_deleting_a_federation_with_people_is_409_naming_them(tree, users, api_client):
    PersonFactory(federation=tree.s2c1, name="王依赖")
    # when
    response = api_client(users.district).delete(f"/api/v1/organizations/federations/{tree.s2c1.pk}/")
    # then
    assert response.status_code == 409
    assert "无法删除" in response.json()["detail"]
    assert "人员“王依赖”" in response.json()["detail"]
    assert Federation.objects.filter(pk=tree.s2c1.pk).exists()


def test_deleting_a_federation_with_children_names_the_children(tree, users, api_client):
    response = api_client(users.district).delete(f"/api/v1/organizations/federations/{tree.s2.pk}/")
    assert response.status_code == 409
    assert "中南社区妇联" in response.json()["detail"]
    assert Federation.objects.filter(pk=tree.s2.pk).exists()


def test_deleting_a_person_with_posts_is_409_naming_the_post(tree, users, api_client):
    post = PostFactory(federation=tree.s1c1, person__name="李任职")
    # when
    response = api_client(users.district).delete(f"/api/v1/cadres/people/{post.person_id}/")
    # then
    assert response.status_code == 409
    assert "任职“李任职" in response.json()["detail"]
    assert Person.objects.filter(pk=post.person_id).exists()


def test_deleting_a_venue_in_a_cluster_with_upgrades_is_409(tree, users, api_client, cluster, homes):
    Upgrade.objects.create(venue=homes.dongting, upgraded_on=date(2017, 5, 1), items="更换标牌")
    # when
    response = api_client(users.district).delete(f"/api/v1/venues/venues/{homes.dongting.pk}/")
    # then
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "提档升级" in detail and "片区" in detail
    assert Venue.objects.filter(pk=homes.dongting.pk).exists()


def test_deleting_a_member_unit_providing_a_venue_is_409(tree, users, api_client, make_unit, make_venue):
    unit = make_unit(tree.s1, name="江岸党群服务中心")
    make_venue(tree.s1c1, name="共建之家", sharing_mode="CO_BUILT_SHARED", provider_unit=unit)
    response = api_client(users.district).delete(f"/api/v1/organizations/member-units/{unit.pk}/")
    assert response.status_code == 409
    assert "阵地“共建之家”" in response.json()["detail"]
    assert MemberUnit.objects.filter(pk=unit.pk).exists()


def test_deleting_a_womens_organisation_with_a_team_is_409(tree, users, api_client, make_org):
    org = make_org(tree.s1c1, name="东亭舞蹈队妇女组织")
    Team.objects.create(name="东亭舞蹈队", federation=tree.s1c1, women_organization=org)
    response = api_client(users.district).delete(f"/api/v1/organizations/women-organizations/{org.pk}/")
    assert response.status_code == 409
    assert "东亭舞蹈队" in response.json()["detail"]
    assert WomenOrganization.objects.filter(pk=org.pk).exists()


def test_a_long_list_of_dependents_is_cut_with_a_count(tree, users, api_client):
    for n in range(8):
        PersonFactory(federation=tree.s2c1, name=f"依赖{n}")
    response = api_client(users.district).delete(f"/api/v1/organizations/federations/{tree.s2c1.pk}/")
    assert response.status_code == 409
    assert response.json()["detail"].endswith("等 8 条记录。")


def test_a_federation_with_nothing_pointing_at_it_can_still_be_deleted(tree, users, api_client):
    response = api_client(users.district).delete(f"/api/v1/organizations/federations/{tree.s1c1g1.pk}/")
    assert response.status_code == 204


@pytest.mark.parametrize(
    ("admin_name", "make"),
    [
        ("organizations_federation", lambda tree: (PersonFactory(federation=tree.s2c1, name="王依赖"), tree.s2c1)),
        ("cadres_person", lambda tree: (post := PostFactory(federation=tree.s1c1, person__name="李任职"), post.person)),
    ],
)
def test_the_admin_shows_the_protected_page_and_deletes_nothing(tree, users, client, admin_name, make):
    dependent, obj = make(tree)
    client.force_login(users.district)
    url = reverse(f"admin:{admin_name}_delete", args=[obj.pk])
    # when
    page = client.get(url)
    posted = client.post(url, {"post": "yes"})
    # then: Django's page listing the protected records, in Chinese, and the record is still there
    assert page.status_code == 200
    assert page.context["protected"]
    assert "受保护" in page.content.decode()
    assert str(dependent) in page.content.decode()
    assert posted.status_code == 200
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_admin_shows_the_protected_page_for_a_venue(tree, users, client, cluster, homes):
    client.force_login(users.district)
    url = reverse("admin:venues_venue_delete", args=[homes.dongting.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["protected"]
    client.post(url, {"post": "yes"})
    assert Venue.objects.filter(pk=homes.dongting.pk).exists()


def test_a_community_an_activity_radiated_to_cannot_be_deleted(tree, users, api_client):
    from django.utils import timezone

    from activities.models import Activity, ActivityKind

    start = timezone.now()
    kind = ActivityKind.objects.first() or ActivityKind.objects.create(code="OTHER", name="其他")
    activity = Activity.objects.create(
        federation=tree.s1c1, kind=kind, title="辐射活动", start=start, end=start + timezone.timedelta(hours=1)
    )
    activity.radiated_to.add(tree.s1c1g1)
    # when
    response = api_client(users.district).delete(f"/api/v1/organizations/federations/{tree.s1c1g1.pk}/")
    # then: the link is kept, the activity named
    assert response.status_code == 409
    assert "辐射活动" in response.json()["detail"]
    assert activity.radiated_to.filter(pk=tree.s1c1g1.pk).exists()


def test_a_venue_that_brought_in_a_social_organisation_cannot_be_deleted(tree, users, api_client, client, make_venue):
    from activities.models import SocialOrganization

    venue = make_venue(tree.s1c1, name="引进之家")
    social = SocialOrganization.objects.create(cultivated_by=tree.s1c1, name="花蒂艺坊", field="TEA")
    social.introduced_by.add(venue)
    # when
    response = api_client(users.district).delete(f"/api/v1/venues/venues/{venue.pk}/")
    # then
    assert response.status_code == 409
    assert "花蒂艺坊" in response.json()["detail"]
    assert social.introduced_by.filter(pk=venue.pk).exists()
    client.force_login(users.district)
    page = client.get(reverse("admin:venues_venue_delete", args=[venue.pk]))
    assert page.context["protected"] and "花蒂艺坊" in page.content.decode()
    client.post(reverse("admin:venues_venue_delete", args=[venue.pk]), {"post": "yes"})
    assert Venue.objects.filter(pk=venue.pk).exists()
