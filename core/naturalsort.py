"""Natural order for names (自然排序): 第一, 第二, 第三 … 第十一 and 1, 2, 10, not the order of their code points
(第一, 第三, 第二; 1, 10, 2).

``natural_key(name)`` spells every number in a name, written in Arabic digits or in Chinese numerals
(一 … 九, 十, 百, 千, 万, 零／〇, 两), as the same zero-padded run of digits, so that plain string comparison of the
keys is the natural order. The key is a string on purpose: it is stored on a column (``Federation.sort_key``)
and sorted by the database, so paginated lists are in natural order too. Python lists sort with
``sorted(names, key=natural_key)``.
"""

import re
from collections.abc import Callable
from typing import Any

WIDTH = 10  # up to 9,999,999,999; longer numbers keep their digits (still longer ⇒ later)
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMBER = re.compile(r"\d+|[零〇一二两三四五六七八九十百千万]+")


def chinese_number(text: str) -> int:
    """The value of a run of Chinese numerals: 十一 → 11, 二十 → 20, 一百零五 → 105, 一万二 → 12000 (colloquial
    trailing digits are not expanded: 一万二 reads as 10002); a run without units is read digit by digit:
    二〇一七 → 2017."""
    if not any(ch in UNITS or ch == "万" for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (digit or 1) * UNITS[ch]
            digit = 0
        else:  # 万
            total += (section + digit or 1) * 10_000
            section = digit = 0
    return total + section + digit


def _spell(match: re.Match[str]) -> str:
    text = match.group()
    value = int(text) if text.isdigit() else chinese_number(text)
    return str(value).zfill(WIDTH)


def natural_key(name: str | None) -> str:
    """The sort key of ``name``: its numbers as zero-padded digits, everything else as it is."""
    return NUMBER.sub(_spell, (name or "").strip())


SORT_KEY_LENGTH = 200  # the stored key's column (core.models.NaturallyNamed.sort_key)
FILL_BATCH = 2000


def stored_key(name: str | None) -> str:
    """The key as stored on a ``sort_key`` column: cut to the column's length."""
    return natural_key(name)[:SORT_KEY_LENGTH]


def has_sort_key(model: Any) -> bool:
    """Whether ``model`` keeps its name's natural key on a ``sort_key`` column (NaturallyNamed, Federation)."""
    return any(field.name == "sort_key" for field in model._meta.concrete_fields)


def by_name(model: Any) -> list[str]:
    """The ``order_by`` of a list of ``model`` by name: natural where the model keeps a ``sort_key``."""
    return ["sort_key", "name"] if has_sort_key(model) else ["name"]


def sort_key_filler(app_label: str, *model_names: str) -> Callable[[Any, Any], None]:
    """A migration's RunPython function that fills ``sort_key`` on every row of the named models, 2,000 rows
    a batch (read by an iterator, written by ``bulk_update``)."""

    def fill(apps: Any, schema_editor: Any) -> None:
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            batch = []
            for row in model._base_manager.only("id", "name").order_by("id").iterator(chunk_size=FILL_BATCH):
                row.sort_key = stored_key(row.name)
                batch.append(row)
                if len(batch) >= FILL_BATCH:
                    model._base_manager.bulk_update(batch, ["sort_key"])
                    batch = []
            model._base_manager.bulk_update(batch, ["sort_key"])

    return fill
