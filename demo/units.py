"""Demo member units, women's organisations and joint-building clusters on the Wuhan tree.

Reproduces the seed's figures: 水果湖街's 49 member units (all also Party-building members), the named
units and organisations in their districts, 5,800+ women's organisations founded in the reform year, and
the three joint-building examples (发展社区, 江堤街, 宝丰街). Each part is skipped when already there.
"""

import itertools
from datetime import date, timedelta

from django.conf import settings

from core.scope import subtree_q
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS, JointBuildMode, Level, MemberUnitType
from organizations.choices import WomenOrganizationStatus as Status
from organizations.choices import WomenOrganizationType as OrgType
from organizations.models import Federation, JointBuildingCluster, MemberUnit, MemberUnitMembership, WomenOrganization
from organizations.validators import CREDIT_CODE_CHARS, credit_code_check_char

from . import wuhan_data as W
from .randomness import random_day

SHUIGUOHU_UNITS = 49
NEW_WOMEN_ORGANIZATIONS = 5_836  # "已新建5800余个妇女组织"
OLDER_WOMEN_ORGANIZATIONS = 800
BAIBUTING_TEAMS = 104  # "100余支文体活动品牌队伍"

T = MemberUnitType
UNIT_NAMES = {
    T.PARTY_GOV_ORGAN: [
        "{s}街道办事处",
        "{s}税务所",
        "{s}派出所",
        "{s}司法所",
        "{s}市场监管所",
        "{s}社区卫生服务中心党支部",
    ],
    T.ENTERPRISE: ["武汉{s}实业有限公司", "武汉{s}建设集团有限公司", "武汉{s}物业服务有限公司", "{s}商贸有限公司"],
    T.PUBLIC_INSTITUTION: ["{s}小学", "{s}中学", "{s}医院", "{s}幼儿园", "{s}文化馆"],
    T.NEW_ECONOMIC_ORG: ["武汉{s}网络科技有限公司", "武汉{s}信息技术有限公司", "{s}电子商务有限公司"],
    T.NEW_SOCIAL_ORG: ["{s}社会工作服务中心", "{s}律师事务所", "{s}养老服务中心"],
    T.INDUSTRIAL_PARK: ["{s}产业园", "{s}科技园", "{s}创业园"],
    T.INDUSTRY_MARKET: ["{s}农贸市场", "{s}服装市场", "{s}商会"],
    T.COMMERCIAL_BUILDING: ["{s}大厦", "{s}国际中心", "{s}广场写字楼"],
}
UNIT_TYPE_WEIGHTS = {
    T.PARTY_GOV_ORGAN: 18,
    T.ENTERPRISE: 22,
    T.PUBLIC_INSTITUTION: 18,
    T.NEW_ECONOMIC_ORG: 10,
    T.NEW_SOCIAL_ORG: 10,
    T.INDUSTRIAL_PARK: 5,
    T.INDUSTRY_MARKET: 8,
    T.COMMERCIAL_BUILDING: 9,
}
# Credit-code prefixes (登记管理部门 + 机构类别) by unit type.
CREDIT_PREFIX = {
    T.PARTY_GOV_ORGAN: "11",
    T.PUBLIC_INSTITUTION: "12",
    T.NEW_SOCIAL_ORG: "52",
}
# Women's organisations hosted by a unit, by the unit's type.
HOSTED_ORG = {
    T.ENTERPRISE: (OrgType.ENTERPRISE_FEDERATION, "{u}妇联"),
    T.NEW_ECONOMIC_ORG: (OrgType.ENTERPRISE_FEDERATION, "{u}妇联"),
    T.INDUSTRY_MARKET: (OrgType.WOMEN_COMMITTEE, "{u}妇委会"),
    T.INDUSTRIAL_PARK: (OrgType.WOMEN_WORK_COMMITTEE, "{u}妇工委"),
    T.COMMERCIAL_BUILDING: (OrgType.BUILDING_ALLIANCE, "{u}“她联盟”"),
}
ORG_NAMES = {
    OrgType.CULTURE_SPORTS_TEAM: [
        "广场舞队",
        "腰鼓队",
        "合唱团",
        "太极队",
        "模特队",
        "旗袍队",
        "健身操队",
        "书画社",
        "戏曲队",
        "读书会",
    ],
    OrgType.WOMEN_GROUP: ["{n}妇女小组"],
    OrgType.WOMEN_SOCIAL_ORG: ["巾帼志愿服务队", "妇女互助会", "家庭教育服务社", "手工坊", "婚姻家庭调解室"],
    OrgType.JINGUO_CIVILIZED_POST: ["便民服务窗口巾帼文明岗", "卫生服务站巾帼文明岗", "党群服务中心巾帼文明岗"],
    OrgType.FREELANCE_GROUP: ["自由职业妇女联谊会", "网店店主姐妹会", "家政从业妇女联谊会"],
    OrgType.JINGUO_AGRI_BASE: ["巾帼农业示范基地", "巾帼种植合作社", "巾帼养殖示范基地"],
}
COMMUNITY_ORG_WEIGHTS = {
    OrgType.CULTURE_SPORTS_TEAM: 40,
    OrgType.WOMEN_GROUP: 22,
    OrgType.WOMEN_SOCIAL_ORG: 12,
    OrgType.JINGUO_CIVILIZED_POST: 10,
    OrgType.FREELANCE_GROUP: 8,
}


def seed_units(ctx):
    city = Federation.objects.filter(code=W.CITY[1], level=Level.CITY).first()
    if city is None:
        return
    tree = Tree(city)
    rng = ctx.rng("organizations:units")
    year = settings.REFORM_YEAR
    if MemberUnit.objects.filter(subtree_q("federation", city)).exists():
        ctx.log("  organizations: member units are already there")
    else:
        units, memberships = member_units(rng, tree, year, ctx.params)
        ctx.counts["member units"] = units
        ctx.counts["member-unit memberships"] = memberships
    if WomenOrganization.objects.filter(subtree_q("federation", city)).exists():
        ctx.log("  organizations: women's organisations are already there")
    else:
        ctx.counts["women's organisations"] = women_organizations(ctx.rng("organizations:women"), tree, year)
    if JointBuildingCluster.objects.filter(subtree_q("core", city)).exists():
        ctx.log("  organizations: joint-building clusters are already there")
    else:
        ctx.counts["joint-building clusters"] = clusters(ctx.rng("organizations:clusters"), tree)


class Tree:
    """The Wuhan tree's streets and communities in memory, found by the short names of wuhan_data."""

    def __init__(self, city):
        rows = list(
            Federation.objects.filter(
                subtree_q("", city),
                level__in=STREET_LEVELS + COMMUNITY_LEVELS + (Level.DISTRICT, Level.FUNCTIONAL_ZONE),
            )
            .only("id", "name", "code", "level", "parent_id", "regionalized_on", "lft", "rght", "tree_id")
            .order_by("lft")
        )
        self.by_id = {f.pk: f for f in rows}
        self.districts = [f for f in rows if f.level in (Level.DISTRICT, Level.FUNCTIONAL_ZONE)]
        self.streets = [f for f in rows if f.level in STREET_LEVELS]
        self.places = [f for f in rows if f.level in COMMUNITY_LEVELS]
        self.children = {}
        for f in rows:
            self.children.setdefault(f.parent_id, []).append(f)

    def district(self, name):
        return next(f for f in self.districts if f.name == f"{name}妇联")

    def street(self, district, short):
        suffix = "" if short.endswith(("乡", "镇")) else "街"
        return next(f for f in self.children[self.district(district).pk] if f.name == f"{short}{suffix}妇联")

    def place(self, district, street, short, suffix="社区"):
        return next(f for f in self.children[self.street(district, street).pk] if f.name == f"{short}{suffix}妇联")

    def district_of(self, federation):
        while federation.level not in (Level.DISTRICT, Level.FUNCTIONAL_ZONE):
            federation = self.by_id[federation.parent_id]
        return federation


def _stem(federation):
    for suffix in ("街妇联", "社区妇联", "村妇联", "大队妇联", "乡妇联", "镇妇联", "妇联"):
        if federation.name.endswith(suffix):
            return federation.name[: -len(suffix)]
    return federation.name


class CreditCodes:
    def __init__(self, rng):
        self.rng, self.used = rng, set()

    def make(self, unit_type, region_code):
        prefix = CREDIT_PREFIX.get(unit_type, "91")
        while True:
            body = prefix + region_code[:6] + "".join(self.rng.choice(CREDIT_CODE_CHARS[:10]) for _ in range(9))
            code = body + credit_code_check_char(body)
            if code not in self.used:
                self.used.add(code)
                return code


def member_units(rng, tree, year, params=None):
    """The member units and their memberships. ``params`` (the scale's): ``member_units_per_street`` (a
    range), ``member_units_community_share`` and ``member_units_per_community`` (a range); the demo's are
    the defaults (about 1,200 units), the city's about 8,000."""
    params = params or {}
    per_street = params.get("member_units_per_street", (2, 12))
    community_share = params.get("member_units_community_share", 0.15)
    per_community = params.get("member_units_per_community", (1, 1))
    meeting = date(year, 5, 18)
    codes = CreditCodes(rng)
    units, moves = [], []
    names_used = set()
    types = list(UNIT_TYPE_WEIGHTS)
    weights = [UNIT_TYPE_WEIGHTS[t] for t in types]

    def add(federation, unit_type, name, *, joined=None, party=False, code=True, left=None):
        names_used.add(name)
        start = federation.regionalized_on or date(year, 4, 10)
        unit = MemberUnit(
            unit_type=unit_type,
            name=name,
            credit_code=codes.make(unit_type, tree.district_of(federation).code) if code else "",
            federation_id=federation.pk,
            joined_on=joined or random_day(rng, start, start + timedelta(days=60)),
            left_on=left,
            is_party_building_member=party,
            women_count=rng.randint(5, 400) if unit_type != T.INDUSTRIAL_PARK else rng.randint(300, 3000),
            address=f"武汉市{_stem(tree.district_of(federation))}{_stem(federation)}",
        )
        units.append(unit)
        return unit

    def generated(federation, **kwargs):
        unit_type = rng.choices(types, weights)[0]
        for _attempt in range(50):
            name = rng.choice(UNIT_NAMES[unit_type]).format(s=_stem(federation) + rng.choice(W.NAME_SECOND))
            if name not in names_used:
                break
        else:
            name = f"{_stem(federation)}{len(units)}号{rng.choice(UNIT_NAMES[unit_type]).format(s='')}"
        return add(federation, unit_type, name, code=rng.random() < 0.7, **kwargs)

    # The named units of the seed.
    shuiguohu = tree.street("武昌区", "水果湖")
    named = [
        (shuiguohu, T.PARTY_GOV_ORGAN, "武昌区招商局", True),
        (shuiguohu, T.COMMERCIAL_BUILDING, "长城汇", True),
        (tree.street("硚口区", "宝丰"), T.INDUSTRY_MARKET, "汉正街龙腾第一大道服饰商会", True),
        (tree.street("汉阳区", "江堤"), T.ENTERPRISE, "武汉江堤实业集团有限公司", True),
        (tree.street("汉阳区", "江堤"), T.ENTERPRISE, "武汉江欣苑投资集团有限公司", True),
        (tree.street("汉阳区", "江堤"), T.ENTERPRISE, "武汉老龙头实业集团有限公司", False),
        (tree.children[tree.district("东湖新技术开发区").pk][0], T.NEW_ECONOMIC_ORG, "武汉斗鱼网络科技有限公司", True),
        (tree.street("新洲区", "阳逻"), T.INDUSTRIAL_PARK, "阳逻经济开发区", True),
    ]
    for federation, unit_type, name, party in named:
        add(federation, unit_type, name, party=party, joined=federation.regionalized_on)
    # 水果湖街: 49 regional Party-building member units in all, joined by the 现场会.
    while sum(1 for u in units if u.federation_id == shuiguohu.pk) < SHUIGUOHU_UNITS:
        generated(shuiguohu, party=True, joined=random_day(rng, shuiguohu.regionalized_on, meeting))
    # Other regionalised streets: a handful each; about one in ten has none yet (a gap).
    for street in tree.streets:
        if street.pk == shuiguohu.pk or street.regionalized_on is None or rng.random() < 0.1:
            continue
        for _ in range(rng.randint(*per_street)):
            generated(street, party=rng.random() < 0.6)
    # Some regionalised communities take in units of their own.
    for place in tree.places:
        if place.regionalized_on is not None and place.level == Level.COMMUNITY and rng.random() < community_share:
            for _ in range(1 if per_community == (1, 1) else rng.randint(*per_community)):
                generated(place, party=rng.random() < 0.3)
    # History: a few units left, a few moved to a neighbouring street.
    for unit in rng.sample(
        [u for u in units if u.federation_id != shuiguohu.pk and not u.is_party_building_member], 40
    ):
        unit.left_on = unit.joined_on + timedelta(days=rng.randint(120, 400))
    movable = [u for u in units if u.federation_id != shuiguohu.pk and u.left_on is None]
    for unit in rng.sample(movable, 20):
        old = tree.by_id[unit.federation_id]
        siblings = [
            f for f in tree.children[old.parent_id] if f.pk != old.pk and f.level == old.level and f.regionalized_on
        ]
        if not siblings:
            continue
        new = rng.choice(siblings)
        moved_on = max(unit.joined_on, new.regionalized_on) + timedelta(days=rng.randint(90, 300))
        moves.append((unit, old.pk, unit.joined_on, moved_on))
        unit.federation_id, unit.joined_on = new.pk, moved_on
    MemberUnit.objects.bulk_create(units, batch_size=1000)
    memberships = [
        MemberUnitMembership(unit=u, federation_id=u.federation_id, joined_on=u.joined_on, left_on=u.left_on)
        for u in units
    ]
    memberships += [
        MemberUnitMembership(unit=u, federation_id=old, joined_on=joined, left_on=left)
        for u, old, joined, left in moves
    ]
    MemberUnitMembership.objects.bulk_create(memberships, batch_size=1000)
    return len(units), len(memberships)


def women_organizations(rng, tree, year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    orgs = []
    used = set()

    def add(federation_id, org_type, name, founded, host=None, members=None, status=Status.ACTIVE):
        if (federation_id, name) in used:
            return None
        used.add((federation_id, name))
        org = WomenOrganization(
            org_type=org_type,
            name=name,
            founded_on=founded,
            federation_id=federation_id,
            host_unit=host,
            member_count=members or rng.randint(8, 60),
            status=status,
        )
        if status == Status.DISSOLVED:
            org.dissolved_on = random_day(rng, founded + timedelta(days=1), date(year, 3, 31))
        orgs.append(org)
        return org

    units = {u.name: u for u in MemberUnit.objects.filter(federation_id__in=tree.by_id).order_by("id")}
    # The seed's named organisations.
    wuchang = tree.street("武昌区", "水果湖")
    add(wuchang.pk, OrgType.BUILDING_ALLIANCE, "长城汇“她联盟”", date(year, 5, 6), units["长城汇"], 120)
    add(
        tree.street("硚口区", "宝丰").pk,
        OrgType.WOMEN_COMMITTEE,
        "汉正街龙腾第一大道服饰商会妇委会",
        random_day(rng, start, date(year, 4, 30)),
        units["汉正街龙腾第一大道服饰商会"],
    )
    douyu = units["武汉斗鱼网络科技有限公司"]
    add(
        douyu.federation_id,
        OrgType.ENTERPRISE_FEDERATION,
        "斗鱼网络科技有限公司妇联",
        random_day(rng, start, end),
        douyu,
        300,
    )
    yangluo = units["阳逻经济开发区"]
    add(
        yangluo.federation_id,
        OrgType.WOMEN_WORK_COMMITTEE,
        "阳逻经济开发区妇工委",
        random_day(rng, start, end),
        yangluo,
    )
    for name, street in (("晓茶会", "水果湖"), ("花蒂艺坊", "中南路"), ("初舍", "首义路")):
        add(tree.street("武昌区", street).pk, OrgType.WOMEN_SOCIAL_ORG, name, random_day(rng, start, end))
    add(
        tree.place("硚口区", "宗关", "海工").pk,
        OrgType.WOMEN_SOCIAL_ORG,
        "“巧妇靓家”手工坊",
        random_day(rng, start, end),
    )
    add(
        tree.place("江岸区", "塔子湖", "同安").pk,
        OrgType.WOMEN_SOCIAL_ORG,
        "“随艺”手工生活馆",
        random_day(rng, start, end),
    )
    dongxihu = tree.children[tree.district("东西湖区").pk][0]
    add(dongxihu.pk, OrgType.WOMEN_SOCIAL_ORG, "王玲粘土艺术工作室", random_day(rng, start, end))
    baibuting = tree.place("江岸区", "后湖", "百步亭")
    teams = ORG_NAMES[OrgType.CULTURE_SPORTS_TEAM]
    for i in range(BAIBUTING_TEAMS):
        add(
            baibuting.pk,
            OrgType.CULTURE_SPORTS_TEAM,
            f"百步亭{teams[i % len(teams)]}（{i // len(teams) + 1}）",
            random_day(rng, start, end),
        )
    # Organisations hosted by member units (about a third of the eligible units).
    for unit in units.values():
        if unit.unit_type in HOSTED_ORG and unit.left_on is None and rng.random() < 0.35:
            org_type, pattern = HOSTED_ORG[unit.unit_type]
            founded = max(unit.joined_on, start)
            if founded <= end:
                add(unit.federation_id, org_type, pattern.format(u=unit.name), random_day(rng, founded, end), unit)
    # The rest, in communities and villages (regionalised ones more), up to the seed's 5,800+.
    places = tree.places
    weights = [
        (2.0 if p.regionalized_on and p.regionalized_on.year == year else 0.7)
        * (1.0 if p.level == Level.COMMUNITY else 0.8)
        for p in places
    ]
    cumulative = list(itertools.accumulate(weights))
    community_types = list(COMMUNITY_ORG_WEIGHTS)
    community_weights = [COMMUNITY_ORG_WEIGHTS[t] for t in community_types]
    counter = {}
    while len(orgs) < NEW_WOMEN_ORGANIZATIONS:
        place = rng.choices(places, cum_weights=cumulative)[0]
        org_type = rng.choices(community_types, community_weights)[0]
        if place.level == Level.VILLAGE and rng.random() < 0.25:
            org_type = OrgType.JINGUO_AGRI_BASE
        counter[place.pk] = counter.get(place.pk, 0) + 1
        suffix = rng.choice(ORG_NAMES[org_type]).format(n=f"第{counter[place.pk]}")
        add(place.pk, org_type, f"{_stem(place)}{suffix}", random_day(rng, start, end))
    # Older organisations, from before the reform year; some since dissolved.
    while len(orgs) < NEW_WOMEN_ORGANIZATIONS + OLDER_WOMEN_ORGANIZATIONS:
        place = rng.choice(places)
        org_type = rng.choices(community_types, community_weights)[0]
        counter[place.pk] = counter.get(place.pk, 0) + 1
        suffix = rng.choice(ORG_NAMES[org_type]).format(n=f"第{counter[place.pk]}")
        founded = random_day(rng, date(year - 8, 1, 1), date(year - 1, 12, 31))
        status = Status.DISSOLVED if rng.random() < 0.1 else Status.ACTIVE
        add(place.pk, org_type, f"{_stem(place)}{suffix}（老）", founded, status=status)
    WomenOrganization.objects.bulk_create(orgs, batch_size=1000)
    return len(orgs)


def clusters(rng, tree):
    units = {u.name: u for u in MemberUnit.objects.filter(federation_id__in=tree.by_id)}
    made = []
    fazhan = tree.place("硚口区", "宗关", "发展")
    made.append(
        (
            JointBuildingCluster(
                name="发展社区片区", mode=JointBuildMode.CLUSTER, core_id=fazhan.pk, started_on=fazhan.regionalized_on
            ),
            [tree.place("硚口区", "宗关", s).pk for s in ("井南", "双墩", "金阳")],
        )
    )
    jiangdi = tree.street("汉阳区", "江堤")
    made.append(
        (
            JointBuildingCluster(
                name="江堤街企社联建片区",
                mode=JointBuildMode.ENTERPRISE_COMMUNITY,
                core_id=jiangdi.pk,
                lead_company=units["武汉江堤实业集团有限公司"],
                started_on=jiangdi.regionalized_on,
                description="村级集团公司为龙头，辐射江欣苑、江堤、老龙头3个社区，解决社区妇联活动经费和阵地问题。",
            ),
            [tree.place("汉阳区", "江堤", s).pk for s in ("江欣苑", "江堤", "老龙头")],
        )
    )
    baofeng = tree.street("硚口区", "宝丰")
    hanzheng = tree.street("硚口区", "汉正")
    made.append(
        (
            JointBuildingCluster(
                name="宝丰街商会妇委会联建片区",
                mode=JointBuildMode.CLUSTER,
                core_id=baofeng.pk,
                started_on=baofeng.regionalized_on,
                description="汉正街龙腾第一大道服饰商会妇委会联合永宁、五彩、多福3个社区，辐射汉正街所辖16个社区。",
            ),
            [tree.place("硚口区", "宝丰", s).pk for s in ("永宁", "五彩", "多福")]
            + [f.pk for f in tree.children[hanzheng.pk] if f.level == Level.COMMUNITY],
        )
    )
    shuiguohu = tree.street("武昌区", "水果湖")
    made.append(
        (
            JointBuildingCluster(
                name="水果湖街地域联建",
                mode=JointBuildMode.TERRITORIAL,
                core_id=shuiguohu.pk,
                started_on=shuiguohu.regionalized_on,
            ),
            [f.pk for f in tree.children[shuiguohu.pk] if f.level in COMMUNITY_LEVELS],
        )
    )
    # A few generated 片区 in big streets: a core community and three or four neighbours.
    big = [s for s in tree.streets if s.regionalized_on and len(tree.children.get(s.pk, [])) >= 18]
    for street in rng.sample(big, min(20, len(big))):
        places = [f for f in tree.children[street.pk] if f.level in COMMUNITY_LEVELS]
        core, *members = rng.sample(places, rng.randint(4, 5))
        made.append(
            (
                JointBuildingCluster(
                    name=f"{_stem(core)}片区",
                    mode=JointBuildMode.CLUSTER,
                    core_id=core.pk,
                    started_on=core.regionalized_on,
                ),
                [m.pk for m in members],
            )
        )
    JointBuildingCluster.objects.bulk_create([cluster for cluster, _members in made])
    through = JointBuildingCluster.members.through
    through.objects.bulk_create(
        [through(jointbuildingcluster_id=cluster.pk, federation_id=pk) for cluster, members in made for pk in members]
    )
    return len(made)
