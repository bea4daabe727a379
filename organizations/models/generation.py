from django.db import models
from django.utils.translation import gettext_lazy as _


class DataGeneration(models.Model):
    """One row: the data generation of core/freshness.py, moved on after every committed write to a table
    that cached figures read (the row's table name is core's, which has no app of its own)."""

    value = models.BigIntegerField(_("数据版本"), default=0)

    class Meta:
        db_table = "core_data_generation"
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self):
        return str(self.value)
