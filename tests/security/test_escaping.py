"""Bad input, part 1: HTML and script typed into every free-text field are shown escaped, as text, on every
page that shows them (the admin lists and forms, the pages of each app, the public survey page)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityKind, SocialOrganization, Team
from cadres.choices import Position
from evaluations.models import Survey
from organizations.choices import Level
from organizations.models import Federation, MemberUnit, WomenOrganization
from tests.cadres.factories import PersonFactory, PostFactory
from tests.evaluations.conftest import template  # noqa: F401
from venues.models import ClusterMembership, Upgrade, Venue, VenueCluster

EVIL = '<script>alert("x")</script><img src=x onerror=f()>'  # 50 characters: fits every short field'
SHOWN = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
RAW = ("<script>alert(", "<img src=x onerror")


@pytest.fixture
def evil(tree, template):  # noqa: F811
    """One record of each kind whose free-text fields all carry markup, in 东亭社区 (S1C1, 武昌)."""
    community = Federation.objects.create(
        name=f"{EVIL}社区妇联", code="EVIL", level=Level.COMMUNITY, parent=tree.s1, address=EVIL, contact_person=EVIL
    )
    person = PersonFactory(federation=tree.s1c1, name='<script>alert("x")</script>李', occupation=EVIL, bio=EVIL)
    PostFactory(person=person, federation=tree.s1c1, position=Position.CHAIR, note=EVIL)
    venue = Venue.objects.create(
        federation=tree.s1c1,
        name=f"{EVIL}之家",
        code="V-EVIL",
        kind="WOMENS_HOME",
        description=EVIL,
        address=EVIL,
        opening_hours=EVIL,
        provider_name=EVIL,
    )
    cluster = VenueCluster.objects.create(name=f"{EVIL}片区", code="PQ-EVIL", district=tree.d1)
    ClusterMembership.objects.create(cluster=cluster, venue=venue, is_demonstration=True)
    Upgrade.objects.create(venue=venue, upgraded_on=datetime.date(2017, 5, 1), items=EVIL, notes=EVIL)
    unit = MemberUnit.objects.create(
        federation=tree.s1c1, name=f"{EVIL}单位", unit_type="ENTERPRISE", joined_on=datetime.date(2017, 5, 1)
    )
    org = WomenOrganization.objects.create(
        federation=tree.s1c1, name=f"{EVIL}妇女组织", org_type="WOMEN_GROUP", founded_on=datetime.date(2017, 5, 1)
    )
    social = SocialOrganization.objects.create(cultivated_by=tree.s1c1, name=f"{EVIL}社会组织", field="TEA")
    team = Team.objects.create(federation=tree.s1c1, name=f"{EVIL}舞蹈队", kind="DANCE", women_count=25)
    start = timezone.now() - datetime.timedelta(days=1)
    activity = Activity.objects.create(
        federation=tree.s1c1,
        kind=ActivityKind.objects.first() or ActivityKind.objects.create(code="OTHER", name="其他"),
        title=f"{EVIL}活动",
        description=EVIL,
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue=venue,
    )
    today = timezone.localdate()
    survey = Survey.objects.create(
        template=template,
        federation=tree.s1c1,
        title=f"{EVIL}问卷",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=1),
    )
    return {
        "federation": community,
        "person": person,
        "venue": venue,
        "cluster": cluster,
        "unit": unit,
        "org": org,
        "social": social,
        "team": team,
        "activity": activity,
        "survey": survey,
    }


def assert_escaped(response, shown=True):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html
    if shown:
        assert "&lt;script&gt;alert(" in html


ADMIN = [
    ("organizations", "federation", "federation"),
    ("cadres", "person", "person"),
    ("venues", "venue", "venue"),
    ("venues", "venuecluster", "cluster"),
    ("organizations", "memberunit", "unit"),
    ("organizations", "womenorganization", "org"),
    ("activities", "socialorganization", "social"),
    ("activities", "team", "team"),
    ("activities", "activity", "activity"),
    ("evaluations", "survey", "survey"),
]


@pytest.mark.parametrize(("app", "model", "key"), ADMIN, ids=[m for _a, m, _k in ADMIN])
def test_admin_list_change_and_history_pages_escape_markup(evil, users, client, app, model, key):
    client.force_login(users.city)
    obj = evil[key]
    assert_escaped(client.get(reverse(f"admin:{app}_{model}_changelist")))
    assert_escaped(client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk])))
    assert_escaped(client.get(reverse(f"admin:{app}_{model}_history", args=[obj.pk])), shown=False)
    assert_escaped(client.get(reverse(f"admin:{app}_{model}_delete", args=[obj.pk])))


def test_app_pages_escape_markup(evil, users, client, tree):
    client.force_login(users.district)
    pages = [
        "/venues/",
        f"/venues/{evil['venue'].pk}/",
        "/venues/clusters/",
        f"/venues/clusters/{evil['cluster'].pk}/",
        f"/organizations/tree/?federation={tree.s1.pk}",
        f"/cadres/gaps/?federation={tree.s1.pk}",
        f"/cadres/rotation/?federation={tree.s1.pk}",
        "/evaluations/surveys/",
        f"/evaluations/surveys/{evil['survey'].pk}/poster/",
        "/evaluations/dashboard/",
        "/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for raw in RAW:
            assert raw not in body, url


def test_the_chairs_activity_pages_escape_markup(evil, users, client):
    client.force_login(users.chair)
    assert_escaped(client.get("/activities/"))
    assert_escaped(client.get(f"/activities/{evil['activity'].pk}/edit/"))


def test_the_public_survey_page_escapes_markup(evil, client):
    assert_escaped(client.get(f"/evaluations/s/{evil['survey'].token}/"))


def test_json_answers_carry_markup_as_plain_text(evil, users, api_client):
    data = api_client(users.district).get(f"/api/v1/venues/venues/{evil['venue'].pk}/").json()
    assert data["description"] == EVIL


def test_json_for_the_pages_scripts_is_json_and_the_scripts_insert_text_only(evil, users, client, tree):
    # The tree and the activity form's search read JSON and build nodes with textContent: markup stays text.
    client.force_login(users.chair)
    found = client.get("/activities/search/?type=venue&q=script")
    client.force_login(users.district)
    children = client.get(f"/organizations/tree/children/?parent={tree.s1.pk}")
    search = client.get("/organizations/tree/search/?q=script")
    for response in (found, children, search):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
    assert EVIL + "之家" in {row["label"] for row in found.json()["results"]}
    assert EVIL + "社区妇联" in {row["name"] for row in children.json()["children"][str(tree.s1.pk)]}
    scripts = [p for p in (settings.BASE_DIR / "static").rglob("*.js") if "vendor" not in p.parts]
    assert scripts
    for path in scripts:
        source = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{path.name} uses {sink}"
