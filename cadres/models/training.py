"""Cadre training under dual management (培训同步管理): a course organised by a federation or by the Party
organisation at the same level, its sessions, the cadres enrolled in it and their attendance per session
(hours credited, certificate). A course belongs to its organiser's federation; an enrolment and an attendance
belong to the cadre's own federation, so both the organiser (an ancestor) and the cadre's federation and the
lines above it see her training record."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel
from core.scope import federation_in

from ..choices import AttendanceStatus, TrainingTopic

MAX_SESSION_HOURS = Decimal("24")


class TrainingCourse(BaseModel):
    """A training course (培训班). Organised by a federation, or by the same-level Party organisation of a
    street or community federation (``organiser_party``, recorded with that federation): both lines of the
    dual management train the cadres."""

    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="training_courses",
        verbose_name=_("主办妇联"),
        help_text=_("由同级党组织主办时，填写与之同级的妇联"),
    )
    organiser_party = models.ForeignKey(
        "cadres.PartyOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_courses",
        verbose_name=_("主办党组织"),
        help_text=_("留空表示由妇联主办"),
    )
    title = models.CharField(_("培训名称"), max_length=100)
    topic = models.CharField(_("培训主题"), max_length=30, choices=TrainingTopic.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, help_text=_("全部课次的计划学时"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    online = models.BooleanField(_("线上培训"), default=False)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True, help_text=_("留空表示不限"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cadres_course_date_order",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return _("%(name)s（%(detail)s）") % {"name": self.title, "detail": f"{self.starts_on:%Y-%m-%d}"}

    @property
    def organiser_name(self):
        return self.organiser_party.name if self.organiser_party_id else self.federation.name

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("结束日期不能早于开始日期。")
        if self.hours is not None and not Decimal("0") < self.hours <= Decimal("500"):
            errors["hours"] = _("学时应在 0 到 500 之间。")
        if not self.online and not self.place:
            errors["place"] = _("线下培训须填写地点。")
        if self.organiser_party_id and self.federation_id and self.organiser_party.federation_id != self.federation_id:
            errors["organiser_party"] = _("主办党组织须与主办妇联同级。")
        if errors:
            raise ValidationError(errors)


class TrainingSession(BaseModel):
    """One session (课次) of a course: its day, hours and subject. Attendance is taken per session."""

    scope_path = "course__federation"

    course = models.ForeignKey(
        TrainingCourse, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("培训班")
    )
    held_on = models.DateField(_("日期"))
    subject = models.CharField(_("课程内容"), max_length=100, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("培训课次")
        verbose_name_plural = _("培训课次")
        ordering = ["course_id", "held_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "held_on", "subject"],
                name="cadres_one_session_per_day_subject",
                violation_error_message=_("该培训班当天已有同名课次。"),
            ),
        ]

    def __str__(self):
        label = f"{self.course.title} {self.held_on:%Y-%m-%d}"
        return f"{label} {self.subject}" if self.subject else label

    def clean(self):
        super().clean()
        errors = {}
        if self.hours is not None and not Decimal("0") < self.hours <= MAX_SESSION_HOURS:
            errors["hours"] = _("单次课学时应在 0 到 24 之间。")
        if self.course_id and self.held_on and not self.course.starts_on <= self.held_on <= self.course.ends_on:
            errors["held_on"] = _("课次日期须在培训班起止日期之内。")
        if errors:
            raise ValidationError(errors)


def check_cadre(person, course):
    """Why ``person`` may not be enrolled in ``course`` (a message), or None: she must hold a post, and be
    registered inside the organiser's subtree (enrolled by her federation or by the organiser above her)."""
    if not person.posts.filter(ended_on__isnull=True).exists():
        return _("只有在任干部（有任职记录）可以报名培训。")
    if not federation_in(course.federation, person.federation):
        return _("该人员不在主办单位的管理范围内。")
    return None


class TrainingEnrolment(BaseModel):
    """A cadre enrolled in a course, by her federation or by the organiser. Owned by her federation."""

    scope_path = "person__federation"

    course = models.ForeignKey(
        TrainingCourse, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("培训班")
    )
    person = models.ForeignKey(
        "cadres.Person", on_delete=models.PROTECT, related_name="training_enrolments", verbose_name=_("学员")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("培训报名")
        verbose_name_plural = _("培训报名")
        ordering = ["course_id", "person_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"],
                name="cadres_one_enrolment_per_course",
                violation_error_message=_("该学员已报名此培训班。"),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.course.title}"

    def clean(self):
        super().clean()
        if not (self.course_id and self.person_id):
            return
        problem = check_cadre(self.person, self.course)
        if problem:
            raise ValidationError({"person": problem})
        capacity = self.course.capacity
        if capacity is not None and (
            TrainingEnrolment.objects.filter(course_id=self.course_id).exclude(pk=self.pk).count() >= capacity
        ):
            raise ValidationError({"course": _("该培训班名额已满（%(n)d 人）。") % {"n": capacity}})


class TrainingAttendance(BaseModel):
    """A cadre's attendance at one session: present, late, or absent with a reason; the hours credited
    (the session's hours unless fewer are given; none when absent) and an optional certificate number."""

    scope_path = "person__federation"

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("课次")
    )
    person = models.ForeignKey(
        "cadres.Person", on_delete=models.PROTECT, related_name="training_attendances", verbose_name=_("学员")
    )
    status = models.CharField(
        _("出勤"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    absence_reason = models.CharField(_("缺席原因"), max_length=200, blank=True)
    hours_credited = models.DecimalField(
        _("认定学时"), max_digits=4, decimal_places=1, null=True, blank=True, help_text=_("留空则按课次学时认定")
    )
    certificate_number = models.CharField(_("结业证书编号"), max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("培训出勤")
        verbose_name_plural = _("培训出勤")
        ordering = ["session_id", "person_id"]
        indexes = [models.Index(fields=["person", "session"], name="cadres_attendance_person")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="cadres_one_attendance_per_session",
                violation_error_message=_("该学员本课次已登记出勤。"),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.session} · {self.get_status_display()}"

    def fill_hours(self):
        if self.status == AttendanceStatus.ABSENT:
            self.hours_credited = Decimal("0")
        elif self.hours_credited is None and self.session_id:
            self.hours_credited = self.session.hours

    def save(self, *args, **kwargs):
        self.fill_hours()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.status == AttendanceStatus.ABSENT:
            if not self.absence_reason.strip():
                errors["absence_reason"] = _("缺席须填写原因。")
            if self.hours_credited:
                errors["hours_credited"] = _("缺席不认定学时。")
        elif self.absence_reason:
            errors["absence_reason"] = _("只有缺席填写原因。")
        if self.session_id:
            if self.hours_credited is not None and not Decimal("0") <= self.hours_credited <= self.session.hours:
                errors["hours_credited"] = _("认定学时应在 0 到本课次学时（%(h)s）之间。") % {"h": self.session.hours}
            if (
                self.person_id
                and not getattr(self, "enrolment_checked", False)  # the sign-in sheet enrols as it goes
                and not TrainingEnrolment.objects.filter(
                    course_id=self.session.course_id, person_id=self.person_id
                ).exists()
            ):
                errors["person"] = _("该人员未报名此培训班。")
        if errors:
            raise ValidationError(errors)
        self.fill_hours()
