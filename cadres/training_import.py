"""Attendance from the organiser's Excel sign-in sheet (签到表), through the same machinery as the people
import (``cadres.importer``): the file read within the limits of ``core.spreadsheets``, every row checked by
the models' own rules and against the importing user's edit scope, a row-by-row report, all or nothing, and a
preview (dry run) that saves nothing. One sheet is one session's attendance.

A person is found by ID number, else by name and phone, else by a name that is unique among the people the
user edits; a person outside her edit scope reads exactly like one who does not exist. A cadre not yet
enrolled is enrolled by the sheet. A row whose person already has this session's attendance on record is
left as it is, so the same sheet imported twice adds nothing.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.phones import normalize_phone
from core.spreadsheets import overflow_line, read_table, xlsx_bytes

from .choices import AttendanceStatus
from .importer import MAX_REPORTED_ROWS, _text
from .models import Person, TrainingAttendance, TrainingEnrolment
from .models.training import check_cadre

COLUMNS = {
    "姓名": "name",
    "身份证号": "id_number",
    "手机号": "phone",
    "出勤": "status",
    "缺席原因": "absence_reason",
    "认定学时": "hours_credited",
    "结业证书编号": "certificate_number",
}
TEMPLATE_EXAMPLE = ["张丽", "", "13800000000", "出席", "", "", ""]
UNKNOWN_PERSON = _("找不到该人员，或不在您的管辖范围内。")


def template_bytes():
    """The sign-in sheet template (.xlsx): the header and one example row."""
    import tablib

    dataset = tablib.Dataset(TEMPLATE_EXAMPLE, headers=list(COLUMNS))
    return xlsx_bytes(dataset)


def read_rows(data, name):
    """[(row number, {field: value})] of a sign-in sheet, within the limits of ``core.spreadsheets``
    (``SpreadsheetLimitError`` past one)."""
    table = read_table(data, name)
    if not table:
        return []
    header = [COLUMNS.get(str(cell or "").strip(), str(cell or "").strip()) for cell in table[0]]
    rows = []
    for number, values in enumerate(table[1:], start=2):
        row = {key: value for key, value in zip(header, values, strict=False) if key}
        if any(_text(value) for value in row.values()):
            rows.append((number, row))
    return rows


def _status(value):
    text = _text(value)
    if not text:
        return AttendanceStatus.PRESENT
    for code, label in AttendanceStatus.choices:
        if text in (code, str(label)):
            return code
    raise ValidationError({"status": _("“%(value)s”不是有效选项（出席、迟到、缺席）。") % {"value": text}})


def _hours(value):
    text = _text(value)
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError({"hours_credited": _("请填写数字。")})


def _messages(error):
    if hasattr(error, "error_dict"):
        labels = {f.name: str(f.verbose_name) for f in TrainingAttendance._meta.fields}
        return [
            f"{labels.get(field, field) if field != '__all__' else _('整行')}：{'；'.join(str(m) for m in messages)}"
            for field, messages in error.message_dict.items()
        ]
    return [str(message) for message in error.messages]


class SheetImporter:
    """Checks the rows of one session's sheet; ``save()`` writes the new enrolments and attendance at once."""

    def __init__(self, user, session, rows):
        if user is None or not getattr(user, "is_authenticated", False):
            raise PermissionError("an import must name the importing user")
        self.user = user
        self.session = session
        self.course = session.course
        people = Person.objects.editable_by(user).select_related("federation")
        ids = {_text(row.get("id_number")).upper() for _n, row in rows} - {""}
        names = {_text(row.get("name")) for _n, row in rows} - {""}
        self.by_id = {p.id_number: p for p in people.filter(id_number__in=ids)}
        self.by_name = {}
        for person in people.filter(name__in=names, archived_at__isnull=True):
            self.by_name.setdefault(person.name, []).append(person)
        self.enrolled = set(TrainingEnrolment.objects.filter(course=self.course).values_list("person_id", flat=True))
        self.recorded = set(session.attendances.values_list("person_id", flat=True))
        self.capacity_left = None if self.course.capacity is None else max(self.course.capacity - len(self.enrolled), 0)
        self.in_file = {}
        self.enrolments = []
        self.attendances = []
        self.skipped = 0

    def person_for(self, row):
        id_number = _text(row.get("id_number")).upper()
        name = _text(row.get("name"))
        if id_number:
            person = self.by_id.get(id_number)
            if person is None or (name and person.name != name):
                raise ValidationError({"person": UNKNOWN_PERSON})
            return person
        if not name:
            raise ValidationError(_("缺少必填项：姓名。"))
        candidates = self.by_name.get(name, [])
        phone = normalize_phone(_text(row.get("phone")))
        if phone:
            candidates = [p for p in candidates if normalize_phone(p.phone or "") == phone]
        if not candidates:
            raise ValidationError({"person": UNKNOWN_PERSON})
        if len(candidates) > 1:
            raise ValidationError({"person": _("有多名同名人员，请填写身份证号或手机号。")})
        return candidates[0]

    def check(self, number, row):
        person = self.person_for(row)
        if person.pk in self.in_file:
            raise ValidationError({"person": _("文件第 %(row)d 行已登记该学员。") % {"row": self.in_file[person.pk]}})
        self.in_file[person.pk] = number
        attendance = TrainingAttendance(
            session=self.session,
            person=person,
            status=_status(row.get("status")),
            absence_reason=_text(row.get("absence_reason")),
            hours_credited=_hours(row.get("hours_credited")),
            certificate_number=_text(row.get("certificate_number")),
        )
        if person.pk in self.recorded:
            self.skipped += 1  # already on record: the same sheet again changes nothing
            return
        if person.pk not in self.enrolled:
            problem = check_cadre(person, self.course)
            if problem:
                raise ValidationError({"person": problem})
            if self.capacity_left is not None:
                if self.capacity_left <= 0:
                    raise ValidationError({"person": _("该培训班名额已满，不能再报名。")})
                self.capacity_left -= 1
            self.enrolments.append(TrainingEnrolment(course=self.course, person=person, note=_("签到表导入")))
            self.enrolled.add(person.pk)
        attendance.enrolment_checked = True  # just above (the enrolment may be one of this sheet's)
        attendance.full_clean(exclude=["person", "session"], validate_unique=False, validate_constraints=False)
        self.attendances.append(attendance)

    def save(self):
        if self.enrolments:
            bulk_create_with_history(self.enrolments, TrainingEnrolment, default_user=self.user)
        for attendance in self.attendances:
            attendance.fill_hours()  # bulk_create skips save()
        bulk_create_with_history(self.attendances, TrainingAttendance, default_user=self.user)


def import_attendance(user, session, rows, dry_run):
    """Check (and unless ``dry_run`` save) a session's sheet. Returns a dict: ``report`` (row errors; nothing
    saved when there is one), ``created`` (attendance rows), ``enrolled`` (new enrolments), ``skipped``."""
    importer = SheetImporter(user, session, rows)
    report, errors = [], 0
    for number, row in rows:
        try:
            importer.check(number, row)
        except ValidationError as error:
            errors += 1
            if len(report) < MAX_REPORTED_ROWS:
                report.append({"row": number, "errors": _messages(error)})
    if errors > len(report):
        report.append(overflow_line(errors - len(report)))
    outcome = {
        "report": report,
        "created": len(importer.attendances),
        "enrolled": len(importer.enrolments),
        "skipped": importer.skipped,
        "saved": False,
    }
    if report or dry_run:
        return outcome
    try:
        with transaction.atomic():
            importer.save()
    except IntegrityError:
        outcome["report"] = [{"row": 0, "errors": [_("保存时与已有数据冲突（可能同时有人导入），未导入任何数据。")]}]
        return outcome
    outcome["saved"] = True
    return outcome
