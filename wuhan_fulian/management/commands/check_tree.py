"""``manage.py check_tree``: verify the MPTT fields of every tree model; exit non-zero on damage."""

from collections import defaultdict

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from mptt.models import MPTTModel


def tree_problems(model, limit=20):
    """Return a list of problems in ``model``'s lft/rght/level/tree_id fields (empty when sound)."""
    opts = model._mptt_meta
    fields = ["pk", opts.parent_attr + "_id", opts.tree_id_attr, opts.left_attr, opts.right_attr, opts.level_attr]
    rows = list(model._tree_manager.order_by().values_list(*fields))
    by_pk = {row[0]: row for row in rows}
    per_tree = defaultdict(list)
    problems = []
    for pk, parent_id, tree_id, lft, rght, level in rows:
        per_tree[tree_id].append((lft, rght))
        if lft >= rght:
            problems.append(f"{model.__name__} {pk}: lft {lft} ≥ rght {rght}")
        if parent_id is None:
            if level != 0 or lft != 1:
                problems.append(f"{model.__name__} {pk}: root with level {level}, lft {lft}")
            continue
        parent = by_pk.get(parent_id)
        if parent is None:
            problems.append(f"{model.__name__} {pk}: parent {parent_id} missing")
            continue
        _ppk, _pp, p_tree, p_lft, p_rght, p_level = parent
        if p_tree != tree_id or not (p_lft < lft and rght < p_rght):
            problems.append(f"{model.__name__} {pk}: not inside its parent {parent_id}")
        if level != p_level + 1:
            problems.append(f"{model.__name__} {pk}: level {level}, parent's {p_level}")
    for tree_id, bounds in per_tree.items():
        values = sorted(v for pair in bounds for v in pair)
        if values != list(range(1, 2 * len(bounds) + 1)):
            problems.append(f"{model.__name__} tree {tree_id}: lft/rght are not 1..{2 * len(bounds)} without gaps")
    return problems[:limit]


class Command(BaseCommand):
    help = "检查树形结构（MPTT lft/rght/level/tree_id）是否完好"

    def handle(self, *args, **options):
        damaged = False
        for model in apps.get_models():
            if not issubclass(model, MPTTModel) or model._meta.abstract:
                continue
            problems = tree_problems(model)
            count = model._tree_manager.count()
            if problems:
                damaged = True
                self.stderr.write(f"{model._meta.label}: {len(problems)}+ problems")
                for problem in problems:
                    self.stderr.write(f"  {problem}")
            else:
                self.stdout.write(f"{model._meta.label}: {count} nodes, tree sound")
        if damaged:
            raise CommandError("树形结构已损坏，可运行 Model.objects.rebuild() 修复。")
