"""Names in natural order everywhere they are listed (issue 17 item 10): 第一, 第二, 第三, 第十 and 1, 2, 10, not
the order of their code points (第一, 第三, 第二, 第十; 1, 10, 2). Every named model keeps the name's natural key
on ``sort_key`` (core.models.NaturallyNamed): its default order, the admin's changelist (by default and by the
name column), the API's ``?ordering=name``, rows created in bulk and renamed rows."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from activities.models import SocialOrganization, Team
from core import bulk
from core.naturalsort import natural_key, sort_key_filler
from evaluations.models import SurveyTemplate
from organizations.choices import JointBuildMode, MemberUnitType, WomenOrganizationType
from organizations.models import JointBuildingCluster, MemberUnit, WomenOrganization
from venues.models import OnlineService, Venue, VenueCluster

# Entered in this order; listed 1, 2, 10 (digits before Chinese), then 第一, 第二, 第三, 第十.
ENTERED = ["第十", "第一", "10号", "第三", "2号", "第二", "1号"]
NATURAL = ["1号", "2号", "10号", "第一", "第二", "第三", "第十"]


@dataclass
class Named:
    model: Any
    suffix: str
    make: Any  # (tree, name) -> unsaved instance
    api: str | None  # the API list's URL name
    api_ordering: bool = True  # whether the API declares ?ordering=name

    @property
    def admin(self) -> str:
        return f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist"


NAMED = [
    Named(
        Team,
        "舞蹈队",
        lambda t, n: Team(federation=t.s1c1, name=n, kind="DANCE", women_count=20),
        "activities-api:team-list",
    ),
    Named(
        SocialOrganization,
        "茶会",
        lambda t, n: SocialOrganization(cultivated_by=t.s1c1, name=n, field="TEA"),
        "activities-api:socialorganization-list",
    ),
    Named(
        Venue,
        "妇女之家",
        lambda t, n: Venue(federation=t.s1c1, name=n, code=f"NV-{natural_key(n)}", kind="WOMENS_HOME"),
        "venues-api:venue-list",
    ),
    Named(
        VenueCluster,
        "片区",
        lambda t, n: VenueCluster(district=t.d1, name=n, code=f"NC-{natural_key(n)}"),
        "venues-api:venuecluster-list",
    ),
    Named(
        JointBuildingCluster,
        "联建片区",
        lambda t, n: JointBuildingCluster(core=t.s1, name=n, mode=JointBuildMode.TERRITORIAL),
        "organizations-api:jointbuildingcluster-list",
    ),
    Named(
        WomenOrganization,
        "妇女组织",
        lambda t, n: WomenOrganization(
            federation=t.s1c1,
            name=n,
            org_type=WomenOrganizationType.CULTURE_SPORTS_TEAM,
            founded_on=datetime.date(2017, 5, 1),
        ),
        "organizations-api:womenorganization-list",
    ),  # fmt: skip
    Named(
        MemberUnit,
        "成员单位",
        lambda t, n: MemberUnit(
            federation=t.s1,
            name=n,
            unit_type=MemberUnitType.ENTERPRISE,
            joined_on=datetime.date(2017, 5, 1),
        ),
        "organizations-api:memberunit-list",
    ),  # fmt: skip
    Named(
        SurveyTemplate,
        "问卷",
        lambda t, n: SurveyTemplate(name=n),
        "evaluations-api:survey-template-list",
        api_ordering=False,
    ),
    Named(
        OnlineService,
        "家长课堂",
        lambda t, n: OnlineService(section="PARENTS_SCHOOL", name=n, federation=t.s1c1),
        "venues-api:onlineservice-list",
        api_ordering=False,
    ),
]
IDS = [named.model.__name__ for named in NAMED]


def _names(named: Named, names: list[str]) -> list[str]:
    return [f"{name}{named.suffix}" for name in names]


def _ours(named: Named, listed: list[str]) -> list[str]:
    """The listed names of the rows this test made (migrations may have made others, e.g. a default template)."""
    mine = set(_names(named, ENTERED))
    return [name for name in listed if name in mine]


@pytest.fixture(params=NAMED, ids=IDS)
def named(request, tree):
    spec = request.param
    for name in _names(spec, ENTERED):
        spec.make(tree, name).save()
    return spec


def test_the_default_order_is_natural(named):
    listed = named.model._base_manager.order_by(*named.model._meta.ordering).values_list("name", flat=True)
    assert _ours(named, list(listed)) == _names(named, NATURAL)
    assert _ours(named, [obj.name for obj in named.model.objects.all()]) == _names(named, NATURAL)
    # what the key replaces: code-point order puts 10 before 2 and 第三 before 第二
    assert sorted(_names(named, ENTERED)) != _names(named, NATURAL)


def test_the_admin_changelist_lists_and_sorts_the_name_column_naturally(named, users, client):
    client.force_login(users.city)
    response = client.get(reverse(named.admin))
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert _ours(named, [obj.name for obj in changelist.result_list]) == _names(named, NATURAL)

    column = list(changelist.list_display).index("name")
    ascending = client.get(reverse(named.admin), {"o": str(column)}).context["cl"]
    assert _ours(named, [obj.name for obj in ascending.result_list]) == _names(named, NATURAL)
    descending = client.get(reverse(named.admin), {"o": f"-{column}"}).context["cl"]
    assert _ours(named, [obj.name for obj in descending.result_list]) == _names(named, NATURAL)[::-1]


def test_the_api_list_is_natural_and_so_is_its_ordering_by_name(named, users, api_client):
    client = api_client(users.city)
    response = client.get(reverse(named.api))
    assert response.status_code == 200
    assert _ours(named, [row["name"] for row in response.json()["results"]]) == _names(named, NATURAL)
    if not named.api_ordering:
        return
    for ordering, expected in (("name", NATURAL), ("-name", NATURAL[::-1])):
        response = client.get(reverse(named.api), {"ordering": ordering})
        assert response.status_code == 200
        assert _ours(named, [row["name"] for row in response.json()["results"]]) == _names(named, expected)


def test_a_renamed_row_moves(named):
    first = named.model._base_manager.get(name=f"第一{named.suffix}")
    first.name = f"第十一{named.suffix}"
    first.save(update_fields=["name"])
    first.refresh_from_db()
    assert first.sort_key == natural_key(first.name)
    listed = [obj.name for obj in named.model.objects.filter(name__endswith=named.suffix)]
    assert listed[-1] == f"第十一{named.suffix}"
    assert listed.index(f"第十{named.suffix}") == len(listed) - 2


@pytest.mark.parametrize("spec", NAMED, ids=IDS)
def test_a_row_created_in_bulk_gets_its_key(spec, tree):
    spec.model.objects.bulk_create([spec.make(tree, name) for name in _names(spec, ["第二", "第十"])])
    keys = dict(spec.model._base_manager.filter(name__endswith=spec.suffix).values_list("name", "sort_key"))
    assert keys == {name: natural_key(name) for name in _names(spec, ["第二", "第十"])}
    assert keys[f"第十{spec.suffix}"] > keys[f"第二{spec.suffix}"]


def test_the_bulk_writer_fills_the_key_unless_a_row_gives_one(tree):
    bulk.insert(
        Team,
        ["federation", "name", "kind", "women_count"],
        [(tree.s1c1.pk, "第十队", "DANCE", 5), (tree.s1c1.pk, "第二队", "DANCE", 5)],
    )
    writer = bulk.Writer(Team)  # dict rows give their ids
    writer.add(
        {"id": writer.new_id(), "federation_id": tree.s1c1.pk, "name": "第三队", "kind": "DANCE", "sort_key": "given"}
    )
    writer.finish()
    keys = dict(Team.objects.values_list("name", "sort_key"))
    assert keys == {"第十队": natural_key("第十队"), "第二队": natural_key("第二队"), "第三队": "given"}
    assert list(Team.objects.exclude(name="第三队").values_list("name", flat=True)) == ["第二队", "第十队"]


def test_the_migration_fills_the_keys_of_existing_rows(tree):
    for name in ("第十队", "第二队", "2队"):
        Team.objects.create(federation=tree.s1c1, name=name, kind="DANCE", women_count=5)
    Team.objects.update(sort_key="")  # rows as they stood before the column
    sort_key_filler("activities", "Team")(django_apps, None)
    assert dict(Team.objects.values_list("name", "sort_key")) == {
        name: natural_key(name) for name in ("第十队", "第二队", "2队")
    }


def test_history_leaves_the_derived_key_out():
    for model in (Team, SocialOrganization, Venue, VenueCluster, JointBuildingCluster, WomenOrganization, MemberUnit,
                  SurveyTemplate, OnlineService):  # fmt: skip
        historical = model.history.model
        assert "sort_key" not in {field.name for field in historical._meta.fields}, model
