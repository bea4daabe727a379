"""Siblings in natural name order in the tree itself (``order_insertion_by = ["sort_key", "name"]``): the MPTT
numbers (lft, rght) of every tree are laid out again, siblings by ``sort_key`` then name, so that every list in
tree order (the admin's changelist, the dashboard, exports) reads 第一, 第二, 第三 … 第十 and 1, 2, 10. Tree ids
and depths stay as they are; only changed rows are written, a batch at a time."""

from django.db import migrations


def renumber(apps, schema_editor):
    Federation = apps.get_model("organizations", "Federation")
    rows = Federation.objects.values_list("id", "parent_id", "tree_id", "sort_key", "name", "lft", "rght")
    children, roots, stored = {}, [], {}
    for pk, parent_id, tree_id, sort_key, name, lft, rght in rows.iterator(chunk_size=5000):
        stored[pk] = (lft, rght)
        entry = ((sort_key, name), pk)
        if parent_id is None:
            roots.append((tree_id, pk))
        else:
            children.setdefault(parent_id, []).append(entry)
    for siblings in children.values():
        siblings.sort()
    changed = {}
    for _tree_id, root in sorted(roots):
        counter = 1
        stack = [(root, False)]
        lefts = {}
        while stack:
            pk, done = stack.pop()
            if done:
                numbers = (lefts.pop(pk), counter)
                if numbers != stored[pk]:
                    changed[pk] = numbers
                counter += 1
                continue
            lefts[pk] = counter
            counter += 1
            stack.append((pk, True))
            stack.extend((child, False) for _key, child in reversed(children.get(pk, [])))
    batch = []
    for pk, (lft, rght) in changed.items():
        batch.append(Federation(pk=pk, lft=lft, rght=rght))
        if len(batch) >= 2000:
            Federation.objects.bulk_update(batch, ["lft", "rght"])
            batch = []
    Federation.objects.bulk_update(batch, ["lft", "rght"])


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0007_federation_sort_key"),
    ]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
    ]
