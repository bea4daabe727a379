"""Pages for people who are not admins: the team-rule gap list, the 四个一 completeness and the import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from core import dates
from core import gaps as gap_registry
from core.scope import is_editable, resolve_federation
from organizations.models import Federation

from . import services, training
from .choices import AttendanceStatus, ImportStatus
from .forms import ImportForm
from .importer import COLUMNS
from .models import ImportJob, Person, TrainingAttendance, TrainingCourse, TrainingSession


@login_required
def gap_list(request):
    root = resolve_federation(request)
    # Through the gap registry: kept until the next write to a state table (core/freshness.py), as on the
    # home page; computed, the city's 127,000 posts took 90-160 ms.
    found = gap_registry.collect(root, dates.today(), pillars=["cadres"])
    return render(request, "cadres/gaps.html", {"root": root, "gaps": found, "rules": services.RULES})


@login_required
def rotation(request):
    root = resolve_federation(request)
    try:
        month = dates.parse_month(request.GET.get("month", ""))
    except ValueError:
        month = dates.previous_month()
    result = services.rotation_completeness(root, month)
    return render(request, "cadres/rotation.html", {"root": root, "result": result, "month": month})


@login_required
def import_people(request):
    if not request.user.can_edit:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from .tasks import start_import

        job = form.save(commit=False)
        job.user = request.user
        job.federation = request.user.edit_root or Federation.objects.filter(parent__isnull=True).first()
        job.status = ImportStatus.PENDING
        job.save()
        start_import(job)  # with the queue down the job page shows it failed, and why
        return redirect("cadres:import-job", pk=job.pk)
    # The file's headers: the Chinese ones, or (read in another language) the English field names the
    # importer also accepts.
    chinese = (translation.get_language() or "").startswith("zh")
    columns = list(COLUMNS) if chinese else list(COLUMNS.values())
    return render(request, "cadres/import_form.html", {"form": form, "columns": columns})


@login_required
def import_template(request):
    """The blank people import template (xlsx): Chinese headers, one example row, a sheet of valid options."""
    if not request.user.can_edit:
        raise PermissionDenied
    from core.spreadsheets import attachment, template_xlsx

    from .importer import template_columns

    return attachment(template_xlsx(template_columns()), "人员导入模板.xlsx")


@login_required
def import_job(request, pk):
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    running = job.status in (ImportStatus.PENDING, ImportStatus.RUNNING)
    return render(request, "cadres/import_job.html", {"job": job, "running": running})


# --- training (培训同步管理) ---------------------------------------------------------------------------------


@login_required
def training_overview(request):
    """The trained share of chairs and vice chairs for the federation and each child (drill down by
    clicking), and the courses organised in its subtree."""
    root = resolve_federation(request)
    rows = training.trained_share(root, dates.today())
    courses = (
        TrainingCourse.objects.visible_to(request.user)
        .filter(federation__tree_id=root.tree_id, federation__lft__gte=root.lft, federation__lft__lte=root.rght)
        .select_related("federation", "organiser_party")
        .order_by("-starts_on", "id")[:50]
    )
    return render(
        request,
        "cadres/training.html",
        {"root": root, "rows": rows, "courses": courses, "required": training.hours_required()},
    )


@login_required
def training_course(request, pk):
    course = get_object_or_404(
        TrainingCourse.objects.visible_to(request.user).select_related("federation", "organiser_party"), pk=pk
    )
    sessions = course.sessions.order_by("held_on", "id")
    return render(
        request,
        "cadres/training_course.html",
        {"course": course, "sessions": sessions, "can_edit": is_editable(request.user, course)},
    )


@login_required
def person_training(request, pk):
    """A cadre's training record, for her federation and both lines above it."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    return render(request, "cadres/person_training.html", {"person": person, **training.record(person, request.user)})


@login_required
def session_attendance(request, pk):
    """Ticked on a phone at the door by the organiser (375 px): every enrolled cadre, 出席 / 迟到 / 缺席 with a
    reason. All rows are saved together or, with any error, none (the page shows each row's error)."""
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user).select_related("course"), pk=pk)
    if not is_editable(request.user, session):
        raise PermissionDenied
    enrolled = [e.person for e in session.course.enrolments.select_related("person").order_by("person__name", "id")]
    existing = {a.person_id: a for a in session.attendances.all()}
    errors, status_code = {}, 200
    if request.method == "POST":
        changed = []
        for person in enrolled:
            value = request.POST.get(f"status-{person.pk}", "")
            if not value:
                continue
            attendance = existing.get(person.pk) or TrainingAttendance(session=session, person=person)
            attendance.status = value
            attendance.absence_reason = request.POST.get(f"reason-{person.pk}", "").strip()
            if value == AttendanceStatus.ABSENT:
                attendance.hours_credited = None
            elif attendance.hours_credited is None or attendance.hours_credited == 0:
                attendance.hours_credited = None
            try:
                attendance.full_clean(exclude=["session", "person"], validate_unique=False)
            except ValidationError as error:
                errors[person.pk] = "；".join(m for ms in error.message_dict.values() for m in ms)
            changed.append(attendance)
            existing[person.pk] = attendance
        if errors:
            status_code = 400
        else:
            with transaction.atomic():
                for attendance in changed:
                    attendance.save()
            messages.success(request, _("已保存 %(n)d 人的出勤。") % {"n": len(changed)})
            return redirect("cadres:session-attendance", pk=session.pk)
    rows = [
        {"person": person, "attendance": existing.get(person.pk), "error": errors.get(person.pk)} for person in enrolled
    ]
    context = {"session": session, "rows": rows, "statuses": AttendanceStatus.choices, "errors": errors}
    return render(request, "cadres/session_attendance.html", context, status=status_code)
