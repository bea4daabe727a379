"""The dashboard as an Excel workbook: one sheet per figure, the same numbers the API answers."""

import io
import unicodedata

from django.apps import apps
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.spreadsheets import protect_workbook

HEADER = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="C0392B")
PERCENT = "0.00%"


def _sheet(book, title, header, rows, percent_columns=(), first=False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = HEADER, HEADER_FILL, Alignment(horizontal="center")
    for row in rows:
        sheet.append(row)
    for index in percent_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = PERCENT
    _fit_columns(sheet)
    sheet.freeze_panes = "A2"
    return sheet


def display_width(value):
    """How many columns of a monospaced font ``value`` takes: Chinese (wide) characters count two."""
    text = "" if value is None else (f"{value:.2%}" if isinstance(value, float) else str(value))
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit_columns(sheet, least=8, most=90):
    """Each column as wide as its longest cell (header included), within [least, most], plus a margin."""
    widths = {}
    for row in sheet.iter_rows():
        for cell in row:
            widths[cell.column] = max(widths.get(cell.column, 0), display_width(cell.value))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(least, min(most, width + 3))


def pillar_label(pillar):
    """A pillar's Chinese name (the app's verbose name: organizations → 组织联建); the key if it is no app."""
    try:
        return str(apps.get_app_config(pillar).verbose_name)
    except LookupError:
        return pillar


def workbook(data):
    book = Workbook()
    period = data["period"]
    federation = data["federation"]
    span = _("%(start)s至%(end)s") % {"start": period["from"], "end": period["to"]}
    _sheet(
        book,
        _("五项指标"),
        [
            _("组织"),
            _("期间"),
            _("指标"),
            _("分项"),
            _("指标值"),
            _("分子"),
            _("分母"),
            _("目标值"),
            _("是否达标"),
            _("权重"),
            _("计入指标"),
        ],
        [
            row
            for item in data["indicators"]
            for row in [
                [
                    federation["name"],
                    span,
                    item["label"],
                    _("（合计）"),
                    item["value"],
                    item["numerator"],
                    item["denominator"],
                    item["target"],
                    _yes_no(item["meets_target"]),
                    item["weight"],
                    _yes_no(item["enabled"]),
                ],
                *[
                    [
                        federation["name"],
                        span,
                        item["label"],
                        c["label"],
                        c["value"],
                        c["numerator"],
                        c["denominator"],
                        None,
                        None,
                        None,
                        _yes_no(c["counted"]),
                    ]
                    for c in item["components"]
                ],
            ]
        ]
        + [[federation["name"], span, _("综合得分（满分100）"), "", data["score"]]],
        percent_columns=(8,),
        first=True,
    )
    columns = [
        ("name", _("组织")),
        ("level_label", _("层级")),
        ("streets", _("街道（乡镇）数")),
        ("streets_done", _("已区域化街道")),
        ("streets_share", _("街道区域化率")),
        ("communities", _("社区（村）数")),
        ("communities_done", _("已区域化社区（村）")),
        ("communities_share", _("社区区域化率")),
        ("homes", _("妇女之家")),
        ("clusters", _("联建片区数（跨街道的片区各计一次）")),
        ("demo_homes", _("片区示范妇女之家（位于本组织的）")),
        ("activities", _("活动数")),
        ("activity_women", _("参加活动妇女人次")),
        ("satisfaction", _("满意度")),
        ("satisfaction_numerator", _("满意及基本满意")),
        ("satisfaction_denominator", _("作答人次")),
        ("gaps", _("问题数")),
        # 培训同步管理 (cadres.training): sitting chairs and vice chairs, those with the year's hours, the share
        ("trained_cadres", _("主席、副主席数")),
        ("trained", _("干部培训达标人数")),
        ("trained_share", _("干部培训达标比例")),
    ]
    rows = [[row[key] for key, _label in columns] for row in data["children"]]
    rows.append(
        [
            {"name": _("%(name)s（合计）") % {"name": federation["name"]}}.get(key, data["totals"][key])
            for key, _label in columns
        ]
    )
    _sheet(book, _("下级组织"), [label for _key, label in columns], rows, percent_columns=(5, 8, 14, 20))
    _sheet(
        book,
        _("月度趋势"),
        [_("月份"), _("活动数"), _("参加活动妇女人次"), _("答卷数"), _("满意度"), _("满意及基本满意"), _("作答人次")],
        [
            [
                m["month"],
                m["activities"],
                m["activity_women"],
                m["responses"],
                m["satisfaction"],
                m["satisfaction_numerator"],
                m["satisfaction_denominator"],
            ]
            for m in data["months"]
        ],
        percent_columns=(5,),
    )
    _sheet(
        book,
        _("问题清单"),
        [_("支柱"), _("规则"), _("问题数")],
        [[pillar_label(g["pillar"]), g["rule_label"], g["count"]] for g in data["gaps"]["by_rule"]]
        + [[_("合计"), "", data["gaps"]["total"]]],
    )
    sheet = book[_("五项指标")]
    units = [unit for item in data["indicators"] for unit in ["ratio", *[c["unit"] for c in item["components"]]]]
    for unit, (cell,) in zip(units, sheet.iter_rows(min_row=2, min_col=5, max_col=5), strict=False):
        cell.number_format = PERCENT if unit == "ratio" else "0.00"
    protect_workbook(book)  # names come from users: "=HYPERLINK(…)" stays text, never a live formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _yes_no(value):
    return "" if value is None else (_("是") if value else _("否"))
