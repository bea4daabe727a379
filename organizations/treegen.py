"""Build a federation tree in memory and insert it in one pass.

The generator lays the whole tree out as plain ``Node`` objects, numbers it (MPTT ``lft``/``rght``,
``tree_id``, depth) in one depth-first walk with siblings ordered by name as ``order_insertion_by`` would,
and inserts it depth by depth with ``bulk_create``. No per-row MPTT insert and no rebuild: the numbers
are the ones ``Federation.objects.rebuild()`` would compute (a test checks this).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max

from .choices import Level
from .models import Federation

BATCH = 2000


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
    """MPTT numbers for the tree under ``root``: {node: (lft, rght, depth)}, siblings ordered by name."""
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
        for child in sorted(node.children, key=lambda n: n.name, reverse=True):
            stack.append((child, depth + 1, False))
    return numbers


def insert(roots, log=None):
    """Insert each root's tree as its own MPTT tree. Returns {node: Federation} for every node."""
    next_tree_id = (Federation.objects.aggregate(m=Max("tree_id"))["m"] or 0) + 1
    by_depth = {}
    for offset, root in enumerate(roots):
        tree_id = next_tree_id + offset
        for node, (lft, rght, depth) in number(root, tree_id).items():
            by_depth.setdefault(depth, []).append((node, tree_id, lft, rght))
    saved = {}
    for depth in sorted(by_depth):
        rows = by_depth[depth]
        objs = [
            Federation(
                name=node.name,
                code=node.code,
                level=node.level,
                parent_id=saved[node.parent].pk if node.parent is not None else None,
                is_brigade=node.is_brigade,
                name_is_generated=node.name_is_generated,
                regionalized_on=node.regionalized_on,
                tree_id=tree_id,
                lft=lft,
                rght=rght,
                mptt_level=depth,
            )
            for node, tree_id, lft, rght in rows
        ]
        Federation.objects.bulk_create(objs, batch_size=BATCH)
        for (node, *_rest), obj in zip(rows, objs, strict=True):
            saved[node] = obj
        if log:
            log(f"    depth {depth}: {len(objs)} federations")
    return saved


def allocate(total, weights):
    """Split ``total`` into integers proportional to ``weights`` (largest remainder), summing exactly."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    raw = [total * w / weight_sum for w in weights]
    shares = [int(r) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: (raw[i] - shares[i], -i), reverse=True)
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


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
