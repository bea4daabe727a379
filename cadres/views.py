"""Pages for people who are not admins: the team-rule gap list, the 四个一 completeness and the import."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

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
    found = services.gaps(root, datetime.date.today())
    return render(request, "cadres/gaps.html", {"root": root, "gaps": found, "rules": services.RULES})


@login_required
def rotation(request):
    root = resolve_federation(request)
    last_month = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    raw = request.GET.get("month", "")
    try:
        month = datetime.date(int(raw[:4]), int(raw[5:7]), 1) if len(raw) == 7 else last_month
    except ValueError:
        month = last_month
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
def import_job(request, pk):
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    running = job.status in (ImportStatus.PENDING, ImportStatus.RUNNING)
    return render(request, "cadres/import_job.html", {"job": job, "running": running})
