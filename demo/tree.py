"""Demo data for pillar 1: the Wuhan federation tree (and, at the "province" scale, nine more cities),
member units, women's organisations and joint-building clusters.

Deterministic (``ctx.rng``) and idempotent: each part does nothing when its data are already there.
The tree is laid out in memory and inserted depth by depth (``treegen.insert``): no per-row MPTT work.
Member units, women's organisations and joint-building clusters follow in ``units``.
"""

from datetime import date, timedelta

from django.conf import settings

from organizations.choices import Level
from organizations.models import Federation

from . import wuhan_data as W
from .randomness import allocate, random_day
from .treegen import NameMaker, Node, add_grid_groups, insert, ordinal

GRID_GROUPS_PER_CITY = 20_000


def seed_trees(ctx):
    reform_year = settings.REFORM_YEAR
    all_groups = ctx.params.get("grid_groups") == "all"
    roots = []
    if not Federation.objects.filter(code=W.CITY[1]).exists():
        roots.append(build_wuhan(ctx.rng("organizations:wuhan"), reform_year, all_groups))
    for name, code in W.OTHER_CITIES[: max(ctx.params.get("cities", 1) - 1, 0)]:
        if not Federation.objects.filter(code=code).exists():
            roots.append(build_generated_city(ctx.rng(f"organizations:{code}"), name, code, reform_year, all_groups))
    if not roots:
        ctx.log("  organizations: the federation trees are already there")
        return
    ctx.log(f"  organizations: inserting {len(roots)} federation tree(s)")
    saved = insert(roots, log=ctx.log)
    ctx.counts["federations"] = len(saved)


# ---------------------------------------------------------------------------------------------- layout


def build_wuhan(rng, reform_year, all_grid_groups=False):
    names = NameMaker(rng, W.NAME_FIRST, W.NAME_SECOND)
    for shorts in W.NAMED_STREETS.values():
        for short in shorts:
            names.reserve(short + "街", "street")
    for townships in W.TOWNSHIPS.values():
        for township in townships:
            names.reserve(township[:-1], "street")
    for (district, _street), shorts in W.NAMED_COMMUNITIES.items():
        for short in shorts:
            names.reserve(short + "社区", district)
    for (district, _street), shorts in W.NAMED_VILLAGES.items():
        for short in shorts:
            names.reserve(short + "村", district)

    city = Node(f"{W.CITY[0]}妇联", W.CITY[1], Level.CITY, key=W.CITY[0])
    streets = []
    for dname, dcode, count, kind in W.DISTRICTS:
        parent = city.add(f"{dname}妇联", dcode, Level.DISTRICT, key=dname)
        streets += _streets(
            parent, dname, count, kind, names, W.NAMED_STREETS.get(dname, []), W.TOWNSHIPS.get(dname, [])
        )
    for zname, zcode, count, kind in W.FUNCTIONAL_ZONES:
        parent = city.add(f"{zname}妇联", zcode, Level.FUNCTIONAL_ZONE, key=zname)
        streets += _streets(parent, zname, count, kind, names, [], [])
    assert len(streets) == W.TOTAL_STREETS, len(streets)

    places = _places(
        rng,
        names,
        streets,
        W.TOTAL_COMMUNITIES,
        W.TOTAL_VILLAGES + W.TOTAL_BRIGADES,
        named_communities=W.NAMED_COMMUNITIES,
        named_villages=W.NAMED_VILLAGES,
        fixed_communities=W.FIXED_COMMUNITY_COUNTS,
    )
    _brigades(rng, places, W.TOTAL_BRIGADES, W.BRIGADE_DISTRICTS)

    named_keys = {f"{d}/{s}/{c}" for (d, s), shorts in W.NAMED_COMMUNITIES.items() for c in shorts}
    named_keys |= {f"{d}/{s}/{v}" for (d, s), shorts in W.NAMED_VILLAGES.items() for v in shorts}
    named_places = [p for p in places if p.key in named_keys]
    for place in named_places:
        if place.key == "江岸区/后湖/百步亭":
            _baibuting(rng, place)
        else:
            add_grid_groups(place, rng.randint(4, 8))
    if all_grid_groups:
        _grid_groups(rng, [p for p in places if p.key not in named_keys], GRID_GROUPS_PER_CITY - _count_groups(city))

    seed_streets = {f"{d}/{s}" for d, s in [*W.NAMED_COMMUNITIES, *W.NAMED_VILLAGES]}
    _regionalise(rng, reform_year, streets, places, {s for s in streets if s.key in seed_streets}, set(named_places))
    return city


def build_generated_city(rng, city_name, city_code, reform_year, all_grid_groups=False):
    """Another city of the province for the "province" scale: every name below the city is generated."""
    names = NameMaker(rng, W.NAME_FIRST, W.NAME_SECOND)
    city = Node(f"{city_name}妇联", city_code, Level.CITY, key=city_name)
    streets = []
    for i in range(1, rng.randint(6, 10) + 1):
        dname = names.make("district", "区") + "区"
        kind = "urban" if i <= 3 else "suburban"
        parent = city.add(f"{dname}妇联", f"{city_code[:4]}{i:02d}", Level.DISTRICT, key=dname, name_is_generated=True)
        streets += _streets(parent, dname, rng.randint(7, 14), kind, names, [], [])
    street_count = len(streets)
    communities = round(street_count * W.TOTAL_COMMUNITIES / W.TOTAL_STREETS * rng.uniform(0.8, 1.1))
    villages = round(street_count * (W.TOTAL_VILLAGES + W.TOTAL_BRIGADES) / W.TOTAL_STREETS * rng.uniform(0.8, 1.1))
    places = _places(rng, names, streets, communities, villages)
    if all_grid_groups:
        _grid_groups(rng, places, GRID_GROUPS_PER_CITY)
    _regionalise(rng, reform_year, streets, places, set(), set())
    return city


def _streets(parent, dname, count, kind, names, named, townships):
    made = []
    generated = count - len(named) - len(townships)
    assert generated >= 0, dname
    shorts = [(short, False) for short in named] + [(names.make("street", "街"), True) for _ in range(generated)]
    for i, (short, is_generated) in enumerate(shorts, start=1):
        node = parent.add(
            f"{short}街妇联",
            f"{parent.code}{i:03d}",
            Level.STREET,
            key=f"{dname}/{short}",
            name_is_generated=is_generated,
        )
        node.kind = kind
        made.append(node)
    for i, township in enumerate(townships, start=1):
        # Division codes: 1xx for towns (镇), 2xx for townships (乡).
        series = 100 if township.endswith("镇") else 200
        node = parent.add(
            f"{township}妇联", f"{parent.code}{series + i:03d}", Level.TOWNSHIP, key=f"{dname}/{township}"
        )
        node.kind = "suburban"
        made.append(node)
    return made


def _district_of(street):
    return street.key.split("/")[0]


def _places(
    rng,
    names,
    streets,
    total_communities,
    total_villages,
    named_communities=None,
    named_villages=None,
    fixed_communities=None,
):
    """Communities and villages for every street, summing exactly to the totals."""
    named_communities = named_communities or {}
    named_villages = named_villages or {}
    fixed_communities = fixed_communities or {}

    def key(street):
        return tuple(street.key.split("/", 1))

    def weights(index):
        out = []
        for street in streets:
            base = W.KIND_WEIGHTS[street.kind][index]
            if index == 1 and street.kind == "urban":
                base = W.URBAN_WITH_VILLAGES.get(_district_of(street), 0.0)
            out.append(base * rng.uniform(0.6, 1.4))
        return out

    def counts(total, index, named, fixed):
        w = weights(index)
        mins = [len(named.get(key(s), [])) for s in streets]
        for i, street in enumerate(streets):
            if key(street) in fixed:
                w[i] = 0.0
        rest = total - sum(fixed.get(key(s), mins[i]) for i, s in enumerate(streets))
        shares = allocate(rest, w)
        return [fixed.get(key(s), shares[i] + mins[i]) for i, s in enumerate(streets)]

    community_counts = counts(total_communities, 0, named_communities, fixed_communities)
    village_counts = counts(total_villages, 1, named_villages, {})
    places = []
    for street, n_comm, n_vill in zip(streets, community_counts, village_counts, strict=True):
        district = _district_of(street)
        short = street.key.split("/", 1)[1]
        for level, n, named, suffix, first_code in (
            (Level.COMMUNITY, n_comm, named_communities.get(key(street), []), "社区", 1),
            (Level.VILLAGE, n_vill, named_villages.get(key(street), []), "村", 200),
        ):
            stems = [(stem, False) for stem in named] + [
                (names.make(district, suffix), True) for _ in range(n - len(named))
            ]
            for i, (stem, is_generated) in enumerate(stems):
                node = street.add(
                    f"{stem}{suffix}妇联",
                    f"{street.code}{first_code + i:03d}",
                    level,
                    key=f"{district}/{short}/{stem}",
                    name_is_generated=is_generated,
                )
                node.street = street
                places.append(node)
    return places


def _brigades(rng, places, total, district_weights):
    """Mark ``total`` villages in the farm districts as brigades (农场大队), renamed "…大队妇联"."""
    districts = list(district_weights)
    shares = allocate(total, [district_weights[d] for d in districts])
    for district, share in zip(districts, shares, strict=True):
        candidates = [
            p for p in places if p.level == Level.VILLAGE and p.name_is_generated and _district_of(p.street) == district
        ]
        for node in rng.sample(candidates, min(share, len(candidates))):
            node.is_brigade = True
            node.name = node.name.replace("村妇联", "大队妇联")
    marked = sum(1 for p in places if p.is_brigade)
    assert marked == total, f"only {marked} brigades placed"


def _baibuting(rng, community):
    """百步亭's four levels: 妇联分会 (branch) → 妇女小组 (group); the two lower levels are people."""
    for i, branch in enumerate(W.BAIBUTING_BRANCHES, start=1):
        node = community.add(f"{branch}妇联分会", f"{community.code}9{i:02d}", Level.GRID_GROUP)
        for j in range(1, rng.randint(4, 6) + 1):
            node.add(f"{branch}第{ordinal(j)}妇女小组", f"{node.code}{j:02d}", Level.GRID_GROUP)


def _grid_groups(rng, places, total):
    weights = [(1.4 if p.level == Level.COMMUNITY else 0.8) * rng.uniform(0.5, 1.5) for p in places]
    for place, n in zip(places, allocate(total, weights), strict=True):
        add_grid_groups(place, n)


def _count_groups(root):
    return sum(1 for node in root.walk() if node.level == Level.GRID_GROUP)


def _regionalise(rng, year, streets, places, first_streets, first_places):
    """Completion dates (区域化建设): 80% of streets by the 5-18 现场会 and all by year end; 20% of
    communities and of villages by mid-year, more by year end and the next mid-year, the rest not done."""
    start, meeting, mid, end = date(year, 4, 10), date(year, 5, 18), date(year, 6, 30), date(year, 12, 31)
    rest = [s for s in streets if s not in first_streets]
    rng.shuffle(rest)
    ordered = [s for s in streets if s in first_streets] + rest
    early = round(0.8 * len(ordered))
    for i, street in enumerate(ordered):
        street.regionalized_on = (
            random_day(rng, start, meeting) if i < early else random_day(rng, meeting + timedelta(days=1), end)
        )
    # Bands of communities/villages: (cumulative share, first day, last day).
    bands = [
        (0.20, start, mid),
        (0.55, mid + timedelta(days=1), end),
        (0.80, date(year + 1, 1, 1), date(year + 1, 6, 30)),
    ]
    for level in (Level.COMMUNITY, Level.VILLAGE):
        group = [p for p in places if p.level == level]
        ready = [p for p in group if p.street.regionalized_on <= mid]
        rng.shuffle(ready)
        late = [p for p in group if p.street.regionalized_on > mid]
        rng.shuffle(late)
        firsts = [p for p in group if p in first_places]
        ordered = firsts + [p for p in ready if p not in first_places] + [p for p in late if p not in first_places]
        done = 0
        for share, first_day, last_day in bands:
            upto = round(share * len(ordered))
            for place in ordered[done:upto]:
                place.regionalized_on = random_day(rng, max(first_day, place.street.regionalized_on), last_day)
            done = upto
