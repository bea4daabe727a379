"""The demo Wuhan data set: the figures of the seed article and DOMAIN.md section 6, deterministic and
idempotent, with MPTT numbers equal to a rebuild."""

import time
from datetime import date

from django.conf import settings
from django.db.models import Count

from demo import wuhan_data
from demo.tree import build_wuhan
from organizations import services
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS, JointBuildMode, Level
from organizations.models import Federation, JointBuildingCluster, MemberUnit, WomenOrganization

YEAR = settings.REFORM_YEAR


def wuhan():
    return Federation.objects.get(code="420100")


def under(root, **filters):
    return Federation.objects.filter(tree_id=root.tree_id, lft__gt=root.lft, rght__lt=root.rght, **filters)


def test_the_tree_has_the_citys_counts(seeded):
    city = wuhan()
    counts = dict(under(city).order_by().values_list("level").annotate(n=Count("id")))
    assert counts[Level.DISTRICT] == 13
    assert counts[Level.FUNCTIONAL_ZONE] == 6
    assert counts[Level.STREET] + counts[Level.TOWNSHIP] == 156
    assert counts[Level.COMMUNITY] == 1431
    assert under(city, level=Level.VILLAGE, is_brigade=False).count() == 1805
    assert under(city, level=Level.VILLAGE, is_brigade=True).count() == 149
    assert counts[Level.GRID_GROUP] > 0


def test_districts_have_their_real_codes_and_names_end_in_fulian(seeded):
    codes = dict(Federation.objects.filter(level=Level.DISTRICT).values_list("name", "code"))
    assert codes == {f"{name}妇联": code for name, code, _n, _k in wuhan_data.DISTRICTS}
    assert not under(wuhan()).exclude(level=Level.GRID_GROUP).exclude(name__endswith="妇联").exists()


def test_codes_grow_by_level(seeded):
    lengths = {
        level: set(under(wuhan(), level=level).values_list("code", flat=True).distinct().order_by())
        for level in (Level.STREET, Level.TOWNSHIP, Level.COMMUNITY, Level.VILLAGE)
    }
    assert {len(c) for c in lengths[Level.STREET] | lengths[Level.TOWNSHIP]} == {9}
    assert {len(c) for c in lengths[Level.COMMUNITY] | lengths[Level.VILLAGE]} == {12}


def test_named_streets_and_townships_are_real_names_in_their_districts(seeded):
    for district, shorts in wuhan_data.NAMED_STREETS.items():
        parent = Federation.objects.get(name=f"{district}妇联")
        names = set(parent.get_children().values_list("name", flat=True))
        assert {f"{s}街妇联" for s in shorts} <= names
    for district, townships in wuhan_data.TOWNSHIPS.items():
        township = Federation.objects.get(name=f"{townships[0]}妇联")
        assert (township.level, township.parent.name) == (Level.TOWNSHIP, f"{district}妇联")
    assert not Federation.objects.filter(name="水果湖街妇联").get().name_is_generated
    generated = under(wuhan(), level=Level.STREET, name_is_generated=True).count()
    assert generated == 156 - sum(len(s) for s in wuhan_data.NAMED_STREETS.values()) - 4


def test_the_seeds_places_are_in_the_right_streets(seeded):
    def children(district, street):
        node = Federation.objects.get(name=f"{street}妇联", parent__name=f"{district}妇联")
        return set(node.get_children().values_list("name", flat=True))

    assert {"东亭社区妇联"} <= children("武昌区", "水果湖街")
    assert {f"{c}社区妇联" for c in ("发展", "井南", "双墩", "金阳", "海工")} <= children("硚口区", "宗关街")
    assert {f"{c}社区妇联" for c in ("江欣苑", "江堤", "老龙头")} <= children("汉阳区", "江堤街")
    assert {f"{c}社区妇联" for c in ("永宁", "五彩", "多福")} <= children("硚口区", "宝丰街")
    assert len(children("硚口区", "汉正街")) == 16
    assert "百步亭社区妇联" in children("江岸区", "后湖街")
    assert "同安社区妇联" in children("江岸区", "塔子湖街")
    assert "东港村妇联" in children("新洲区", "邾城街")


def test_baibuting_has_branches_with_womens_groups(seeded):
    baibuting = Federation.objects.get(name="百步亭社区妇联", parent__name="后湖街妇联")
    branches = baibuting.get_children()
    assert branches.count() == len(wuhan_data.BAIBUTING_BRANCHES)
    assert all(b.name.endswith("妇联分会") and b.get_children().count() >= 4 for b in branches)
    assert branches[0].get_children()[0].name.endswith("妇女小组")


def test_urban_districts_are_mostly_communities_far_ones_mostly_villages(seeded):
    for name, expect_more in (("江汉区妇联", Level.COMMUNITY), ("黄陂区妇联", Level.VILLAGE)):
        district = Federation.objects.get(name=name)
        communities = under(district, level=Level.COMMUNITY).count()
        villages = under(district, level=Level.VILLAGE).count()
        assert (communities > villages) == (expect_more == Level.COMMUNITY)


def test_coverage_reproduces_the_seeds_figures(seeded):
    city = wuhan()
    meeting = services.coverage(city, date(YEAR, 5, 18))
    mid_year = services.coverage(city, date(YEAR, 6, 30))
    year_end = services.coverage(city, date(YEAR, 12, 31))
    assert meeting["streets"]["share"] >= 0.8
    assert year_end["streets"] == {"total": 156, "regionalized": 156, "share": 1.0}
    assert abs(mid_year["levels"]["COMMUNITY"]["share"] - 0.2) < 0.001
    assert abs(mid_year["levels"]["VILLAGE"]["share"] - 0.2) < 0.001
    assert 0.19 < mid_year["communities_villages"]["share"] < 0.21
    later = services.coverage(city, date(YEAR + 5, 1, 1))["communities_villages"]
    assert later["regionalized"] < later["total"]  # some are still to do: gaps


def test_coverage_api_on_the_demo_data(seeded, django_user_model, api_client):
    from accounts.models import Role

    user = django_user_model.objects.create(username="seedcity", role=Role.CITY_OFFICE, federation=wuhan())
    body = (
        api_client(user)
        .get("/api/v1/organizations/coverage/", {"federation": wuhan().pk, "as_of": f"{YEAR}-12-31"})
        .json()
    )
    assert body["streets"] == {"total": 156, "regionalized": 156, "share": 1.0}
    assert len(body["children"]) == 19


def test_shuiguohu_has_49_member_units(seeded):
    shuiguohu = Federation.objects.get(name="水果湖街妇联")
    assert services.member_unit_count(shuiguohu) == 49
    assert MemberUnit.objects.filter(federation=shuiguohu, is_party_building_member=True).count() == 49
    assert services.member_unit_count(shuiguohu, date(YEAR, 5, 18)) == 49


def test_seed_units_and_organisations_obey_the_rules(seeded):
    for unit in MemberUnit.objects.select_related("federation").order_by("?")[:200]:
        unit.full_clean()
    for org in WomenOrganization.objects.select_related("federation", "host_unit__federation").order_by("?")[:300]:
        org.full_clean()
    assert MemberUnit.objects.filter(memberships__isnull=True).count() == 0


def test_the_named_units_and_organisations_are_in_their_districts(seeded):
    def district_of(federation):
        return federation.get_ancestors().get(level__in=[Level.DISTRICT, Level.FUNCTIONAL_ZONE]).name

    assert district_of(MemberUnit.objects.get(name="武汉斗鱼网络科技有限公司").federation) == "东湖新技术开发区妇联"
    assert district_of(MemberUnit.objects.get(name="阳逻经济开发区").federation) == "新洲区妇联"
    assert WomenOrganization.objects.get(name="长城汇“她联盟”").founded_on == date(YEAR, 5, 6)
    assert WomenOrganization.objects.get(name="“巧妇靓家”手工坊").federation.parent.name == "宗关街妇联"
    assert (
        WomenOrganization.objects.filter(federation__name="百步亭社区妇联", org_type="CULTURE_SPORTS_TEAM").count()
        > 100
    )


def test_more_than_5800_new_womens_organisations_since_the_reform_began(seeded):
    assert services.new_women_organizations(wuhan()) >= 5800
    assert WomenOrganization.objects.filter(founded_on__lt=date(YEAR, 1, 1)).exists()


def test_the_three_joint_building_examples_are_loaded_and_valid(seeded):
    fazhan = JointBuildingCluster.objects.get(name="发展社区片区")
    assert fazhan.mode == JointBuildMode.CLUSTER
    assert {m.name for m in fazhan.members.all()} == {"井南社区妇联", "双墩社区妇联", "金阳社区妇联"}
    jiangdi = JointBuildingCluster.objects.get(name="江堤街企社联建片区")
    assert jiangdi.mode == JointBuildMode.ENTERPRISE_COMMUNITY
    assert jiangdi.lead_company.federation.name == "江堤街妇联"
    assert {m.name for m in jiangdi.members.all()} == {"江欣苑社区妇联", "江堤社区妇联", "老龙头社区妇联"}
    baofeng = JointBuildingCluster.objects.get(name="宝丰街商会妇委会联建片区")
    assert baofeng.members.count() == 3 + 16
    for cluster in JointBuildingCluster.objects.all():
        cluster.full_clean()


def test_the_gap_list_names_unregionalised_places(seeded):
    gaps = services.gaps(wuhan(), date(YEAR, 12, 31))
    pending = [g for g in gaps if g.rule == "federation_regionalized"]
    assert len(pending) == 3385 - services.coverage(wuhan(), date(YEAR, 12, 31))["communities_villages"]["regionalized"]


def test_the_mptt_numbers_are_those_of_a_rebuild(seeded):
    before = list(Federation.objects.order_by("id").values_list("id", "tree_id", "lft", "rght", "mptt_level"))
    Federation.objects.rebuild()
    after = list(Federation.objects.order_by("id").values_list("id", "tree_id", "lft", "rght", "mptt_level"))
    assert before == after


def test_seeding_again_adds_nothing(seeded):
    from demo.pillars import organizations as seed

    from .conftest import _Ctx

    before = (Federation.objects.count(), MemberUnit.objects.count(), WomenOrganization.objects.count())
    ctx = _Ctx()
    seed(ctx)
    assert (Federation.objects.count(), MemberUnit.objects.count(), WomenOrganization.objects.count()) == before
    assert ctx.counts == {}


def test_the_layout_is_deterministic():
    import random

    def layout():
        root = build_wuhan(random.Random("20170518:demo:organizations:wuhan"), YEAR)
        return [(n.code, n.name, n.regionalized_on, n.is_brigade) for n in root.walk()]

    assert layout() == layout()


def test_the_demo_tree_is_seeded_in_a_few_seconds(db):
    from demo.tree import seed_trees

    from .conftest import _Ctx

    started = time.monotonic()
    seed_trees(_Ctx())
    assert time.monotonic() - started < 10
    assert Federation.objects.filter(level__in=STREET_LEVELS).count() == 156
    assert Federation.objects.filter(level__in=COMMUNITY_LEVELS).count() == 1431 + 1805 + 149
