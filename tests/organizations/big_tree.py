"""A generated tree of about 100,000 federations for measuring the tree browser (not Wuhan data)."""

from demo.treegen import Node, insert
from organizations.choices import Level
from organizations.models import Federation


def build_big_tree(districts=20, streets=10, communities=50, groups=9):
    city = Node("大城市妇联", "900000", Level.CITY)
    for d in range(districts):
        district = city.add(f"第{d:02d}区妇联", f"91{d:04d}", Level.DISTRICT)
        for s in range(streets):
            street = district.add(f"区{d:02d}街{s:02d}街道妇联", f"{district.code}{s:03d}", Level.STREET)
            for c in range(communities):
                community = street.add(f"街{d:02d}{s:02d}社区{c:03d}妇联", f"{street.code}{c:03d}", Level.COMMUNITY)
                for g in range(groups):
                    community.add(f"网格{g}妇女小组", f"{community.code}{g:03d}", Level.GRID_GROUP)
    saved = insert([city])
    return Federation.objects.get(pk=saved[city]), len(saved)
