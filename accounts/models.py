"""Accounts: every user has a role and a home federation that bounds what she sees and edits."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token
from simple_history.models import HistoricalRecords

from core.phones import PhoneField
from core.scope import ScopedQuerySet, federation_in, subtree_q


class Role(models.TextChoices):
    CITY_OFFICE = "city_office", _("市妇联工作人员")
    DISTRICT_STAFF = "district_staff", _("区妇联工作人员")
    STREET_STAFF = "street_staff", _("街道妇联工作人员")
    COMMUNITY_CHAIR = "community_chair", _("社区（村）妇联主席")
    VIEWER = "viewer", _("只读用户")


ROLE_RANK = {
    Role.CITY_OFFICE: 50,
    Role.DISTRICT_STAFF: 40,
    Role.STREET_STAFF: 30,
    Role.COMMUNITY_CHAIR: 20,
    Role.VIEWER: 10,
}

# Roles that work in the admin site; community chairs use the mobile web forms.
STAFF_ROLES = {Role.CITY_OFFICE, Role.DISTRICT_STAFF, Role.STREET_STAFF, Role.VIEWER}


NOT_MANAGED = _(
    "只能管理级别低于本人的账号（同级账号须属于本人妇联的下级组织），且其所属妇联和查看范围都须在本人管辖范围内。"
)
# Changes to these revoke the account's API tokens (a token must not outlive the grant it was issued under).
TOKEN_BOUND_FIELDS = ("password", "role", "federation_id", "view_federation_id", "is_active", "is_superuser")


class UserQuerySet(ScopedQuerySet):
    def managed_by(self, user):
        """The accounts ``user`` may change: the rule of ``User.may_manage`` as one filter (a test checks that
        the two agree for every pair of users)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        root = user.edit_root
        if root is None:
            return self.none()
        lower = [role for role, rank in ROLE_RANK.items() if rank < user.role_rank]
        same = [role for role, rank in ROLE_RANK.items() if rank == user.role_rank]
        return (
            self.filter(subtree_q("federation", root), is_superuser=False)
            .filter(Q(view_federation__isnull=True) | subtree_q("view_federation", root))
            .filter(Q(role__in=lower) | Q(role__in=same, federation__lft__gt=root.lft))
            .exclude(pk=user.pk)
        )


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True


class User(AbstractUser):
    """A person who signs in: district staff, a community chair, the city office or a read-only viewer.

    ``federation`` is the home federation: the subtree she edits. ``view_federation``, when set, is a
    wider subtree she may read (DHIS2's data-view units beside its data-entry units).
    """

    scope_path = "federation"

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属妇联"),
        help_text=_("可编辑范围：本组织及其全部下级"),
    )
    view_federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("查看范围"),
        help_text=_("可选：比编辑范围更宽的查看范围，须为所属妇联本身或其上级"),
    )
    phone = PhoneField(_("手机号"), max_length=20, blank=True, mobile=True)
    must_change_password = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("密码由他人设置或重置后，本人下次登录须先修改密码。"),
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    @property
    def role_rank(self):
        return 100 if self.is_superuser else ROLE_RANK.get(self.role, 0)

    @property
    def is_city_office(self):
        return self.is_superuser or self.role == Role.CITY_OFFICE

    @property
    def can_edit(self):
        return self.is_active and (self.is_superuser or (self.role != Role.VIEWER and self.federation_id is not None))

    @cached_property
    def edit_root(self):
        if not self.can_edit or self.federation_id is None:
            return None
        return self.federation

    @cached_property
    def view_root(self):
        return self.view_federation if self.view_federation_id else self.federation

    def clean(self):
        super().clean()
        if self.role != Role.CITY_OFFICE and not self.is_superuser and self.federation_id is None:
            raise ValidationError({"federation": _("除超级管理员外，每个账号都必须指定所属妇联。")})
        if self.view_federation_id and self.federation_id:
            view, home = self.view_federation, self.federation
            if not (view.tree_id == home.tree_id and view.lft <= home.lft and home.rght <= view.rght):
                raise ValidationError({"view_federation": _("查看范围必须是所属妇联本身或其上级。")})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_token_bound_fields()
        return instance

    def _remember_token_bound_fields(self, names=TOKEN_BOUND_FIELDS):
        loaded = self.__dict__.setdefault("_token_bound", {})
        loaded.update({name: self.__dict__[name] for name in names if name in self.__dict__})

    def save(self, *args, **kwargs):
        self.is_staff = self.is_superuser or self.role in STAFF_ROLES
        update_fields = kwargs.get("update_fields")
        watched = [f for f in TOKEN_BOUND_FIELDS if update_fields is None or f.removesuffix("_id") in update_fields]
        loaded = self.__dict__.get("_token_bound", {})
        changed = {f for f in watched if f in loaded and loaded[f] != getattr(self, f)}
        adding = self._state.adding
        if adding or "password" in changed:
            self._note_who_set_the_password()
            if update_fields is not None and "must_change_password" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "must_change_password"]
        super().save(*args, **kwargs)
        if changed and not adding:
            Token.objects.filter(user_id=self.pk).delete()
        self._remember_token_bound_fields(watched)
        self.__dict__.pop("edit_root", None)
        self.__dict__.pop("view_root", None)

    def _note_who_set_the_password(self):
        """A password set by someone else (a manager in the admin or the API) must be changed at the next
        login; one she sets herself lifts that. Outside a request (shell, adduser) the flag is left as set."""
        request = getattr(HistoricalRecords.context, "request", None)
        actor = getattr(request, "user", None)
        if actor is not None and actor.is_authenticated:
            self.must_change_password = actor.pk != self.pk

    def may_manage(self, target):
        """Whether this user may change (or create) the account ``target`` as it stands in memory.

        The one rule for the API, the admin (lists, change and password pages, actions, tokens) and
        ``manage.py adduser --by``. A user manages only accounts strictly below her:

        * a LOWER rank anywhere in her edit subtree, or the SAME rank only in a strict sub-subtree (her
          federation is a proper ancestor of theirs; e.g. district staff homed at a street of her district);
        * both of the target's roots, ``federation`` and ``view_federation``, inside her edit subtree (so a
          viewer who reads the whole city is managed only by someone who edits the whole city);
        * never herself, never a superuser (superusers manage everyone); viewers manage nobody.

        Callers check the account as stored and as it would be after the change (``account_change_error``).
        ``User.objects.managed_by(user)`` is the same rule as a query.
        """
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        if target.is_superuser or (target.pk is not None and target.pk == self.pk):
            return False
        root = self.edit_root
        if root is None or target.federation_id is None:
            return False
        home = target.federation
        if not federation_in(root, home):
            return False
        if target.view_federation_id is not None and not federation_in(root, target.view_federation):
            return False
        rank = ROLE_RANK.get(target.role, 100)
        return rank < self.role_rank or (rank == self.role_rank and home.pk != root.pk)

    def account_change_error(self, target, before=None):
        """Why this user may not turn the account ``before`` (as stored; None for a new one) into ``target``,
        in Chinese; None when she may. Both states must be hers to manage; nobody deactivates herself or
        lowers her own role (only a superuser reaches her own account here)."""
        if before is not None and not self.may_manage(before):
            return NOT_MANAGED
        if not self.may_manage(target):
            return NOT_MANAGED
        if before is not None and before.pk == self.pk:
            if not target.is_active:
                return _("不能停用本人账号。")
            lowered = ROLE_RANK.get(target.role, 0) < ROLE_RANK.get(before.role, 0)
            if lowered or (before.is_superuser and not target.is_superuser):
                return _("不能降低本人的角色。")
        return None

    def sees_phone_of(self, target):
        """Account phones are shown in full to the account herself and to those who manage it."""
        return target.pk == self.pk or self.may_manage(target)


class ApiToken(Token):
    """DRF's API token as the admin shows it: named by its account and first characters, never by its key
    (DRF's own ``str(token)`` is the key, which the delete page and the admin log would repeat)."""

    class Meta:
        proxy = True
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self):
        return _("%(name)s（%(detail)s）") % {"name": self.user, "detail": f"{self.key[:6]}…"}


class MessageKind(models.TextChoices):
    REMINDER = "reminder", _("提醒")
    REVIEW = "review", _("审核结果")
    NOTICE = "notice", _("通知")


class Message(models.Model):
    """One message in one person's inbox (the message centre): a monthly reminder, a review result or a
    notice. Personal, not a tree record: only its recipient sees it (``core.scope.addressed_to``), whatever
    her role; reading it stamps ``read_at``; each sender that delivered it leaves a ``MessageDelivery``.
    Lower layers' records (a reminder per federation, an activity's review) stay where they are: the
    message carries their text and a link, so any app may post one without this layer knowing it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages", verbose_name=_("接收人")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=MessageKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="message_inbox"),
            # the header's unread count: only unread rows are indexed
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="message_unread"),
        ]

    def __str__(self):
        return self.title[:40]

    @property
    def is_read(self):
        return self.read_at is not None


class MessageDelivery(models.Model):
    """A sender (SMS, e-mail, console) delivered a message, and when."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    sender = models.CharField(_("发送渠道"), max_length=60)
    delivered_at = models.DateTimeField(_("送达时间"))

    class Meta:
        verbose_name = _("消息送达记录")
        verbose_name_plural = _("消息送达记录")
        constraints = [models.UniqueConstraint(fields=["message", "sender"], name="message_delivered_once")]

    def __str__(self):
        return f"{self.message_id} {self.sender}"
