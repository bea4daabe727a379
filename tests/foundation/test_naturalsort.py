"""core/naturalsort.py: one sort key for names in natural Chinese ordinal and number order."""

import pytest

from core.naturalsort import chinese_number, natural_key


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("一百零五", 105), ("两千", 2000),
     ("二〇一七", 2017), ("一万二千", 12000), ("三万", 30000)],
)  # fmt: skip
def test_chinese_numerals_read_as_numbers(text, value):
    assert chinese_number(text) == value


def test_ordinals_sort_first_second_third_then_tenth_and_eleventh():
    names = ["第三网格妇女小组", "第十一网格妇女小组", "第一网格妇女小组", "第二网格妇女小组", "第十网格妇女小组"]
    assert sorted(names, key=natural_key) == [
        "第一网格妇女小组", "第二网格妇女小组", "第三网格妇女小组", "第十网格妇女小组", "第十一网格妇女小组",
    ]  # fmt: skip
    # the code-point order the key replaces
    assert sorted(names)[:3] == ["第一网格妇女小组", "第三网格妇女小组", "第二网格妇女小组"]


def test_arabic_numbers_sort_by_value_and_mix_with_chinese_ones():
    assert sorted(["10号楼", "2号楼", "1号楼", "第3网格", "第二网格"], key=natural_key) == [
        "1号楼", "2号楼", "10号楼", "第二网格", "第3网格",
    ]  # fmt: skip


def test_names_without_numbers_keep_their_own_order():
    assert natural_key("水果湖街妇联") == "水果湖街妇联"
    assert natural_key(None) == ""
