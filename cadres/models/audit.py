"""Who read whose personal data, and the Excel import jobs."""

import os
from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel

from ..choices import ImportStatus


class PersonalDataAccess(BaseModel):
    """A record that a user was shown a person's phone or ID number in full. Append-only and itself the
    audit trail, so it keeps no change history of its own."""

    scope_path = "person__federation"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("查看人")
    )
    person = models.ForeignKey(
        "cadres.Person", on_delete=models.PROTECT, related_name="data_accesses", verbose_name=_("被查看人员")
    )
    fields = models.CharField(_("查看字段"), max_length=100)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    path = models.CharField(_("访问路径"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return _("%(name)s（%(detail)s）") % {"name": f"{self.user} → {self.person}", "detail": self.fields}


class PrivateFileStorage(FileSystemStorage):
    """Files no URL reaches: under ``settings.PRIVATE_ROOT`` (default ``var/private/``, never served and
    outside MEDIA_ROOT), read back only by our own code. The folder is read from the settings at each use."""

    def __init__(self, folder):
        super().__init__()
        self.folder = folder

    @property
    def base_location(self):
        root = getattr(settings, "PRIVATE_ROOT", None) or os.path.join(settings.VAR_DIR, "private")
        return os.path.join(root, self.folder)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("private files have no URL")


@cache
def private_import_storage():
    """Where import files go: personal data, so never under a public URL. With object storage configured,
    the bucket's private prefix (no public ACL, signed short-lived URLs only); else ``PrivateFileStorage``.
    Each file is deleted as soon as its job has finished (``cadres.importer``); the files of jobs that never
    finished are removed by ``cadres.tasks.remove_stale_import_files`` after IMPORT_FILE_RETENTION_DAYS."""
    if getattr(settings, "S3_BUCKET", ""):
        from storages.backends.s3 import S3Storage

        options = {**settings.STORAGES["default"].get("OPTIONS", {})}
        options.update(location="private/imports", default_acl="private", querystring_auth=True, querystring_expire=300)
        return S3Storage(**options)
    return PrivateFileStorage("imports")


class ImportJob(BaseModel):
    """An Excel import of people with their posts: previewed (dry run) or applied all-or-nothing by a
    Celery task on the "imports" queue, with progress and a row-by-row error report."""

    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="cadre_import_jobs",
        verbose_name=_("导入单位"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("导入人")
    )
    file = models.FileField(_("文件"), upload_to="cadres/imports/%Y/%m/", storage=private_import_storage, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    file_sha256 = models.CharField(
        _("文件指纹"), max_length=64, blank=True, db_index=True, help_text=_("文件内容的 SHA-256，同一文件只导入一次")
    )
    dry_run = models.BooleanField(_("仅预览"), default=True)
    status = models.CharField(_("状态"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_people = models.PositiveIntegerField(_("新增人员"), default=0)
    created_posts = models.PositiveIntegerField(_("新增任职"), default=0)
    report = models.JSONField(_("错误报告"), default=list, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["processed_rows"])

    class Meta:
        verbose_name = _("人员导入任务")
        verbose_name_plural = _("人员导入任务")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name or self.file.name} · {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if not self.file_name and self.file:
            self.file_name = os.path.basename(self.file.name)[:255]
        super().save(*args, **kwargs)

    @property
    def progress(self):
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
