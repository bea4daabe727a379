"""The review fields of the records a chair submits to the federation one level up (accounts/review.py): her
duty report and her 四个一 check, like an activity. Set only through the review's transitions (and the
resubmission of an edited returned record)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.review import ReviewState


class Reviewed(models.Model):
    """Who filed it, and where it stands in review: 已上报 when saved (admin, API, import), then 已通过 or
    已退回 (with the reason) by the federation one level up."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("填报人"),
    )
    review_state = models.CharField(
        _("审核状态"),
        max_length=10,
        choices=ReviewState.choices,
        default=ReviewState.SUBMITTED,
        editable=False,
        db_index=True,
    )
    review_reason = models.CharField(_("退回原因"), max_length=200, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True
