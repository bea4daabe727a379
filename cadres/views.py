"""Pages for people who are not admins: the team-rule gap list, the 四个一 completeness and the import."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from core import dates
from core.scope import resolve_federation
from organizations.models import Federation

from . import services
from .choices import ImportStatus
from .forms import ImportForm
from .importer import COLUMNS
from .models import ImportJob


@login_required
def gap_list(request):
    root = resolve_federation(request)
    found = services.gaps(root, dates.today())
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
    return render(request, "cadres/import_form.html", {"form": form, "columns": list(COLUMNS)})


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
