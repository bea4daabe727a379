"""People, their posts (with terms) and the same-level Party organisation of a federation."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from core.images import GatedImageField
from core.models import BaseModel
from core.phones import PhoneField
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS, Level

from ..choices import (
    EXECUTIVE_POSITIONS,
    Appointment,
    Education,
    Gender,
    PartyOrganizationType,
    Position,
    Sector,
)
from ..validators import id_birth_year, id_gender, validate_id_number


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def default_term_end(start):
    """A term (届) lasts ``settings.TERM_LENGTH_YEARS`` years: it ends the day before the anniversary."""
    return add_years(start, settings.TERM_LENGTH_YEARS) - datetime.timedelta(days=1)


class Person(BaseModel):
    """A woman (or man) who serves a federation: chair, vice chair, executive member (执委) or women's
    representative (妇女代表). She belongs to the federation that registered her; her posts, possibly in
    several federations over time, are ``Post`` rows. Phone and ID number are personal information: shown
    in full only inside the reader's edit scope."""

    # Only people of the user's edit scope may be linked (a post, a team lead, a leader): a link must not
    # bring a person into a scope that would unmask her (core.scope ``linkable_by``).
    link_scope = "edit"

    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="registered_people",
        verbose_name=_("登记妇联"),
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, default=Gender.FEMALE)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    phone = PhoneField(_("手机号"), max_length=20, blank=True, mobile=True)
    id_number = models.CharField(
        _("身份证号"), max_length=18, blank=True, validators=[validate_id_number], help_text=_("可选，18位居民身份证号")
    )
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    sector = models.CharField(_("所在领域"), max_length=30, choices=Sector.choices, blank=True)
    occupation = models.CharField(_("工作单位及职务"), max_length=100, blank=True)
    in_system = models.BooleanField(_("体制内"), default=False, help_text=_("党政机关、事业单位、国有企业人员"))
    photo = GatedImageField(_("照片"), folder="cadres/photos/%Y", blank=True)
    public_profile = models.BooleanField(
        _("公开亮身份"), default=False, help_text=_("在公开页面展示照片和职务（亮身份、亮作为、亮服务）")
    )
    bio = models.TextField(_("简介"), blank=True)
    archived_at = models.DateTimeField(
        _("归档时间"), null=True, blank=True, db_index=True, help_text=_("已归档的人员保留全部记录，可随时恢复")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["photo"], name="cadres_person_photo")]  # the media view's lookup
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="cadres_person_unique_id_number",
                violation_error_message=_("该身份证号已登记。"),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.id_number = (self.id_number or "").strip().upper()
        if self.birth_year and not 1900 <= self.birth_year <= dates.today().year:
            raise ValidationError({"birth_year": _("出生年份不合理。")})
        size = getattr(self.photo, "size", 0) if self.photo else 0
        if size and size > settings.MAX_PHOTO_BYTES:
            raise ValidationError(
                {"photo": _("照片不能超过 %(mb)d MB。") % {"mb": settings.MAX_PHOTO_BYTES // (1024 * 1024)}}
            )
        if self.id_number and len(self.id_number) == 18 and self.id_number[:17].isdigit():
            errors = {}
            if self.birth_year and self.birth_year != id_birth_year(self.id_number):
                errors["birth_year"] = _("出生年份与身份证号不一致。")
            if self.gender and self.gender != id_gender(self.id_number):
                errors["gender"] = _("性别与身份证号不一致。")
            if errors:
                raise ValidationError(errors)
            if not self.birth_year:
                self.birth_year = id_birth_year(self.id_number)

    def save(self, *args, **kwargs):
        self.id_number = (self.id_number or "").strip().upper()
        if self.id_number and not self.birth_year and self.id_number[6:10].isdigit():
            self.birth_year = id_birth_year(self.id_number)
        super().save(*args, **kwargs)


class PartyOrganization(BaseModel):
    """The Party organisation at the same level as a street or community federation (e.g. a street's
    Party working committee 党工委, a community's Party branch 党支部). Street and community chairs are
    managed jointly by it and by the federation one level up (联管), and report to both."""

    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="party_organizations",
        verbose_name=_("所属妇联"),
        help_text=_("与之同级的街道或社区（村）妇联"),
    )
    name = models.CharField(_("名称"), max_length=100)
    org_type = models.CharField(_("类型"), max_length=20, choices=PartyOrganizationType.choices)
    secretary = models.CharField(_("书记"), max_length=50, blank=True)
    contact = PhoneField(_("联系电话"), max_length=30, blank=True, mobile=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("同级党组织")
        verbose_name_plural = _("同级党组织")
        ordering = ["federation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation"],
                name="cadres_one_party_org_per_federation",
                violation_error_message=_("该妇联已登记同级党组织。"),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.federation_id and self.federation.level not in (*STREET_LEVELS, *COMMUNITY_LEVELS):
            raise ValidationError({"federation": _("只有街道（乡镇）和社区（村）妇联登记同级党组织。")})


class Post(BaseModel):
    """A person's post in one federation for one term (届): chair, vice chair (full- or part-time),
    executive member or women's representative. Elected, or appointed (聘任) as community part-time vice
    chairs are, from leaders of a team of at least 20 women. A post is sitting until ``ended_on``; a
    federation has at most one sitting chair."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="posts", verbose_name=_("人员"))
    federation = models.ForeignKey(
        "organizations.Federation", on_delete=models.PROTECT, related_name="cadre_posts", verbose_name=_("任职妇联")
    )
    position = models.CharField(_("职务"), max_length=30, choices=Position.choices, db_index=True)
    term_number = models.PositiveSmallIntegerField(_("届次"), default=1, help_text=_("第几届"))
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期届满"), blank=True, help_text=_("留空则按任期年限自动计算"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True, help_text=_("留空表示在任"))
    appointment = models.CharField(
        _("产生方式"), max_length=20, choices=Appointment.choices, default=Appointment.ELECTED
    )
    in_two_committees = models.BooleanField(_("两委成员"), default=False, help_text=_("社区（村）党组织和居（村）委会"))
    in_party_committee = models.BooleanField(_("同级党组织班子成员"), default=False, help_text=_("如街道党工委委员"))
    team_name = models.CharField(_("所带团队"), max_length=100, blank=True, help_text=_("聘任的兼职副主席填写"))
    team_women_count = models.PositiveIntegerField(_("团队女性人数"), null=True, blank=True)
    election = models.ForeignKey(
        "cadres.Election",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("产生于选举"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        ordering = ["federation_id", "position", "-term_start", "id"]
        indexes = [
            models.Index(fields=["federation", "position", "ended_on"], name="cadres_post_sitting"),
            # A cadre's first executive post and "who began before day X" (cadres.training), read index-only.
            models.Index(
                fields=["person", "term_start"],
                name="cadres_post_executive_start",
                condition=models.Q(position__in=[str(position) for position in EXECUTIVE_POSITIONS]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["federation"],
                condition=Q(position=Position.CHAIR, ended_on__isnull=True),
                name="cadres_one_sitting_chair",
                violation_error_message=_("该妇联已有在任主席，请先为原主席登记离任日期。"),
            ),
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")),
                name="cadres_post_term_order",
                violation_error_message=_("任期届满日期不能早于任期开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("term_start")),
                name="cadres_post_ended_after_start",
                violation_error_message=_("离任日期不能早于任期开始日期。"),
            ),
        ]

    def __str__(self):
        return _("%(person)s · %(position)s（第%(term)s届）") % {
            "person": self.person,
            "position": self.get_position_display(),
            "term": self.term_number,
        }

    @property
    def is_sitting(self):
        return self.ended_on is None

    def save(self, *args, **kwargs):
        if self.term_start and not self.term_end:
            self.term_end = default_term_end(self.term_start)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.term_start and not self.term_end:
            self.term_end = default_term_end(self.term_start)
        errors = {}
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = _("任期届满日期不能早于任期开始日期。")
        if self.term_start and self.ended_on and self.ended_on < self.term_start:
            errors["ended_on"] = _("离任日期不能早于任期开始日期。")
        leads_team = self.position == Position.VICE_CHAIR_PARTTIME and self.appointment == Appointment.APPOINTED
        if leads_team and (not self.team_name or self.team_women_count is None):
            errors["team_women_count"] = _("聘任的兼职副主席须填写所带团队及其女性人数。")
        if not leads_team and (self.team_name or self.team_women_count is not None):
            errors["team_name"] = _("只有聘任的兼职副主席填写所带团队。")
        federation = self.federation if self.federation_id else None
        if federation is not None:
            if federation.level == Level.GRID_GROUP:
                errors["federation"] = _("网格妇女小组不设主席、副主席和执委，请在其上级社区（村）妇联登记。")
            if self.in_two_committees and federation.level not in COMMUNITY_LEVELS:
                errors["in_two_committees"] = _("只有社区（村）妇联的任职可标记为两委成员。")
            if self.election_id and self.election.federation_id != federation.pk:
                errors["election"] = _("选举记录必须属于同一妇联。")
        if (
            federation is not None
            and self.position == Position.CHAIR
            and self.ended_on is None
            and Post.objects.filter(federation=federation, position=Position.CHAIR, ended_on__isnull=True)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["position"] = _("该妇联已有在任主席，请先为原主席登记离任日期。")
        if errors:
            raise ValidationError(errors)
