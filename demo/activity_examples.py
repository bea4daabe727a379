"""The activities the seed article tells of, placed in the demo window."""

import datetime

from activities.choices import (
    MEMBER_UNIT_SECTORS,
    CoOrganizerKind,
    CoOrganizerRole,
    Sector,
)
from activities.models import SocialOrganization, Team
from organizations.models import Federation, MemberUnit
from venues.models import Venue

from .activities_data import TZ
from .activity_writer import find_federation


def _example_month(months, back):
    """A month ``back`` months before the last full one, inside the window."""
    return months[max(0, len(months) - 2 - back)]


def add_seed_examples(writer, kinds, months):
    """The activities the seed article tells of, dated inside the demo window."""
    added = 0

    def unit(name):
        return MemberUnit.objects.filter(name=name).values_list("id", "federation_id", "unit_type").first()

    def venue(code):
        return Venue.objects.filter(code=code).values_list("id", flat=True).first()

    def social(name):
        return SocialOrganization.objects.filter(name=name).values_list("id", flat=True).first()

    def at(month, day, hour):
        return datetime.datetime(month.year, month.month, min(day, 28), hour, tzinfo=TZ)

    def add(
        federation_id,
        code,
        title,
        start,
        hours,
        participants,
        women,
        co_organizers,
        radiated=(),
        venue_id=None,
        description="",
    ):
        nonlocal added
        if federation_id is None or code not in kinds:
            return
        writer.add(
            federation_id,
            kinds[code],
            title,
            start,
            start + datetime.timedelta(hours=hours),
            venue_id,
            participants,
            women,
            [c for c in co_organizers if c[2] is not None],
            list(radiated),
            description,
        )
        added += 1

    def fed(name, under=None):
        found = find_federation(name, under) if name else None
        return found

    wuchang, qiaokou, jiang_an = fed("武昌区妇联"), fed("硚口区妇联"), fed("江岸区妇联")
    # 她联盟 (长城汇) with the Party branch of 武昌区招商局: a Party theme day.
    changchenghui, zhaoshang = unit("长城汇"), unit("武昌区招商局")
    owner = (changchenghui or zhaoshang or (None, None))[1] or getattr(fed("水果湖街妇联", wuchang), "pk", None)
    co = []
    for row, role in ((changchenghui, CoOrganizerRole.LEAD), (zhaoshang, CoOrganizerRole.CO_HOST)):
        if row:
            co.append((role, CoOrganizerKind.MEMBER_UNIT, row[0], MEMBER_UNIT_SECTORS.get(row[2], Sector.ECONOMIC)))
    add(
        owner,
        "PARTY_THEME_DAY",
        "长城汇“她联盟”联合武昌区招商局党支部开展主题党日活动",
        at(_example_month(months, 2), 6, 9),
        3,
        48,
        41,
        co,
        venue_id=venue("NV-CHANGCHENGHUI"),
        description="通过党建引领，推进妇建创新。",
    )
    # 发展社区 with 井南、双墩、金阳: the red-song contest.
    if qiaokou:
        fazhan = fed("发展社区妇联", qiaokou)
        neighbours = [fed(f"{name}社区妇联", qiaokou) for name in ("井南", "双墩", "金阳")]
        if fazhan:
            co = [(CoOrganizerRole.LEAD, CoOrganizerKind.FEDERATION, fazhan.pk, Sector.WOMEN_FEDERATION)]
            co += [
                (CoOrganizerRole.CO_HOST, CoOrganizerKind.FEDERATION, n.pk, Sector.WOMEN_FEDERATION)
                for n in neighbours
                if n
            ]
            add(
                fazhan.pk,
                "RED_SONG",
                "发展社区片区妇女群众唱红歌比赛",
                at(_example_month(months, 4), 20, 14),
                3,
                160,
                142,
                co,
            )
        # 宝丰街: the chamber of commerce's 妇委会 with 永宁、五彩、多福, radiating to 汉正街's 16 communities.
        baofeng, hanzheng = fed("宝丰街妇联", qiaokou), fed("汉正街妇联", qiaokou)
        if baofeng:
            chamber = unit("汉正街龙腾第一大道服饰商会")
            co = []
            if chamber:
                co.append(
                    (
                        CoOrganizerRole.LEAD,
                        CoOrganizerKind.MEMBER_UNIT,
                        chamber[0],
                        MEMBER_UNIT_SECTORS.get(chamber[2], Sector.ECONOMIC),
                    )
                )
            co += [
                (CoOrganizerRole.CO_HOST, CoOrganizerKind.FEDERATION, n.pk, Sector.WOMEN_FEDERATION)
                for n in (fed(f"{name}社区妇联", baofeng) for name in ("永宁", "五彩", "多福"))
                if n
            ]
            spread = list(Federation.objects.filter(parent=hanzheng).values_list("id", flat=True)) if hanzheng else []
            add(
                baofeng.pk,
                "OUTING",
                "商会妇委会联合永宁、五彩、多福社区户外踏青",
                at(_example_month(months, 5), 12, 9),
                5,
                120,
                112,
                co,
                radiated=spread,
            )
            flowers = social("花蒂艺坊")
            add(
                baofeng.pk,
                "SKILLS_TRAINING",
                "商会妇委会插花技艺培训",
                at(_example_month(months, 3), 8, 14),
                2,
                60,
                58,
                co + [(CoOrganizerRole.SUPPORTER, CoOrganizerKind.SOCIAL_ORGANIZATION, flowers, Sector.SOCIAL)],
                radiated=spread,
            )
    # 武昌: 晓茶会、花蒂艺坊、初舍 together in the communities (跨界混搭 with the community federation).
    if wuchang:
        dongting = fed("东亭社区妇联", wuchang)
        trio = [social(name) for name in ("晓茶会", "花蒂艺坊", "初舍")]
        for back, (code, title) in enumerate(
            (("PARENT_CHILD", "亲子茶艺培训"), ("PARENT_CHILD", "亲子读书会"), ("TRADITIONAL_CULTURE", "古琴赏析"))
        ):
            if dongting:
                co = [(CoOrganizerRole.LEAD, CoOrganizerKind.FEDERATION, dongting.pk, Sector.WOMEN_FEDERATION)]
                co += [(CoOrganizerRole.CO_HOST, CoOrganizerKind.SOCIAL_ORGANIZATION, pk, Sector.SOCIAL) for pk in trio]
                add(dongting.pk, code, title, at(_example_month(months, back), 15 + back, 15), 2, 40, 30, co)
        themed = venue("NV-XIAOCHAHUI")
        if themed and trio[0]:
            add(
                wuchang.pk,
                "TRADITIONAL_CULTURE",
                "晓茶会金秋茶会",
                at(_example_month(months, 1), 10, 14),
                3,
                35,
                33,
                [(CoOrganizerRole.LEAD, CoOrganizerKind.SOCIAL_ORGANIZATION, trio[0], Sector.SOCIAL)],
                venue_id=themed,
            )
    # 百步亭: its brand teams' exhibitions on the square.
    if jiang_an:
        baibuting = fed("百步亭社区妇联", jiang_an)
        if baibuting:
            teams = list(Team.objects.filter(federation=baibuting).order_by("id").values_list("id", flat=True)[:3])
            co = [(CoOrganizerRole.LEAD, CoOrganizerKind.FEDERATION, baibuting.pk, Sector.WOMEN_FEDERATION)]
            co += [(CoOrganizerRole.CO_HOST, CoOrganizerKind.TEAM, pk, Sector.GRASSROOTS_TEAM) for pk in teams]
            square = venue("NV-BAIBUTING-SQUARE")
            for back, (code, title) in enumerate(
                (
                    ("FAMILY_TRADITION_EXHIBITION", "家风展"),
                    ("VALUES_EXHIBITION", "核心价值观漫画展"),
                    ("FAMILY_TRADITION_EXHIBITION", "家风家训书画展"),
                )
            ):
                add(
                    baibuting.pk, code, title, at(_example_month(months, back), 22, 9), 6, 300, 210, co, venue_id=square
                )
    # The handicraft organisations train women in their communities.
    for name in ("“巧妇靓家”手工坊", "“随艺”手工生活馆"):
        org = SocialOrganization.objects.filter(name=name).values_list("id", "cultivated_by_id").first()
        if org:
            add(
                org[1],
                "SKILLS_TRAINING",
                f"{name.strip('“”')}手工技能培训",
                at(_example_month(months, 1), 18, 14),
                2,
                30,
                29,
                [(CoOrganizerRole.LEAD, CoOrganizerKind.SOCIAL_ORGANIZATION, org[0], Sector.SOCIAL)],
            )
    clay = SocialOrganization.objects.filter(name="王玲粘土艺术工作室").values_list("id", "cultivated_by_id").first()
    if clay:
        add(
            clay[1],
            "SKILLS_TRAINING",
            "粘土艺术创业技能培训",
            at(_example_month(months, 2), 25, 14),
            2,
            25,
            25,
            [(CoOrganizerRole.LEAD, CoOrganizerKind.SOCIAL_ORGANIZATION, clay[0], Sector.SOCIAL)],
        )
    return added
