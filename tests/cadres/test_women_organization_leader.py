"""The leader of a women's organisation is kept by cadres (organizations knows nothing of people): its API
endpoint and the inline on the organisation's admin page, picking leaders from the user's edit scope."""

from cadres.models import WomenOrganizationLeader
from organizations.models import WomenOrganization
from tests.cadres.factories import PersonFactory

URL = "/api/v1/cadres/women-organization-leaders/"


def _organization(federation, name="巾帼志愿队"):
    return WomenOrganization.objects.create(
        federation=federation, name=name, org_type="ENTERPRISE_FEDERATION", founded_on="2020-01-01"
    )


def test_the_leader_is_set_and_read_through_cadres(tree, users, api_client):
    organization, person = _organization(tree.s1c1), PersonFactory(federation=tree.s1c1, name="李负责")
    client = api_client(users.district)
    created = client.post(URL, {"organization": organization.pk, "person": person.pk}, format="json")
    assert created.status_code == 201, created.json()
    listed = client.get(URL, {"organization": organization.pk}).json()["results"]
    assert [(row["organization_name"], row["person_name"]) for row in listed] == [("巾帼志愿队", "李负责")]
    assert organization.leader_link.person == person
    # one leader per organisation
    again = client.post(URL, {"organization": organization.pk, "person": person.pk}, format="json")
    assert again.status_code == 400


def test_a_leader_from_outside_her_edit_scope_is_refused_like_a_missing_one(tree, users, api_client):
    organization, stranger = _organization(tree.s1c1), PersonFactory(federation=tree.s3c1)
    response = api_client(users.district).post(URL, {"organization": organization.pk, "person": stranger.pk})
    assert response.status_code == 400 and "person" in response.json()
    assert not WomenOrganizationLeader.objects.exists()
    # and nobody outside her view reads the link
    theirs = _organization(tree.s3c1, "硚口志愿队")
    WomenOrganizationLeader.objects.create(organization=theirs, person=stranger)
    assert api_client(users.district).get(URL).json()["count"] == 0


def test_the_organisation_admin_page_shows_the_leader_inline(tree, users, client):
    organization = _organization(tree.s1c1)
    WomenOrganizationLeader.objects.create(organization=organization, person=PersonFactory(federation=tree.s1c1))
    client.force_login(users.district)
    page = client.get(f"/admin/organizations/womenorganization/{organization.pk}/change/")
    assert page.status_code == 200
    assert "leader_link-TOTAL_FORMS" in page.content.decode()
