"""Spreadsheets in and out, in one place.

In: an uploaded .xlsx or .csv is read as a stream and refused (a Chinese ``SpreadsheetLimitError``) as soon as
it passes a limit: file size, unpacked size of the workbook, rows, columns, non-empty cells, characters in a
cell. Nothing trusts the row count a workbook declares about itself (its ``dimension`` tag); rows are
counted as they are read and reading stops at the cap, so a 64 KB workbook claiming a million rows is
refused in well under a second.

Out: every cell whose text starts with ``= + - @``, a tab or a carriage return is written as text, never as
a formula (CSV injection): a leading apostrophe in text formats (CSV/TSV), the string cell type in .xlsx.
Numbers stay numbers; only strings are escaped.
"""

import csv
import io
import zipfile

from django.utils.translation import gettext as _

# --- limits on import files ------------------------------------------------------------------------
MAX_FILE_BYTES = 5 * 1024 * 1024  # as uploaded
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip: the sum of its parts once unpacked
MAX_ROWS = 5000  # data rows, the header not counted
MAX_COLUMNS = 60
MAX_CELLS = 150_000  # non-empty cells
MAX_CELL_CHARS = 2000
MAX_BLANK_LINES = 1000  # blank lines read on top of MAX_ROWS before a file is refused


class SpreadsheetLimitError(ValueError):
    """A file over a limit or unreadable; the message is for the user (Chinese)."""


class UnreadableSpreadsheet(SpreadsheetLimitError):
    """Not a workbook/CSV we can read at all (as opposed to one over a limit)."""


def _too_many_rows():
    return SpreadsheetLimitError(
        _("文件数据超过 %(rows)d 行，未导入任何数据。请拆分为每个文件不超过 %(rows)d 行后分批导入。")
        % {"rows": MAX_ROWS}
    )


def _check_row(values, cells_so_far):
    # Trailing empty cells (a formatted but empty column, the padding of a read-only sheet) do not count.
    end = len(values)
    while end and values[end - 1] in (None, ""):
        end -= 1
    values = values[:end]
    if True:
        if len(values) > MAX_COLUMNS:
            raise SpreadsheetLimitError(_("文件超过 %(columns)d 列，请使用导入模板。") % {"columns": MAX_COLUMNS})
    cells = 0
    for value in values:
        if value in (None, ""):
            continue
        cells += 1
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise SpreadsheetLimitError(
                _("有单元格超过 %(chars)d 个字符，请检查文件内容。") % {"chars": MAX_CELL_CHARS}
            )
    if cells_so_far + cells > MAX_CELLS:
        raise SpreadsheetLimitError(_("文件非空单元格超过 %(cells)d 个，请拆分后分批导入。") % {"cells": MAX_CELLS})
    return values, cells


def _limited(rows):
    """The rows of a table (header first), each checked; stops with an error past any limit. Blank lines
    are dropped but still counted (a sheet of a million empty rows, or a row numbered 1,000,000, is
    refused at the cap like any other)."""
    cells = 0
    data_rows = 0
    lines = 0
    for values in rows:
        lines += 1
        if lines > MAX_ROWS + MAX_BLANK_LINES:
            raise _too_many_rows()
        values = list(values)
        if not any(value not in (None, "") for value in values):
            continue
        if cells:  # the header has been read
            data_rows += 1
            if data_rows > MAX_ROWS:
                raise _too_many_rows()
        values, count = _check_row(values, cells)
        cells += max(count, 1)
        yield values


def decode_text(data):
    """A CSV's bytes as text: UTF-8 (with or without BOM), else GB18030 (Excel on a Chinese Windows)."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise UnreadableSpreadsheet(_("无法识别文件编码，请另存为 UTF-8 编码的 CSV 后再上传。")) from exc


def check_size(size):
    if size is not None and size > MAX_FILE_BYTES:
        raise SpreadsheetLimitError(
            _("导入文件不能超过 %(mb)d MB，请分批导入。") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )


def read_csv(data):
    """[[cell, …], …] from CSV bytes or text (header first, blank lines dropped), within the limits."""
    check_size(len(data))
    text = decode_text(data)
    csv.field_size_limit(MAX_CELL_CHARS + 1)
    try:
        return list(_limited(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error as exc:
        raise UnreadableSpreadsheet(_("无法读取 CSV 文件，请用导入模板另存后再上传。")) from exc


def read_xlsx(data):
    """[[cell, …], …] from .xlsx bytes (first sheet, header first, blank lines dropped), within the limits."""
    from openpyxl import load_workbook

    check_size(len(data))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise UnreadableSpreadsheet(_("该文件不是有效的 Excel（.xlsx）文件，请用导入模板另存后再上传。")) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetLimitError(_("Excel 文件解压后过大，请拆分后分批导入。"))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SpreadsheetLimitError:
        raise
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's to fix
        raise UnreadableSpreadsheet(_("无法读取 Excel 文件，请用导入模板另存后再上传。")) from exc
    try:
        sheet = workbook.active
        sheet.reset_dimensions()  # the dimension tag is the file's own claim: read until the rows end
        # max_column comes from the dimension tag, which the file states about itself: read at most one
        # column past the cap so a wider sheet is still caught, never the million columns it may claim.
        return list(_limited(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)))
    except SpreadsheetLimitError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise UnreadableSpreadsheet(_("无法读取 Excel 文件，请用导入模板另存后再上传。")) from exc
    finally:
        workbook.close()


def read_table(data, name):
    """The rows of an uploaded .xlsx/.csv (by its name), within every limit above."""
    if (name or "").lower().endswith(".csv"):
        return read_csv(data)
    return read_xlsx(data)


def check_upload(upload):
    """Read ``upload`` through to the row cap now, so an oversized file is a 400 before any job starts."""
    check_size(upload.size)
    upload.seek(0)
    data = upload.read(MAX_FILE_BYTES + 1)
    upload.seek(0)
    read_table(data, upload.name)


def normalised_rows(table):
    """The rows as comparable text: cells stripped, trailing empty cells dropped, numbers 3.0 → "3"."""
    rows = []
    for values in table:
        cells = []
        for value in values:
            if value is None:
                value = ""
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            cells.append(str(value).strip())
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def capped(errors, limit=100):
    """The first ``limit`` row errors, then one line counting the rest ("另有 N 行错误")."""
    errors = list(errors)
    if len(errors) <= limit:
        return errors
    return errors[:limit] + [overflow_line(len(errors) - limit)]


def overflow_line(count):
    return {"row": 0, "errors": [_("另有 %(count)d 行错误，请先改正以上各行后重新导入。") % {"count": count}]}


# --- formulas in exports ---------------------------------------------------------------------------
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def escape_text(value):
    """For text formats (CSV/TSV): ``'=1+1`` shows as the text ``=1+1``, never a formula."""
    return "'" + value if is_formula_like(value) else value


def unescape_text(value):
    """The reverse on import, so an exported file imports back to the same values."""
    if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def set_cell(cell, value):
    """Write ``value`` to an openpyxl cell; a formula-like string is kept as a string cell."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def protect_sheet(sheet):
    """Turn every formula-like string already in ``sheet`` into a text cell (openpyxl makes a str starting
    with "=" a formula)."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" or is_formula_like(cell.value):
                set_cell(cell, cell.value)


def protect_workbook(book):
    for sheet in book.worksheets:
        protect_sheet(sheet)
    return book


def escape_dataset(dataset):
    """A copy of a tablib Dataset with formula-like strings escaped for text formats."""
    import tablib

    escaped = tablib.Dataset(headers=[escape_text(h) for h in (dataset.headers or [])] or None)
    for row in dataset:
        escaped.append([escape_text(value) for value in row])
    escaped.title = dataset.title
    return escaped


def xlsx_bytes(dataset):
    """A tablib Dataset as .xlsx bytes, every formula-like string a text cell."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = (dataset.title or "Sheet1")[:31]
    if dataset.headers:
        sheet.append([_clean(value) for value in dataset.headers])
    for row in dataset:
        sheet.append([_clean(value) for value in row])
    protect_sheet(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _clean(value):
    """Characters a workbook cannot hold (control characters) become U+FFFD instead of failing the export."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    return value


def export_dataset(dataset, file_format):
    """``dataset`` as ``file_format`` ("csv", "tsv", "xlsx", …) with no live formula in it."""
    if file_format == "xlsx":
        return xlsx_bytes(dataset)
    return escape_dataset(dataset).export(file_format)


OPTIONS_SHEET = "可选值"


def template_xlsx(columns, title="导入模板"):
    """A blank import template as .xlsx bytes: the Chinese headers, one example row, and a second sheet
    listing the valid options of every column that has a fixed set (choices, 是/否).

    ``columns``: [(header, example value, [options] or None)]."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([_clean(header) for header, _example, _options in columns])
    sheet.append([_clean(escape_text(example)) if example is not None else "" for _h, example, _o in columns])
    for index, (header, _example, _options) in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(10, 2 * len(header) + 4)
    options = book.create_sheet(OPTIONS_SHEET)
    listed = [(header, values) for header, _example, values in columns if values]
    options.append([header for header, _values in listed])
    for row in range(max((len(values) for _h, values in listed), default=0)):
        options.append([_clean(values[row]) if row < len(values) else None for _h, values in listed])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def attachment(data, filename, content_type=None):
    """An HttpResponse downloading ``data`` as ``filename`` (Chinese names kept, RFC 6266 filename*)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    content_type = content_type or (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if filename.endswith(".xlsx")
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
