"""The "四个一" monthly rotation check (江堤街): each street cadre, each month, visits a community, holds
an exchange, organises an activity and looks back against the goals."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import month_end, month_start, this_month
from core.models import BaseModel
from core.scope import federation_in
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS

from ..choices import Position
from .reviewed import Reviewed

# Whose rotation is expected every month: the street (township) federation's chair and vice chairs.
ROTATION_LEVELS = STREET_LEVELS
ROTATION_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR_FULLTIME, Position.VICE_CHAIR_PARTTIME)


class RotationCheck(Reviewed, BaseModel):
    """One cadre's "四个一" record for one month: visited a community (走进一社区), held an exchange
    (开展一交流), organised an activity (组织一活动), looked back against the goals (对照一回头), and the
    problems found, analysed and solved. One record per cadre per month."""

    scope_path = "post__federation"

    post = models.ForeignKey(
        "cadres.Post", on_delete=models.PROTECT, related_name="rotation_checks", verbose_name=_("干部（任职）")
    )
    month = models.DateField(_("月份"), help_text=_("该月1日"))
    visited_community = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rotation_visits",
        verbose_name=_("走进的社区"),
    )
    visited = models.BooleanField(_("走进一社区"), default=False)
    exchange_held = models.BooleanField(_("开展一交流"), default=False)
    activity_held = models.BooleanField(_("组织一活动"), default=False)
    looked_back = models.BooleanField(_("对照一回头"), default=False)
    problems_found = models.TextField(_("发现的问题"), blank=True)
    problems_analysed = models.TextField(_("问题分析"), blank=True)
    problems_solved = models.TextField(_("解决情况"), blank=True)
    filed_at = models.DateTimeField(_("填报时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("“四个一”轮值检查")
        verbose_name_plural = _("“四个一”轮值检查")
        ordering = ["-month", "post_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "month"],
                name="cadres_one_rotation_check_per_month",
                violation_error_message=_("该干部本月的“四个一”已填报，不能重复填报。"),
            ),
        ]

    def __str__(self):
        return _("%(person)s %(year)d年%(month)d月“四个一”") % {
            "person": self.post.person,
            "year": self.month.year,
            "month": self.month.month,
        }

    @property
    def items_done(self):
        return sum([self.visited, self.exchange_held, self.activity_held, self.looked_back])

    def save(self, *args, **kwargs):
        if self.month:
            self.month = month_start(self.month)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.month:
            self.month = month_start(self.month)
            if self.month > this_month():
                errors["month"] = _("不能填报未来月份的“四个一”。")
        if self.post_id:
            post = self.post
            if post.position not in ROTATION_POSITIONS or post.federation.level not in ROTATION_LEVELS:
                errors["post"] = _("“四个一”由街道（乡镇）妇联主席、副主席填报。")
            elif self.month and (
                post.term_start > month_end(self.month) or (post.ended_on and post.ended_on < self.month)
            ):
                errors["month"] = _("该月不在此干部的任职期间内。")
            if self.visited_community_id:
                community = self.visited_community
                if community.level not in COMMUNITY_LEVELS or not federation_in(post.federation, community):
                    errors["visited_community"] = _("走进的社区必须是本街道下属的社区（村）。")
        if self.visited and not self.visited_community_id:
            errors["visited_community"] = _("请填写走进的社区。")
        if errors:
            raise ValidationError(errors)
