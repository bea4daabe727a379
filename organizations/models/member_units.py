"""Member units (区域化成员单位) and their history of joining and leaving regional federations."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel, NaturallyNamed
from core.phones import PhoneField
from core.scope import visible_name

from ..choices import MEMBER_UNIT_LEVELS, MemberUnitType
from ..validators import validate_credit_code


def _check_level(federation, errors):
    if federation is not None and federation.level not in MEMBER_UNIT_LEVELS:
        errors["federation"] = _("成员单位只能加入街道（乡镇）或社区（村）的区域化妇联，不能加入“%(level)s”。") % {
            "level": federation.get_level_display()
        }


class MemberUnit(NaturallyNamed, BaseModel):
    """A member unit (区域化成员单位): a government organ, enterprise, public institution, "two new"
    organisation, industrial park, market or office building that has joined a street's (or a
    community's) regional federation. ``federation``/``joined_on``/``left_on`` describe its current (or
    last) membership; every period it has been a member is kept in ``MemberUnitMembership``."""

    unit_type = models.CharField(_("单位类型"), max_length=30, choices=MemberUnitType.choices, db_index=True)
    name = models.CharField(_("单位名称"), max_length=150, db_index=True)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18位，按 GB 32100 校验；不详可留空"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = PhoneField(_("联系电话"), max_length=30, blank=True)
    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="member_units",
        verbose_name=_("所加入的区域化妇联"),
    )
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    is_party_building_member = models.BooleanField(_("区域化党建成员单位"), default=False)
    women_count = models.PositiveIntegerField(_("女职工人数"), default=0)

    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("区域化成员单位")
        verbose_name_plural = _("区域化成员单位")
        ordering = ["federation_id", "sort_key", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="member_unit_unique_credit_code",
                violation_error_message=_("该统一社会信用代码已登记为成员单位，请在原记录上办理变更或重新加入。"),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="member_unit_left_after_joined",
                violation_error_message=_("退出日期不能早于加入日期。"),
            ),
        ]
        indexes = [models.Index(fields=["federation", "sort_key"], name="member_unit_natural_order")]

    def __str__(self):
        return self.name

    @property
    def is_current(self):
        return self.left_on is None

    def clean(self):
        super().clean()
        errors = {}
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = _("退出日期不能早于加入日期。")
        federation = self.federation if self.federation_id else None
        _check_level(federation, errors)
        if self.credit_code and self.left_on is None:
            elsewhere = (
                MemberUnit.objects.filter(credit_code=self.credit_code, left_on__isnull=True)
                .exclude(pk=self.pk)
                .select_related("federation")
                .first()
            )
            if elsewhere is not None:
                # Named only when the acting user may view it: out of scope must not be told.
                name = visible_name(elsewhere.federation)
                errors["federation"] = (
                    _("该单位已是“%(federation)s”的成员单位，同一时间只能加入一个区域化妇联，请先办理退出。")
                    % {"federation": name}
                    if name
                    else _("该单位已是其他区域化妇联的成员单位，同一时间只能加入一个区域化妇联，请先办理退出。")
                )
        if self.pk and self.joined_on and federation is not None:
            stored = MemberUnit.objects.filter(pk=self.pk).values("federation_id", "joined_on", "left_on").first()
            if stored and stored["federation_id"] != self.federation_id:
                since = stored["left_on"] or stored["joined_on"]
                if self.joined_on <= since and not (stored["left_on"] and self.joined_on == stored["left_on"]):
                    errors["joined_on"] = _("改加入其他妇联时，新的加入日期须晚于原%(what)s（%(date)s）。") % {
                        "what": _("退出日期") if stored["left_on"] else _("加入日期"),
                        "date": since.isoformat(),
                    }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.sync_membership()

    def sync_membership(self):
        """Keep the membership history in step: a new period when the unit moves or rejoins, otherwise
        the latest period takes this record's dates."""
        latest = self.memberships.order_by("-joined_on", "-id").first()
        new_period = latest is None or (
            latest.federation_id != self.federation_id
            or (latest.left_on is not None and self.joined_on >= latest.left_on and self.joined_on != latest.joined_on)
        )
        if not new_period:
            if (latest.joined_on, latest.left_on) != (self.joined_on, self.left_on):
                latest.joined_on, latest.left_on = self.joined_on, self.left_on
                latest.save(update_fields=["joined_on", "left_on", "updated_at"])
            return
        if latest is not None and (latest.left_on is None or latest.left_on > self.joined_on):
            latest.left_on = max(self.joined_on, latest.joined_on)
            latest.save(update_fields=["left_on", "updated_at"])
        MemberUnitMembership.objects.create(
            unit=self, federation_id=self.federation_id, joined_on=self.joined_on, left_on=self.left_on
        )


class MemberUnitMembership(BaseModel):
    """One period during which a member unit belonged to a regional federation (joined on, left on).
    A unit has at most one open period (enforced by the database), and periods never overlap."""

    # A period is part of its unit's record: it goes when the unit is deleted.
    unit = models.ForeignKey(
        MemberUnit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("成员单位")
    )
    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="member_unit_memberships",
        verbose_name=_("区域化妇联"),
    )
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("成员单位加入记录")
        verbose_name_plural = _("成员单位加入记录")
        ordering = ["unit_id", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(left_on__isnull=True),
                name="member_unit_one_open_membership",
                violation_error_message=_("同一单位同一时间只能加入一个区域化妇联。"),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message=_("退出日期不能早于加入日期。"),
            ),
        ]
        indexes = [models.Index(fields=["federation", "joined_on"], name="membership_fed_joined")]

    def __str__(self):
        end = self.left_on.isoformat() if self.left_on else _("至今")
        return _("%(name)s（%(detail)s）") % {
            "name": f"{self.unit} @ {self.federation}",
            "detail": f"{self.joined_on.isoformat()}—{end}",
        }

    def clean(self):
        super().clean()
        errors = {}
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = _("退出日期不能早于加入日期。")
        _check_level(self.federation if self.federation_id else None, errors)
        if self.unit_id and self.joined_on and "left_on" not in errors:
            others = MemberUnitMembership.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk)
            # Periods [joined, left) overlap when each starts before the other ends.
            overlap = others.filter(Q(left_on__isnull=True) | Q(left_on__gt=self.joined_on))
            if self.left_on is not None:
                overlap = overlap.filter(joined_on__lt=self.left_on)
            clash = overlap.select_related("federation").first()
            if clash is not None:
                name = visible_name(clash.federation)
                errors["joined_on"] = (
                    _("该单位在此期间已是“%(federation)s”的成员单位，同一时间只能加入一个区域化妇联。")
                    % {"federation": name}
                    if name
                    else _("该单位在此期间已是其他区域化妇联的成员单位，同一时间只能加入一个区域化妇联。")
                )
        if errors:
            raise ValidationError(errors)
