"""Excel import of people with their posts (a district loads thousands of representatives at once).

One row is one person and one post. Every row is checked by the models' own rules (``full_clean``) and
against the importing user's edit scope; any error and nothing is saved (all-or-nothing), with a
row-by-row report. A dry run stops after the checks. Runs in a Celery task on the "imports" queue and
writes its progress to the ``ImportJob`` as it goes.
"""

import datetime
import hashlib
import json
import threading
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from core.imports import OUT_OF_SCOPE
from core.locks import advisory_key
from core.phones import normalize_phone
from core.scope import federation_in
from core.spreadsheets import SpreadsheetLimitError, UnreadableSpreadsheet, overflow_line, read_table
from organizations.models import Federation

from .choices import Appointment, Education, Gender, ImportStatus, Position, Sector
from .models import ImportJob, Person, Post

# Spreadsheet header → field. Headers may also be the English field names.
COLUMNS = {
    gettext_noop("姓名"): "name",
    gettext_noop("性别"): "gender",
    gettext_noop("出生年份"): "birth_year",
    gettext_noop("手机号"): "phone",
    gettext_noop("身份证号"): "id_number",
    gettext_noop("学历"): "education",
    gettext_noop("所在领域"): "sector",
    gettext_noop("工作单位及职务"): "occupation",
    gettext_noop("体制内"): "in_system",
    gettext_noop("妇联编码"): "federation_code",
    gettext_noop("职务"): "position",
    gettext_noop("届次"): "term_number",
    gettext_noop("任期开始"): "term_start",
    gettext_noop("任期届满"): "term_end",
    gettext_noop("产生方式"): "appointment",
    gettext_noop("两委成员"): "in_two_committees",
    gettext_noop("同级党组织班子成员"): "in_party_committee",
    gettext_noop("所带团队"): "team_name",
    gettext_noop("团队女性人数"): "team_women_count",
}
REQUIRED = ("name", "federation_code", "position", "term_start")
# The people export's own column (cadres.resources): the person's number, by which a row of an exported file
# finds her again (her phone and ID number may be masked there).
PERSON_ID = "编号"
MASK_CHARACTER = "*"
CHOICES = {
    "gender": Gender,
    "education": Education,
    "sector": Sector,
    "position": Position,
    "appointment": Appointment,
}
BOOLEANS = ("in_system", "in_two_committees", "in_party_committee")
TRUE_WORDS = {"是", "1", "true", "yes", "y", "√"}
FALSE_WORDS = {"否", "0", "false", "no", "n", ""}
# The blank template's example row (see ``template_columns``).
EXAMPLE = {
    "name": "张丽",
    "gender": "女",
    "birth_year": "1980",
    "phone": "13800000000",
    "education": "本科",
    "sector": "",
    "occupation": "东亭社区居委会主任",
    "in_system": "是",
    "federation_code": "（所在妇联的编码）",
    "position": "主席",
    "term_number": "1",
    "term_start": "2022-03-01",
    "appointment": "选举产生",
    "in_two_committees": "是",
    "in_party_committee": "否",
}
PROGRESS_EVERY = 100
MAX_REPORTED_ROWS = 100  # error rows kept in a job's report; the rest are counted in one line
_local_lock = threading.Lock()


def template_columns():
    """[(header, example, options)] of the people import: every column, the valid options of each choice."""
    columns = []
    for header, field in COLUMNS.items():
        if field in CHOICES:
            options = [str(label) for _code, label in CHOICES[field].choices]
        elif field in BOOLEANS:
            options = [_("是"), _("否")]
        else:
            options = None
        example = EXAMPLE.get(field, "")
        if options and example and example not in options:
            example = options[0]
        columns.append((header, example, options))
    return columns


def read_rows(uploaded, name):
    """[(spreadsheet row number, {field: value})] from an .xlsx or .csv file (a file object or bytes), read
    as a stream within the limits of ``core.spreadsheets`` (``SpreadsheetLimitError`` past one)."""
    data = uploaded if isinstance(uploaded, bytes | str) else uploaded.read()
    table = read_table(data, name)
    if not table:
        return []
    header = [COLUMNS.get(str(cell or "").strip(), str(cell or "").strip()) for cell in table[0]]
    rows = []
    for number, values in enumerate(table[1:], start=2):
        rows.append((number, {key: value for key, value in zip(header, values, strict=False) if key}))
    return rows


def content_digest(rows):
    """SHA-256 of the rows' content, not of the file's bytes: the same rows with or without a BOM, with CRLF
    or LF, a trailing newline, in another order, as .csv or .xlsx, give the same digest."""
    normalised = sorted(
        json.dumps(
            {key: _text(value) for key, value in row.items() if _text(value)}, sort_keys=True, ensure_ascii=False
        )
        for _number, row in rows
    )
    return hashlib.sha256("\n".join(normalised).encode()).hexdigest()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()


def _choice(enum, value, label):
    text = _text(value)
    if not text:
        return ""
    for code, display in enum.choices:
        if text in (code, str(display)):
            return code
    options = "、".join(str(display) for _code, display in enum.choices)
    raise ValidationError(
        {label: _("“%(value)s”不是有效选项，可选：%(options)s。") % {"value": text, "options": options}}
    )


def _bool(value, label):
    text = _text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValidationError({label: _("请填写“是”或“否”。")})


def _int(value, label):
    text = _text(value)
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError({label: _("请填写整数。")})
    return int(text)


def _date(value, label):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({label: _("日期格式应为 YYYY-MM-DD。")})


def _messages(error):
    if hasattr(error, "error_dict"):
        labels = {
            **{f.name: str(f.verbose_name) for f in Person._meta.fields},
            **{f.name: str(f.verbose_name) for f in Post._meta.fields},
        }
        return [
            f"{labels.get(field, field) if field != '__all__' else _('整行')}：{'；'.join(str(m) for m in messages)}"
            for field, messages in error.message_dict.items()
        ]
    return [str(message) for message in error.messages]


class _Errors:
    """Every error of one row, collected instead of stopping at the first: {field: [messages]}."""

    def __init__(self):
        self.found = {}

    def add(self, error):
        for field, messages in (
            error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        ).items():
            self.found.setdefault(field, []).extend(messages)

    def take(self, convert, *args, default=None):
        try:
            return convert(*args)
        except ValidationError as error:
            self.add(error)
            return default

    def raise_any(self):
        if self.found:
            raise ValidationError(self.found)


class RowImporter:
    """Checks rows one by one and keeps what they would create; ``save()`` writes it all at once.

    Everything a row may reach is looked up inside the importer's edit scope: federations by code, people
    by ID number (else by name, phone and federation). A code or an ID number held outside the scope gives
    the same row error as one that does not exist; no message names another unit. A person or post already
    on record is reused, not copied, so importing the same people again adds only what is new."""

    def __init__(self, user, rows):
        if user is None or not getattr(user, "is_authenticated", False):
            raise PermissionError("an import must name the importing user")
        self.user = user
        codes = {_text(row.get("federation_code")) for _number, row in rows}
        self.federations = {f.code: f for f in Federation.objects.filter(code__in=codes) if self.in_scope(f)}
        ids = {_text(row.get("id_number")).upper() for _number, row in rows} - {""}
        self.existing = {p.id_number: p for p in Person.objects.select_related("federation").filter(id_number__in=ids)}
        names = {_text(row.get("name")) for _number, row in rows} - {""}
        self.known = {}
        for person in Person.objects.filter(federation__in=self.federations.values(), name__in=names):
            self.known.setdefault((person.name, normalize_phone(person.phone or ""), person.federation_id), person)
        numbers = {_text(row.get(PERSON_ID)) for _number, row in rows}
        self.numbered = {
            p.pk: p
            for p in Person.objects.visible_to(user)
            .select_related("federation")
            .filter(pk__in=[int(n) for n in numbers if n.isdigit()])
        }
        self.numbered_posts = set(
            Post.objects.filter(person_id__in=self.numbered).values_list(
                "person_id", "federation__code", "position", "term_start"
            )
        )
        known_ids = {p.pk for p in self.existing.values()} | {p.pk for p in self.known.values()}
        self.existing_posts = set(
            Post.objects.filter(person_id__in=known_ids).values_list(
                "person_id", "federation_id", "position", "term_start"
            )
        )
        self.new_people = {}
        self.people = []
        self.posts = []
        self.chairs_in_file = {}
        self.skipped = 0

    def in_scope(self, federation):
        return self.user.is_superuser or federation_in(self.user.edit_root, federation)

    def person_for(self, row, federation, errors=None):
        id_number = _text(row.get("id_number")).upper()
        phone = normalize_phone(_text(row.get("phone")))
        key = id_number or (_text(row.get("name")), phone, federation.pk)
        if id_number and id_number in self.existing:
            person = self.existing[id_number]
            if not self.in_scope(person.federation):
                raise ValidationError(OUT_OF_SCOPE)
            return person
        if not id_number and key in self.known:
            return self.known[key]
        if key in self.new_people:
            return self.new_people[key]
        errors = errors or _Errors()
        person = Person(
            federation=federation,
            name=_text(row.get("name")),
            gender=errors.take(_choice, Gender, row.get("gender"), "gender") or Gender.FEMALE,
            birth_year=errors.take(_int, row.get("birth_year"), "birth_year"),
            phone=_text(row.get("phone")),
            id_number=id_number,
            education=errors.take(_choice, Education, row.get("education"), "education", default=""),
            sector=errors.take(_choice, Sector, row.get("sector"), "sector", default=""),
            occupation=_text(row.get("occupation")),
            in_system=errors.take(_bool, row.get("in_system"), "in_system", default=False),
        )
        bad = list(errors.found)
        errors.take(lambda: person.full_clean(exclude=bad, validate_unique=False, validate_constraints=False))
        errors.raise_any()
        self.new_people[key] = person
        self.people.append(person)
        return person

    def unchanged(self, row):
        """Whether ``row`` is a row of the people export that adds nothing: it names a person she may view by
        her 编号, with her phone and ID number as stored or masked (masked means "keep what is stored"), and
        either no post or a post already on record (same federation, position and term start). Such a row is
        skipped, whoever owns the person: importing an export back changes nothing and reports no error."""
        number = _text(row.get(PERSON_ID))
        person = self.numbered.get(int(number)) if number.isdigit() else None
        if person is None:
            return False
        for field, normalise in (("id_number", str.upper), ("phone", normalize_phone)):
            given = _text(row.get(field))
            if given and MASK_CHARACTER not in given and normalise(given) != normalise(getattr(person, field) or ""):
                return False
        if not _text(row.get("position")) and not _text(row.get("term_start")):
            return True
        try:
            position = _choice(Position, row.get("position"), "position")
            term_start = _date(row.get("term_start"), "term_start")
        except ValidationError:
            return False
        return (person.pk, _text(row.get("federation_code")), position, term_start) in self.numbered_posts

    def check(self, row):
        # A row of an exported file that adds nothing: skipped (see ``unchanged``).
        if self.unchanged(row):
            self.skipped += 1
            return
        # Every error of the row is reported at once (missing columns, bad values, the models' own rules).
        errors = _Errors()
        missing = [field for field in REQUIRED if not _text(row.get(field))]
        if missing:
            labels = {v: k for k, v in COLUMNS.items()}
            errors.add(
                ValidationError(_("缺少必填项：%(fields)s。") % {"fields": "、".join(labels[f] for f in missing)})
            )
        code = _text(row.get("federation_code"))
        federation = self.federations.get(code)
        if federation is None and code:  # missing or outside the scope: one message
            errors.add(
                ValidationError({"federation": _("妇联编码“%(code)s”不存在或不在您的管辖范围内。") % {"code": code}})
            )
        post = Post(
            federation=federation,
            position=errors.take(_choice, Position, row.get("position"), "position", default=""),
            term_number=errors.take(_int, row.get("term_number"), "term_number") or 1,
            term_start=errors.take(_date, row.get("term_start"), "term_start"),
            term_end=errors.take(_date, row.get("term_end"), "term_end"),
            appointment=errors.take(_choice, Appointment, row.get("appointment"), "appointment") or Appointment.ELECTED,
            in_two_committees=errors.take(_bool, row.get("in_two_committees"), "in_two_committees", default=False),
            in_party_committee=errors.take(_bool, row.get("in_party_committee"), "in_party_committee", default=False),
            team_name=_text(row.get("team_name")),
            team_women_count=errors.take(_int, row.get("team_women_count"), "team_women_count"),
        )
        person = None
        if federation is not None:
            person = errors.take(self.person_for, row, federation, _Errors())
        if person is not None:
            post.person = person
        exclude = ["person", *errors.found] if federation is not None else ["person", "federation", *errors.found]
        errors.take(lambda: post.full_clean(exclude=exclude, validate_constraints=False))
        errors.raise_any()
        if person.pk is not None and (person.pk, federation.pk, post.position, post.term_start) in self.existing_posts:
            self.skipped += 1  # already on record: importing the same people again changes nothing
            return
        if post.position == Position.CHAIR and post.ended_on is None:
            if federation.pk in self.chairs_in_file:
                raise ValidationError(
                    {
                        "position": _("文件第 %(row)d 行已为该妇联登记在任主席。")
                        % {"row": self.chairs_in_file[federation.pk]}
                    }
                )
            self.chairs_in_file[federation.pk] = self.current_row
        self.posts.append(post)

    def save(self):
        # bulk_create fills each post's person_id from its (now saved) person.
        if self.people:
            bulk_create_with_history(self.people, Person, batch_size=1000, default_user=self.user)
        # bulk_create skips Post.save(); each post's default term end was set by its full_clean() in check().
        bulk_create_with_history(self.posts, Post, batch_size=1000, default_user=self.user)


def import_people(user, rows, dry_run, progress=None, on_saved=None):
    """Check (and unless ``dry_run`` save) ``rows``; returns (report, people created, posts created).
    ``on_saved(people, posts)`` runs inside the saving transaction (to record the outcome with the data)."""
    importer = RowImporter(user, rows)
    report = []
    errors = 0
    for index, (number, row) in enumerate(rows, start=1):
        importer.current_row = number
        try:
            importer.check(row)
        except ValidationError as error:
            errors += 1
            if len(report) < MAX_REPORTED_ROWS:
                report.append({"row": number, "errors": _messages(error)})
        if progress and index % PROGRESS_EVERY == 0:
            progress(index)
    if errors > len(report):
        report = [*report, overflow_line(errors - len(report))]
    if report or dry_run:
        return report, len(importer.people), len(importer.posts)
    try:
        with transaction.atomic():
            importer.save()
            if on_saved is not None:
                on_saved(len(importer.people), len(importer.posts))
    except IntegrityError:
        report.append({"row": 0, "errors": [_("保存时与已有数据冲突（如在任主席或身份证号重复），未导入任何数据。")]})
        return report, 0, 0
    return report, len(importer.people), len(importer.posts)


@contextmanager
def file_lock(digest):
    """Only one import of a given file at a time, across every worker process: a session-level advisory lock
    on PostgreSQL (released by the server if the worker dies), a process lock elsewhere. Session-level, so the
    progress written meanwhile is seen at once."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        with _local_lock:
            yield
        return
    key = advisory_key(f"cadres-import:{digest}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


FINAL = (ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.PREVIEWED)


def _finish(job, status, report=(), people=0, posts=0, rows=0):
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        processed_rows=rows,
        created_people=people,
        created_posts=posts,
        report=list(report),
        finished_at=timezone.now(),
    )
    if status in FINAL:
        remove_file(job)
    return status


def remove_file(job):
    """An import file holds names, phones and ID numbers: it goes as soon as its job has finished (the
    job keeps the original name, the content digest and the report)."""
    name = job.file.name if job.file else ""
    if not name:
        return
    try:
        job.file.storage.delete(name)
    except OSError:
        pass  # the stale-file task tries again
    ImportJob.objects.filter(pk=job.pk).update(file="")


def _unreadable(job):
    message = _("无法读取文件，请使用导入模板（.xlsx 或 .csv）。")
    return _finish(job, ImportStatus.FAILED, [{"row": 0, "errors": [message]}])


def run(job_id):
    """Run one ImportJob: read its file, check every row, save all or nothing, record the outcome.

    Safe to run again: a job already finished is left alone (a redelivered task does nothing), a job whose
    worker died is run from the start (nothing of it was saved), and content already imported by another
    job is not imported twice, even when both jobs run at the same moment. "The same" is by content (the
    normalised rows), not by bytes: a BOM, CRLF line ends or a trailing newline do not make a new file."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status not in (ImportStatus.PENDING, ImportStatus.RUNNING):
        return job.status
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, processed_rows=0)
    if not job.file:
        return _unreadable(job)
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        return _unreadable(job)
    try:
        rows = read_rows(data, job.file.name)
    except UnreadableSpreadsheet:
        return _unreadable(job)
    except SpreadsheetLimitError as exc:
        return _finish(job, ImportStatus.FAILED, [{"row": 0, "errors": [str(exc)]}])
    except Exception:  # noqa: BLE001 - any unreadable file is the user's to fix, not a crash
        return _unreadable(job)
    digest = content_digest(rows)
    ImportJob.objects.filter(pk=job.pk).update(file_sha256=digest, total_rows=len(rows))
    with file_lock(digest):
        if not job.dry_run:
            earlier = (
                ImportJob.objects.filter(file_sha256=digest, status=ImportStatus.DONE, dry_run=False)
                .exclude(pk=job.pk)
                .order_by("finished_at")
                .first()
            )
            if earlier is not None:
                message = _("该文件已于 %(when)s 由导入任务 #%(job)d 导入，未重复导入。") % {
                    "when": timezone.localtime(earlier.finished_at).strftime("%Y-%m-%d %H:%M"),
                    "job": earlier.pk,
                }
                return _finish(job, ImportStatus.FAILED, [{"row": 0, "errors": [message]}])

        def progress(done):
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

        def saved(people, posts):
            # In the saving transaction: the job is DONE exactly when its people and posts are there.
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportStatus.DONE,
                processed_rows=len(rows),
                created_people=people,
                created_posts=posts,
                report=[],
                finished_at=timezone.now(),
            )

        report, people, posts = import_people(job.user, rows, job.dry_run, progress, on_saved=saved)
        if report:
            return _finish(job, ImportStatus.FAILED, report, rows=len(rows))
        if job.dry_run:
            return _finish(job, ImportStatus.PREVIEWED, people=people, posts=posts, rows=len(rows))
        remove_file(job)
        return ImportStatus.DONE
