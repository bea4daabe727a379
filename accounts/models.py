"""Accounts: every user has a role and a home federation that bounds what she sees and edits."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wuhan_fulian.phones import PhoneField
from wuhan_fulian.scope import ScopedQuerySet


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


class UserManager(DjangoUserManager.from_queryset(ScopedQuerySet)):
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

    def save(self, *args, **kwargs):
        self.is_staff = self.is_superuser or self.role in STAFF_ROLES
        super().save(*args, **kwargs)
        self.__dict__.pop("edit_root", None)
        self.__dict__.pop("view_root", None)

    def may_manage(self, role, federation):
        """Whether this user may create or change an account with ``role`` at ``federation``."""
        if self.is_superuser:
            return True
        if not self.can_edit or ROLE_RANK.get(role, 100) > self.role_rank:
            return False
        root = self.edit_root
        return (
            federation is not None
            and federation.tree_id == root.tree_id
            and root.lft <= federation.lft
            and federation.rght <= root.rght
        )
