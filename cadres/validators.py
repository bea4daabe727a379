"""Validators for personal data: the resident ID number (GB 11643-1999) and mobile phone numbers."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import spreadsheets
from core.phones import validate_mobile

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CODES = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


def id_check_digit(first17):
    """The 18th character of a resident ID number from its first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CODES[total % 11]


def validate_id_number(value):
    value = (value or "").strip().upper()
    if not ID_PATTERN.match(value):
        raise ValidationError(_("身份证号应为18位，前17位为数字，最后一位为数字或X。"), code="id_format")
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(_("身份证号校验位错误，请核对后重新填写。"), code="id_check_digit")
    year, month, day = int(value[6:10]), int(value[10:12]), int(value[12:14])
    try:
        datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth_date")


# Kept for the first migration; phone fields now use core.phones (normalised, then checked).
validate_phone = validate_mobile


def id_birth_year(value):
    return int(value[6:10])


def id_gender(value):
    """ "F" or "M" from the 17th digit (odd for men)."""
    return "M" if int(value[16]) % 2 else "F"


MAX_IMPORT_BYTES = spreadsheets.MAX_FILE_BYTES
MARKUP_SIGNS = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<body", b"<head")


def validate_import_file(upload):
    """An import file is what its name says: an .xlsx workbook (a zip archive) or a text CSV, at most
    MAX_IMPORT_BYTES, and within the row, column and cell limits of ``core.spreadsheets`` (read
    as a stream up to the cap, so a huge file is refused here in well under a second). A web page or a
    program renamed .xlsx/.csv is refused here too, before any job starts."""
    name = (upload.name or "").lower()
    if not name.endswith((".xlsx", ".csv")):
        raise ValidationError(_("请上传 Excel（.xlsx）或 CSV 文件。"), code="import_extension")
    if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("导入文件不能超过 %(mb)d MB，请分批导入。") % {"mb": max(1, MAX_IMPORT_BYTES // (1024 * 1024))},
            code="import_too_large",
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if name.endswith(".xlsx") and not head.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _("该文件不是有效的 Excel（.xlsx）文件，请用导入模板另存后再上传。"), code="import_not_xlsx"
        )
    if name.endswith(".csv") and (b"\x00" in head or any(sign in head.lower() for sign in MARKUP_SIGNS)):
        raise ValidationError(_("该文件不是有效的 CSV 文本文件，请用导入模板另存后再上传。"), code="import_not_csv")
    try:
        spreadsheets.check_upload(upload)
    except spreadsheets.UnreadableSpreadsheet:
        pass  # the job says so in its report ("无法读取文件"), as for any file it cannot read
    except spreadsheets.SpreadsheetLimitError as exc:
        raise ValidationError(str(exc), code="import_limit") from exc
    finally:
        upload.seek(0)
