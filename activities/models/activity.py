"""Jointly run activities (活动联办): the activity, its co-organisers, photos and the federations it reached."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.images import GatedImageField
from core.models import BaseModel

from ..choices import (
    KIND_SECTORS,
    MEMBER_UNIT_SECTORS,
    CoOrganizerKind,
    CoOrganizerRole,
    ReachVia,
    ReviewState,
    Sector,
)

MAX_PHOTOS = 9
PHOTO_FOLDER = "activities/photos/%Y/%m"
# What a co-organiser may be; exactly one of these references is set on each co-organiser row.
TARGET_FIELDS = ("federation", "member_unit", "social_organization", "team", "party_organization")


class ActivityKind(BaseModel):
    """A kind of activity (主题党日, 红歌比赛, 技能培训 ...). City-wide reference data: the city office
    may add kinds; the first ones come from the seed article."""

    scope_path = None

    code = models.CharField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动类型")
        verbose_name_plural = _("活动类型")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Activity(BaseModel):
    """An activity run jointly (联办) by a federation with member units, social organisations, teams and
    Party organisations: a Party theme day, a red-song contest, a flower-arranging class. It belongs to
    the federation that logs it; it may radiate (辐射) to neighbouring communities, and it counts once
    for every federation up the tree that it reached."""

    federation = models.ForeignKey(
        "organizations.Federation", on_delete=models.PROTECT, related_name="activities", verbose_name=_("登记妇联")
    )
    title = models.CharField(_("活动名称"), max_length=100, blank=True, help_text=_("不填时使用活动类型名称"))
    kind = models.ForeignKey(ActivityKind, on_delete=models.PROTECT, related_name="activities", verbose_name=_("类型"))
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("活动阵地"),
    )
    description = models.TextField(_("活动内容"), blank=True)
    participants = models.PositiveIntegerField(_("参与人数"), default=0)
    women_participants = models.PositiveIntegerField(_("其中女性人数"), default=0)
    radiated_to = models.ManyToManyField(
        "organizations.Federation",
        blank=True,
        related_name="radiated_activities",
        verbose_name=_("辐射社区"),
        help_text=_("活动带动的相邻社区（村）"),
    )
    is_cross_sector = models.BooleanField(
        _("跨界混搭"), default=False, editable=False, db_index=True, help_text=_("联办单位来自两个及以上界别")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("登记人"),
    )
    # Review by the federation one level up (activities.review): set only through its transitions.
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
    # The idempotency key her phone generated for this submission (activities.idempotency): a replay of the
    # same submission (a retry, a double tap, a second tab, the offline queue) finds this row instead.
    client_key = models.CharField(_("提交标识"), max_length=64, null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["federation", "start"], name="activity_federation_start"),
            models.Index(fields=["start"], name="activity_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="activity_end_not_before_start",
                violation_error_message=_("结束时间不能早于开始时间。"),
            ),
            models.CheckConstraint(
                condition=Q(women_participants__lte=F("participants")),
                name="activity_women_within_participants",
                violation_error_message=_("女性人数不能多于参与总人数。"),
            ),
            models.UniqueConstraint(
                fields=["created_by", "client_key"],
                condition=Q(client_key__isnull=False),
                name="activity_client_key_unique",
            ),
        ]

    def __str__(self):
        return self.title or str(self.kind)

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("结束时间不能早于开始时间。")
        if (
            self.participants is not None
            and self.women_participants is not None
            and self.women_participants > self.participants
        ):
            errors["women_participants"] = _("女性人数（%(women)d）不能多于参与总人数（%(total)d）。") % {
                "women": self.women_participants,
                "total": self.participants,
            }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.title and self.kind_id:
            self.title = self.kind.name
        super().save(*args, **kwargs)


def _exactly_one(fields):
    """Q: exactly one of ``fields`` is set."""
    condition = Q()
    for chosen in fields:
        condition |= Q(**{f"{name}__isnull": name != chosen for name in fields})
    return condition


class CoOrganizer(BaseModel):
    """One co-organiser of an activity with its role (主办, 协办, 支持): a federation, a member unit, a
    social organisation, a team or a Party organisation, exactly one of them. Its sector (界别) follows
    from what it is; co-organisers from two or more sectors make the activity 跨界混搭."""

    TARGET_FIELDS = TARGET_FIELDS

    scope_path = "activity__federation"

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="co_organizers", verbose_name=_("活动")
    )
    role = models.CharField(_("角色"), max_length=20, choices=CoOrganizerRole.choices, default=CoOrganizerRole.CO_HOST)
    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_organized",
        verbose_name=_("妇联组织"),
    )
    member_unit = models.ForeignKey(
        "organizations.MemberUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_organized",
        verbose_name=_("成员单位"),
    )
    social_organization = models.ForeignKey(
        "activities.SocialOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_organized",
        verbose_name=_("女性社会组织"),
    )
    team = models.ForeignKey(
        "activities.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_organized",
        verbose_name=_("团队"),
    )
    party_organization = models.ForeignKey(
        "cadres.PartyOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_organized",
        verbose_name=_("党组织"),
    )
    sector = models.CharField(_("界别"), max_length=20, choices=Sector.choices, editable=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("联办单位")
        verbose_name_plural = _("联办单位")
        ordering = ["activity", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(TARGET_FIELDS),
                name="co_organizer_exactly_one_target",
                violation_error_message=_("每个联办单位须且只能是妇联、成员单位、社会组织、团队或党组织中的一个。"),
            ),
            *[
                models.UniqueConstraint(
                    fields=["activity", name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"co_organizer_unique_{name}",
                    violation_error_message=_("同一联办单位不能重复添加。"),
                )
                for name in TARGET_FIELDS
            ],
        ]

    def __str__(self):
        return _("%(name)s（%(detail)s）") % {"name": self.target, "detail": self.get_role_display()}

    @property
    def kind(self):
        set_fields = [name for name in self.TARGET_FIELDS if getattr(self, f"{name}_id") is not None]
        return set_fields[0] if len(set_fields) == 1 else None

    @property
    def target(self):
        kind = self.kind
        return getattr(self, kind) if kind else None

    def derive_sector(self):
        kind = self.kind
        if kind == CoOrganizerKind.MEMBER_UNIT:
            return MEMBER_UNIT_SECTORS.get(self.member_unit.unit_type, Sector.ECONOMIC)
        return KIND_SECTORS.get(kind, "")

    def clean(self):
        super().clean()
        if self.kind is None:
            raise ValidationError(
                _("每个联办单位须且只能是妇联、成员单位、社会组织、团队或党组织中的一个。"), code="exactly_one"
            )
        self.sector = self.derive_sector()

    def save(self, *args, **kwargs):
        self.sector = self.derive_sector()
        super().save(*args, **kwargs)


class ActivityPhoto(BaseModel):
    """A photo of an activity (at most nine), checked to be a real JPEG, PNG or WebP image, stored with a
    random name, its metadata stripped, with a display copy and a thumbnail."""

    scope_path = "activity__federation"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos", verbose_name=_("活动"))
    image = GatedImageField(_("照片"), folder=PHOTO_FOLDER)
    display = GatedImageField(_("展示图"), folder=PHOTO_FOLDER, blank=True)
    thumbnail = GatedImageField(_("缩略图"), folder=PHOTO_FOLDER, blank=True)
    width = models.PositiveIntegerField(_("宽度"), default=0)
    height = models.PositiveIntegerField(_("高度"), default=0)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["activity", "order", "id"]
        indexes = [  # the media view finds a file's row by its name
            models.Index(fields=["image"], name="activity_photo_image"),
            models.Index(fields=["display"], name="activity_photo_display"),
            models.Index(fields=["thumbnail"], name="activity_photo_thumbnail"),
        ]

    def __str__(self):
        return self.caption or self.image.name.rsplit("/", 1)[-1]

    def delete_files(self):
        """Remove the three files now (files written for a save that failed); a deleted row's files go
        after the commit on their own (``GatedImageField``)."""
        for field in (self.image, self.display, self.thumbnail):
            if field:
                field.storage.delete(field.name)


class ActivityReach(BaseModel):
    """A federation an activity reached: the one that logged it, each federation co-organising it and
    each community it radiated to. Derived from the activity and rebuilt whenever it changes (no history).
    Counting activities for a federation is COUNT(DISTINCT activity) over the reach rows in its subtree,
    so an activity counts once per federation up the tree however many co-organisers share an ancestor."""

    scope_path = "activity__federation"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reach", verbose_name=_("活动"))
    federation = models.ForeignKey(
        "organizations.Federation", on_delete=models.PROTECT, related_name="activity_reach", verbose_name=_("妇联组织")
    )
    start = models.DateTimeField(_("开始时间"))
    via = models.CharField(_("途径"), max_length=20, choices=ReachVia.choices)

    class Meta:
        verbose_name = _("活动覆盖")
        verbose_name_plural = _("活动覆盖")
        ordering = ["activity", "federation"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "federation"], name="activity_reach_unique"),
        ]
        indexes = [models.Index(fields=["federation", "start"], name="activity_reach_fed_start")]

    def __str__(self):
        return f"{self.activity_id} → {self.federation_id}"
