"""Build a federation tree in memory and insert it in one pass.

The generator lays the whole tree out as plain ``Node`` objects, numbers it (MPTT ``lft``/``rght``,
``tree_id``, depth) in one depth-first walk with siblings in natural name order (``sort_key``, then the name) as
``order_insertion_by`` would,
and inserts it depth by depth (``core.bulk``). No per-row MPTT insert and no rebuild: the numbers are the
ones ``Federation.objects.rebuild()`` would compute (a test checks this).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Max

from core import bulk
from core.naturalsort import natural_key
from organizations.choices import Level
from organizations.models import Federation


@dataclass(eq=False)
class Node:
    name: str
    code: str
    level: str
    parent: "Node | None" = None
    children: list = field(default_factory=list)
    is_brigade: bool = False
    name_is_generated: bool = False
    regionalized_on: date | None = None
    key: str = ""  # a stable handle for the generator (e.g. "硚口区/宗关"), not stored

    def add(self, name, code, level, **kwargs):
        child = Node(name=name, code=code, level=level, parent=self, **kwargs)
        self.children.append(child)
        return child

    def walk(self):
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


def number(root, tree_id):
    """MPTT numbers for the tree under ``root``: {node: (lft, rght, depth)}, siblings in natural name order."""
    numbers = {}
    counter = 1
    stack = [(root, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        if done:
            lft = numbers[node]
            numbers[node] = (lft, counter, depth)
            counter += 1
            continue
        numbers[node] = counter
        counter += 1
        stack.append((node, depth, True))
        for child in sorted(node.children, key=lambda n: (natural_key(n.name), n.name), reverse=True):
            stack.append((child, depth + 1, False))
    return numbers


def insert(roots, log=None):
    """Insert each root's tree as its own MPTT tree, a whole depth at a time through the bulk writer, with ids
    given here so that children point at their parents without reading them back. Returns {node: id}."""
    next_tree_id = (Federation.objects.aggregate(m=Max("tree_id"))["m"] or 0) + 1
    by_depth = {}
    for offset, root in enumerate(roots):
        for node, (lft, rght, depth) in number(root, next_tree_id + offset).items():
            by_depth.setdefault(depth, []).append((node, next_tree_id + offset, lft, rght))
    writer = bulk.Writer(Federation, COLUMNS)
    saved = {}
    with transaction.atomic():
        for depth in sorted(by_depth):
            for node, tree_id, lft, rght in by_depth[depth]:
                saved[node] = writer.new_id()
                parent_id = saved[node.parent] if node.parent is not None else None
                writer.add(
                    (saved[node], node.name, natural_key(node.name), node.code, node.level, parent_id,
                     node.regionalized_on, node.is_brigade, node.name_is_generated, lft, rght, tree_id, depth)
                )  # fmt: skip
            writer.flush()
            if log:
                log(f"    depth {depth}: {len(by_depth[depth])} federations")
        writer.finish()
    return saved


COLUMNS = [
    "id", "name", "sort_key", "code", "level", "parent", "regionalized_on", "is_brigade", "name_is_generated", "lft",
    "rght", "tree_id", "mptt_level",
]  # fmt: skip


class NameMaker:
    """Two-character place names, unique within a namespace, from a deterministic stream."""

    def __init__(self, rng, first, second):
        self.rng, self.first, self.second = rng, first, second
        self.used = {}

    def make(self, namespace="", suffix=""):
        used = self.used.setdefault(namespace, set())
        for _attempt in range(200):
            name = self.rng.choice(self.first) + self.rng.choice(self.second)
            if name + suffix not in used:
                used.add(name + suffix)
                return name
        for n in range(1, 10_000):
            name = f"{self.rng.choice(self.first)}{self.rng.choice(self.second)}{n}"
            if name + suffix not in used:
                used.add(name + suffix)
                return name
        raise RuntimeError("name space exhausted")

    def reserve(self, name, namespace=""):
        self.used.setdefault(namespace, set()).add(name)


CHINESE_ORDINALS = "一二三四五六七八九十"


def ordinal(n):
    """1 → 一, 12 → 十二, 25 → 二十五 (enough for grid group names)."""
    if n >= 100:
        return str(n)
    if n <= 10:
        return CHINESE_ORDINALS[n - 1]
    tens, units = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_ORDINALS[tens - 1]
    return head + "十" + (CHINESE_ORDINALS[units - 1] if units else "")


def add_grid_groups(node, count):
    """``count`` grid groups (网格妇女小组) under a community or village, codes parent + 3 digits."""
    for i in range(1, count + 1):
        node.add(f"第{ordinal(i)}网格妇女小组", f"{node.code}{i:03d}", Level.GRID_GROUP)
