"""Demo data for pillar 3: 1,288 community/village Women's Homes in 260 clusters (one demonstration home
each), their upgrades, the venues the seed article names, the online Women's Home and some
rights-consultation requests.

Runs after the tree and the member units (``demo.tree``, ``demo.units``). Deterministic (``ctx.rng``), idempotent
(each part does nothing when its rows are there), bulk-inserted without history rows.
"""

import bisect
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from organizations.choices import COMMUNITY_LEVELS, DISTRICT_LEVELS, Level
from organizations.models import Federation, MemberUnit
from venues import geo
from venues.choices import (
    LIUYOU_FIELDS,
    SANTONGYI_FIELDS,
    ConsultationCategory,
    ConsultationChannel,
    OnlineSection,
    SharingMode,
    VenueKind,
)
from venues.models import (
    ClusterMembership,
    CommunityCentre,
    ConsultationRequest,
    OnlineService,
    Upgrade,
    Venue,
    VenueCluster,
)

from .randomness import allocate, random_day

CITY_CODE = "420100"
HOMES = 1288
CLUSTERS = 260
CONSULTATIONS = 360

# The 片区联建 example of the seed: 发展社区 takes in 井南、双墩、金阳 (硚口, all in 宗关街 in the demo tree).
SEED_CLUSTER = ("硚口区", ["发展", "井南", "双墩", "金阳", "海工"])

UPGRADE_ITEMS = [
    "更换统一标牌",
    "统一形象墙",
    "添置图书角",
    "新建亲子活动室",
    "配置多媒体设备",
    "完善规章制度上墙",
    "开辟家风家训展示区",
    "设立心理咨询室",
    "改造母婴室",
    "配置手工培训桌椅",
    "增设维权服务窗口",
    "开设巾帼创业展示柜",
]

ONLINE_SERVICES = [
    (
        OnlineSection.RIGHTS_CONSULTATION,
        "网上维权咨询",
        "武汉女性公众号 › 维权服务 › 在线咨询",
        "妇女儿童权益在线咨询，工作日答复。",
    ),
    (
        OnlineSection.RIGHTS_CONSULTATION,
        "法律援助预约",
        "武汉女性公众号 › 维权服务 › 法律援助",
        "预约律师面谈或电话咨询。",
    ),
    (
        OnlineSection.SOCIAL_ORG_CENTER,
        "女性社会组织名录",
        "武汉女性公众号 › 社会组织 › 名录",
        "全市女性社会组织的服务领域与联系方式。",
    ),
    (
        OnlineSection.SOCIAL_ORG_CENTER,
        "社会组织入驻申请",
        "武汉女性公众号 › 社会组织 › 入驻申请",
        "申请入驻市女性社会组织服务中心。",
    ),
    (
        OnlineSection.FAMILY_TRADITION_HALL,
        "家风家训展",
        "武汉女性公众号 › 家风馆 › 家训展",
        "最美家庭事迹与家风家训作品展。",
    ),
    (OnlineSection.FAMILY_TRADITION_HALL, "最美家庭推选", "武汉女性公众号 › 家风馆 › 最美家庭", "网上推选与展示。"),
    (OnlineSection.PARENTS_SCHOOL, "家庭教育微课堂", "武汉女性公众号 › 家长学校 › 微课堂", "家庭教育专家系列微课。"),
    (
        OnlineSection.PARENTS_SCHOOL,
        "亲子阅读指导",
        "武汉女性公众号 › 家长学校 › 亲子阅读",
        "分年龄段的亲子共读书目与方法。",
    ),
]

CATEGORY_WEIGHTS = [
    (ConsultationCategory.MARRIAGE_FAMILY, 35),
    (ConsultationCategory.DOMESTIC_VIOLENCE, 12),
    (ConsultationCategory.EMPLOYMENT, 18),
    (ConsultationCategory.PROPERTY, 14),
    (ConsultationCategory.CHILDREN, 11),
    (ConsultationCategory.PERSONAL, 5),
    (ConsultationCategory.OTHER, 5),
]


def seed(ctx):
    city = Federation.objects.filter(code=CITY_CODE, level=Level.CITY).first()
    if city is None:
        ctx.log("  venues: no Wuhan tree (load the tree first: seed_wuhan --only organizations); nothing to do")
        return
    with transaction.atomic():
        seed_clusters(ctx, city)
        seed_named_venues(ctx, city)
        seed_online(ctx, city)


# ---------------------------------------------------------------------------------------------- clusters


def _short(name):
    for suffix in ("社区妇联", "村妇联", "大队妇联", "妇联"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _home_name(name):
    return name[: -len("妇联")] + "妇女之家" if name.endswith("妇联") else name + "妇女之家"


def _layout(rng, districts, places, year_end):
    """[(district, [place, ...] with the demonstration home first)]: ``CLUSTERS`` clusters of four or five
    neighbouring places (in tree order, so mostly of one street), each inside one district, ``HOMES`` homes.
    Every demonstration home's community has regionalised by ``year_end`` (the seed: all 260 did that year)."""

    def ready(place):
        return place.regionalized_on is not None and place.regionalized_on <= year_end

    homes, clusters = HOMES, CLUSTERS
    by_district = {d.pk: [] for d in districts}
    starts = [d.lft for d in districts]
    for place in places:
        i = bisect.bisect_right(starts, place.lft) - 1
        if i >= 0 and districts[i].tree_id == place.tree_id and place.rght < districts[i].rght:
            by_district[districts[i].pk].append(place)
    available = sum(len(v) for v in by_district.values())
    if available < homes:  # a smaller tree (tests): keep the proportions
        homes = available
        clusters = max(1, round(homes * CLUSTERS / HOMES))
    per_district = allocate(clusters, [len(by_district[d.pk]) for d in districts])
    sizes = [homes // clusters + 1] * (homes % clusters) + [homes // clusters] * (clusters - homes % clusters)
    rng.shuffle(sizes)
    layout, used = [], 0
    seed_district, seed_shorts = SEED_CLUSTER
    for district, count in zip(districts, per_district, strict=True):
        pool = by_district[district.pk]
        mine = sizes[used : used + count]
        used += count
        if not mine:
            continue
        # never ask a district for more homes than it has places
        while sum(mine) > len(pool):
            mine[mine.index(max(mine))] -= 1
        fixed = []
        if district.name.startswith(seed_district):
            named = {_short(p.name): p for p in pool if _short(p.name) in seed_shorts}
            if len(named) == len(seed_shorts) and len(seed_shorts) in mine:
                fixed = [named[s] for s in seed_shorts]
                mine.remove(len(seed_shorts))
                layout.append((district, fixed))
        rest = [p for p in pool if p not in fixed]
        chosen = sorted(rng.sample(rest, sum(mine)), key=lambda p: p.lft)
        taken = {p.pk for p in chosen}
        spare = [p for p in rest if ready(p) and p.pk not in taken]
        at = 0
        for size in mine:
            group = chosen[at : at + size]
            at += size
            if not any(ready(p) for p in group) and spare:
                # the demonstration home's community must have regionalised: swap one in, the nearest
                nearest = min(spare, key=lambda p: abs(p.lft - group[0].lft))
                spare.remove(nearest)
                group[-1] = nearest
            candidates = [p for p in group if ready(p)]
            demo = min(candidates, key=lambda p: (p.regionalized_on, p.lft)) if candidates else group[0]
            layout.append((district, [demo] + [p for p in group if p is not demo]))
    return layout


def seed_clusters(ctx, city):
    if VenueCluster.objects.filter(district__tree_id=city.tree_id).exists():
        ctx.log("  venues: the clusters are already there")
        return
    rng = ctx.rng("venues:clusters")
    year = settings.REFORM_YEAR
    districts = list(
        Federation.objects.filter(tree_id=city.tree_id, level__in=DISTRICT_LEVELS)
        .only("id", "name", "code", "lft", "rght", "tree_id")
        .order_by("lft")
    )
    places = list(
        Federation.objects.filter(tree_id=city.tree_id, level__in=COMMUNITY_LEVELS)
        .exclude(venues__kind=VenueKind.WOMENS_HOME)
        .only("id", "name", "code", "lft", "rght", "tree_id", "regionalized_on", "level", "parent_id")
        .order_by("lft")
    )
    layout = _layout(rng, districts, places, date(year, 12, 31))
    venues, clusters, demo_of = [], [], {}
    names_used = set()
    for index, (district, group) in enumerate(layout, start=1):
        demo = group[0]
        name = f"{_short(demo.name)}片区"
        if (district.pk, name) in names_used:
            name = f"{_short(demo.name)}第{index}片区"
        names_used.add((district.pk, name))
        clusters.append(
            VenueCluster(
                name=name,
                code=f"PQ{index:04d}",
                district=district,
                description=f"以{_home_name(demo.name)}为核心，辐射周边{len(group) - 1}个社区（村）。",
            )
        )
        for place in group:
            venues.append(_home(rng, place, is_demo=place is demo, year=year))
        demo_of[index - 1] = demo.pk
    _locate(ctx.rng("venues:locations"), layout, {v.federation_id: v for v in venues})
    Venue.objects.bulk_create(venues, batch_size=500)
    centres = _centres(ctx.rng("venues:centres"), layout, places, {v.federation_id: v for v in venues})
    CommunityCentre.objects.bulk_create(centres, batch_size=1000)
    VenueCluster.objects.bulk_create(clusters, batch_size=500)
    venue_by_federation = {v.federation_id: v for v in venues}
    memberships, upgrades = [], []
    for cluster, (_district, group) in zip(clusters, layout, strict=True):
        for place in group:
            is_demo = place is group[0]
            designated = random_day(rng, date(year, 5, 18), date(year, 9, 30)) if is_demo else None
            venue = venue_by_federation[place.pk]
            memberships.append(
                ClusterMembership(cluster=cluster, venue=venue, is_demonstration=is_demo, designated_on=designated)
            )
            if is_demo:
                upgrades.append(_upgrade(rng, venue, designated, year))
    ClusterMembership.objects.bulk_create(memberships, batch_size=1000)
    Upgrade.objects.bulk_create(upgrades, batch_size=500)
    ctx.counts["womens_homes"] = len(venues)
    ctx.counts["venue_clusters"] = len(clusters)
    ctx.counts["demonstration_homes"] = len(upgrades)
    ctx.counts["upgrades"] = len(upgrades)
    ctx.log(f"  venues: {len(venues)} Women's Homes in {len(clusters)} clusters")


def _home(rng, place, is_demo, year):
    community = _short(place.name)
    if is_demo:
        mode, stars, area = SharingMode.CO_BUILT_SHARED, rng.choice([4, 5, 5]), rng.randint(150, 400)
        provider = f"{community}党群服务中心"
    else:
        mode = rng.choices(
            [SharingMode.OWNED, SharingMode.CO_BUILT_SHARED, SharingMode.OTHER_BUILT_SHARED], [60, 25, 15]
        )[0]
        stars, area = rng.choices([1, 2, 3, 4], [15, 35, 35, 15])[0], rng.randint(40, 150)
        provider = "" if mode == SharingMode.OWNED else f"{community}党群服务中心"
    checks = {name: is_demo or rng.random() < 0.8 for name in LIUYOU_FIELDS + SANTONGYI_FIELDS}
    return Venue(
        name=_home_name(place.name),
        code=f"WH{place.code}",
        kind=VenueKind.WOMENS_HOME,
        federation_id=place.pk,
        sharing_mode=mode,
        provider_name=provider,
        address=f"{place.name[:-2]}党群服务中心" if provider else f"{place.name[:-2]}居（村）委会",
        area_m2=Decimal(area),
        opening_hours="周一至周日 9:00-20:00"
        if is_demo
        else rng.choice(["周一至周五 9:00-17:30", "周一至周六 9:00-17:00"]),
        opened_on=date(year - rng.randint(1, 8), rng.randint(1, 12), 1),
        star_rating=stars,
        **checks,
    )


# A functional zone has no outline of its own (static/vendor/wuhan-districts): its homes go into the district it
# mostly lies in (any point in the city is valid for it).
ZONE_HOSTS = {
    "420191": "420111",  # 东湖新技术开发区: 洪山区
    "420192": "420114",  # 武汉经开区: 蔡甸区
    "420193": "420111",  # 东湖生态旅游风景区: 洪山区
    "420194": "420107",  # 武汉化学工业区: 青山区
    "420195": "420112",  # 武汉临空港经开区: 东西湖区
    "420196": "420117",  # 武汉新港: 新洲区
}
CLUSTER_SPREAD_M = 1200  # a cluster's homes lie within this of its centre (neighbouring communities)


def _outline(district):
    return geo.district_for(ZONE_HOSTS.get(district.code, district.code), district.name)


def _random_point(rng, outline, near=None, within_m=0.0):
    """A point inside ``outline``: uniform in its box, or within ``within_m`` of ``near``; falls back to
    ``near`` (itself inside) when twenty tries miss."""
    box = max(outline.polygons, key=lambda p: (p.box[1] - p.box[0]) * (p.box[3] - p.box[2])).box
    for _try in range(20):
        if near is None:
            point = (rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3]))
        else:
            min_lng, max_lng, min_lat, max_lat = geo.bounding_box(*near, within_m)
            point = (rng.uniform(min_lng, max_lng), rng.uniform(min_lat, max_lat))
            if geo.haversine_m(*near, *point) > within_m:
                continue
        if outline.contains(*point):
            return point
    return near if near is not None else geo.interior_point(outline, seed=rng.randint(0, 10_000))


def _locate(rng, layout, venue_by_federation):
    """Each cluster gets a centre inside its district and its homes within ``CLUSTER_SPREAD_M`` of it,
    deterministically (its own random stream, so nothing else of the seed moves)."""
    for district, group in layout:
        outline = _outline(district)
        if outline is None:
            continue
        centre = _random_point(rng, outline)
        for place in group:
            venue = venue_by_federation[place.pk]
            venue.longitude, venue.latitude = geo.as_decimals(
                *_random_point(rng, outline, near=centre, within_m=CLUSTER_SPREAD_M)
            )


OWN_HOME_OFFSET_M = 600  # a community's centre lies this near its own home at most
STREET_HOME_OFFSET_M = 2500  # ... and a community without a home this near one of its street's homes


def _centres(rng, layout, places, venue_by_federation):
    """A centre for every community of a street with a clustered home: near its own home, or (without one)
    near one of its street's homes, some of them beyond the reach (the reach gap has something to show)."""
    outline_of_street, homes_of_street = {}, {}
    for district, group in layout:
        outline = _outline(district)
        for place in group:
            venue = venue_by_federation[place.pk]
            if outline is None or venue.longitude is None:
                continue
            outline_of_street[place.parent_id] = outline
            homes_of_street.setdefault(place.parent_id, []).append((float(venue.longitude), float(venue.latitude)))
    centres = []
    for place in places:
        outline = outline_of_street.get(place.parent_id)
        if outline is None:
            continue
        own = venue_by_federation.get(place.pk)
        if own is not None and own.longitude is not None:
            near, within = (float(own.longitude), float(own.latitude)), OWN_HOME_OFFSET_M
        else:
            near, within = rng.choice(homes_of_street[place.parent_id]), STREET_HOME_OFFSET_M
        lng, lat = geo.as_decimals(*_random_point(rng, outline, near=near, within_m=within))
        centres.append(CommunityCentre(federation_id=place.pk, longitude=lng, latitude=lat))
    return centres


def _upgrade(rng, venue, designated, year):
    items = rng.sample(UPGRADE_ITEMS, rng.randint(3, 6))
    before = max(0, venue.star_rating - rng.randint(1, 2))
    return Upgrade(
        venue=venue,
        upgraded_on=random_day(rng, designated, date(year, 12, 20)),
        items="\n".join(items),
        spend=Decimal(rng.randint(20, 150) * 1000),
        stars_before=before,
        stars_after=venue.star_rating,
    )


# ---------------------------------------------------------------------------------------------- named venues


def _find(city, level, fragment, under=None):
    qs = Federation.objects.filter(tree_id=city.tree_id, level=level, name__contains=fragment)
    if under is not None:
        qs = qs.filter(lft__gt=under.lft, rght__lt=under.rght)
    return qs.order_by("lft").first()


def _member_unit(fragment):
    return MemberUnit.objects.filter(name__contains=fragment).order_by("id").first()


def seed_named_venues(ctx, city):
    if Venue.objects.filter(code__startswith="NV-").exists():
        ctx.log("  venues: the named venues are already there")
        return
    wuchang = _find(city, Level.DISTRICT, "武昌")
    jiang_an = _find(city, Level.DISTRICT, "江岸")
    xinzhou = _find(city, Level.DISTRICT, "新洲")
    east_lake = _find(city, Level.FUNCTIONAL_ZONE, "东湖新技术")
    zhongnan = _find(city, Level.STREET, "中南路", wuchang) if wuchang else None
    yangluo = _find(city, Level.STREET, "阳逻", xinzhou) if xinzhou else None
    baibuting = _find(city, Level.COMMUNITY, "百步亭", jiang_an) if jiang_an else None
    venues = [
        Venue(
            name="武汉市女性社会组织服务中心",
            code="NV-SERVICE-CENTER",
            kind=VenueKind.SERVICE_CENTER,
            federation=city,
            sharing_mode=SharingMode.OWNED,
            area_m2=Decimal(4000),
            opening_hours="周一至周五 9:00-17:30",
            star_rating=5,
            description="全国一流的女性社会组织服务中心，培育社会组织，为妇女群众提供专业、精准服务。",
            **dict.fromkeys(LIUYOU_FIELDS + SANTONGYI_FIELDS, True),
        )
    ]
    named = [
        (
            "NV-CHANGCHENGHUI",
            "长城汇“她联盟”妇女之家",
            VenueKind.BUILDING_HOME,
            zhongnan or wuchang,
            SharingMode.CO_BUILT_SHARED,
            "长城汇",
            "长城汇物业公司",
            date(2017, 5, 6),
            "高端商务楼宇长城汇物业公司带动入驻企业成立的楼宇妇女之家“她联盟”。",
        ),
        (
            "NV-DOUYU",
            "斗鱼“小姐姐之家”",
            VenueKind.ENTERPRISE_LOUNGE,
            east_lake,
            SharingMode.OTHER_BUILT_SHARED,
            "斗鱼",
            "武汉斗鱼网络科技有限公司",
            None,
            "斗鱼公司妇联在女性员工多的楼层休息间建设，供女性员工读书、休息。",
        ),
        (
            "NV-YANGLUO-CORNER",
            "阳逻经济开发区女性活动角",
            VenueKind.WOMEN_CORNER,
            yangluo or xinzhou,
            SharingMode.OTHER_BUILT_SHARED,
            "阳逻",
            "阳逻经济开发区园区企业",
            None,
            "阳逻经济开发区妇工委协调园区企业开放公共活动场地、设施，开辟专门的女性活动角。",
        ),
        (
            "NV-BAIBUTING-SQUARE",
            "百步亭广场妇女之家",
            VenueKind.SQUARE_HOME,
            baibuting or jiang_an,
            SharingMode.OWNED,
            None,
            "",
            None,
            "百步亭社区文体品牌队伍在广场开展家风展、核心价值观漫画展等活动。",
        ),
        (
            "NV-XIAOCHAHUI",
            "晓茶会特色妇女之家",
            VenueKind.THEMED_HOME,
            wuchang,
            SharingMode.OTHER_BUILT_SHARED,
            "晓茶会",
            "晓茶会",
            None,
            "武汉市第一家以茶文化体验为主的特色妇女之家，举办亲子茶艺、金秋茶会等活动。",
        ),
    ]
    for code, name, kind, federation, mode, unit_fragment, provider, opened, description in named:
        if federation is None:
            continue
        unit = _member_unit(unit_fragment) if unit_fragment else None
        venues.append(
            Venue(
                name=name,
                code=code,
                kind=kind,
                federation=federation,
                sharing_mode=mode,
                provider_name=provider,
                provider_unit=unit,
                opened_on=opened,
                star_rating=4,
                description=description,
                has_place=True,
                has_facilities=True,
                has_activities=True,
                unified_name=True,
                unified_sign=True,
            )
        )
    if baibuting is not None:
        branches = Federation.objects.filter(
            tree_id=baibuting.tree_id, lft__gt=baibuting.lft, rght__lt=baibuting.rght, name__endswith="妇联分会"
        ).order_by("lft")
        for i, branch in enumerate(branches, start=1):
            venues.append(
                Venue(
                    name=f"{branch.name.removesuffix('妇联分会')}妇女微家",
                    code=f"NV-BAIBUTING-MICRO-{i}",
                    kind=VenueKind.MICRO_HOME,
                    federation=branch,
                    sharing_mode=SharingMode.CO_BUILT_SHARED,
                    provider_name="居民楼栋活动室",
                    star_rating=3,
                    has_place=True,
                    has_activities=True,
                )
            )
    Venue.objects.bulk_create(venues)
    ctx.counts["named_venues"] = len(venues)
    ctx.log(f"  venues: {len(venues)} named venues (service centre, 她联盟, 小姐姐之家, 百步亭 ...)")


# ---------------------------------------------------------------------------------------------- online


def seed_online(ctx, city):
    if OnlineService.objects.exists():
        ctx.log("  venues: the online Women's Home is already there")
        return
    services = [
        OnlineService(section=section, name=name, federation=city, wechat_path=path, description=description)
        for section, name, path, description in ONLINE_SERVICES
    ]
    OnlineService.objects.bulk_create(services)
    rng = ctx.rng("venues:consultations")
    year = settings.REFORM_YEAR
    handlers = [city, *Federation.objects.filter(tree_id=city.tree_id, level__in=DISTRICT_LEVELS).order_by("lft")]
    consultation = services[0]
    categories, weights = zip(*CATEGORY_WEIGHTS, strict=True)
    today = timezone.localdate()
    requests = []
    for _ in range(CONSULTATIONS):
        received = random_day(rng, date(year, 5, 18), date(year, 12, 31))
        channel = rng.choices(list(ConsultationChannel), [60, 30, 10])[0]
        answered = None
        if rng.random() < 0.92:
            answered = min(
                received + timedelta(days=rng.choices([0, 1, 2, 3, 5, 7, 10, 15], [10, 20, 20, 15, 12, 10, 8, 5])[0]),
                today,
            )
        category = rng.choices(categories, weights)[0]
        requests.append(
            ConsultationRequest(
                federation=rng.choice(handlers),
                service=consultation if channel == ConsultationChannel.ONLINE else None,
                channel=channel,
                category=category,
                received_on=received,
                answered_on=answered,
                summary=f"{category.label}方面的咨询",
                answer="已电话回复并提供法律指引。" if answered else "",
            )
        )
    ConsultationRequest.objects.bulk_create(requests, batch_size=500)
    ctx.counts["online_services"] = len(services)
    ctx.counts["consultations"] = len(requests)
    ctx.log(f"  venues: {len(services)} online services, {len(requests)} consultation requests")
