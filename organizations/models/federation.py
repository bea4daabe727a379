"""The federation tree (组织联建): city → district → street → community/village → grid group."""

import simple_history
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey

from core.locks import tree_lock
from core.naturalsort import natural_key
from core.phones import PhoneField

from ..choices import ALLOWED_PARENT_LEVELS, COMMUNITY_LEVELS, STREET_LEVELS, Level
from ..managers import FederationManager


class Federation(MPTTModel):
    """A women's federation (妇联) at one level of the tree, from the city federation down to a grid
    group (网格妇女小组). Every record in the system belongs to one federation, and a user's scope is a
    subtree of these."""

    scope_path = ""

    parent = TreeForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级妇联"),
    )
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices, db_index=True)
    name = models.CharField(_("名称"), max_length=100)
    # The name in natural order (第二 before 第十一; core/naturalsort.py), kept by save() and the bulk writers,
    # so that lists of siblings can be sorted by the database.
    sort_key = models.CharField(_("排序键"), max_length=200, blank=True, default="", editable=False)
    code = models.CharField(
        _("编码"), max_length=32, unique=True, help_text=_("行政区划代码（如有），否则为系统生成的唯一编码")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = PhoneField(_("联系电话"), max_length=30, blank=True)
    regionalized_on = models.DateField(
        _("完成区域化建设日期"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("街道（乡镇）、社区（村）妇联完成区域化建设的日期；未完成则留空"),
    )
    is_brigade = models.BooleanField(
        _("农场大队"), default=False, help_text=_("村级妇联中的农场大队（会改联时与村一并改建）")
    )
    name_is_generated = models.BooleanField(
        _("名称为生成"), default=False, help_text=_("演示数据中按规则生成的名称，并非真实名称")
    )
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = FederationManager()

    class MPTTMeta:
        # "level" is the federation's administrative level; MPTT's depth gets another name.
        level_attr = "mptt_level"
        # Siblings in natural order (第二 before 第十, 2 before 10): so is every list in tree order (tree_id, lft),
        # the admin's changelist among them. The name breaks a tie of keys (第1网格 and 第一网格).
        order_insertion_by = ["sort_key", "name"]

    class Meta:
        verbose_name = _("妇联组织")
        verbose_name_plural = _("妇联组织")
        ordering = ["tree_id", "lft"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="federation_unique_name_per_parent",
                violation_error_message=_("同一上级妇联下已有同名组织。"),
            ),
            models.CheckConstraint(
                condition=models.Q(is_brigade=False) | models.Q(level=Level.VILLAGE),
                name="federation_brigade_is_village",
                violation_error_message=_("只有村级妇联可以标记为农场大队。"),
            ),
            models.CheckConstraint(
                condition=models.Q(regionalized_on__isnull=True)
                | models.Q(level__in=[*STREET_LEVELS, *COMMUNITY_LEVELS]),
                name="federation_regionalized_level",
                violation_error_message=_("只有街道（乡镇）和社区（村）妇联记录区域化建设完成日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["tree_id", "lft", "rght"], name="federation_tree_range"),
            models.Index(fields=["parent", "sort_key"], name="federation_sibling_order"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        parent = self.parent if self.parent_id else None
        allowed = ALLOWED_PARENT_LEVELS.get(self.level, set())
        if parent is None and allowed:
            errors["parent"] = _("“%(level)s”必须有上级妇联。") % {"level": self.get_level_display()}
        elif parent is None and Federation.objects.filter(parent__isnull=True).exclude(pk=self.pk).exists():
            # One tree, one root (the top level). The province scale's other cities are laid out by the
            # demo data set (demo/tree.py), not created one by one here.
            errors["parent"] = _("系统中已有顶级妇联，不能再新建没有上级的“%(level)s”。") % {
                "level": self.get_level_display()
            }
        elif parent is not None and parent.level not in allowed:
            errors["parent"] = _("“%(level)s”不能设在“%(parent)s”之下。") % {
                "level": self.get_level_display(),
                "parent": parent.get_level_display(),
            }
        if parent is not None and self.pk:
            stored = Federation.objects.filter(pk=self.pk).values("tree_id", "lft", "rght").first()
            fresh_parent = Federation.objects.filter(pk=parent.pk).values("tree_id", "lft").first()
            if (
                stored
                and fresh_parent
                and stored["tree_id"] == fresh_parent["tree_id"]
                and stored["lft"] <= fresh_parent["lft"] <= stored["rght"]
            ):
                errors["parent"] = _("不能把组织移到它自己或它的下级之下。")
        if self.pk and self.level:
            bad_children = (
                Federation.objects.filter(parent_id=self.pk)
                .exclude(level__in=[lvl for lvl, parents in ALLOWED_PARENT_LEVELS.items() if self.level in parents])
                .values_list("name", flat=True)[:3]
            )
            if bad_children:
                errors["level"] = _("改为该层级后，下级组织（%(names)s）将不再符合层级要求。") % {
                    "names": "、".join(bad_children)
                }
        if self.regionalized_on and self.level not in STREET_LEVELS + COMMUNITY_LEVELS:
            errors["regionalized_on"] = _("只有街道（乡镇）和社区（村）妇联记录区域化建设完成日期。")
        if self.is_brigade and self.level != Level.VILLAGE:
            errors["is_brigade"] = _("只有村级妇联可以标记为农场大队。")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # clean() reports these two with a field-level message; the database constraints stay as the backstop.
        super().validate_constraints(exclude={*(exclude or ()), "is_brigade", "regionalized_on"})

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        # Reload the MPTT fields under the lock: another writer may have shifted them since we read.
        with tree_lock("federation-tree"):
            if self.pk:
                self._mptt_refresh()
            if self.parent_id:
                self.parent._mptt_refresh()
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with tree_lock("federation-tree"):
            self._mptt_refresh()
            return super().delete(*args, **kwargs)


simple_history.register(
    Federation, excluded_fields=["lft", "rght", "tree_id", "mptt_level", "sort_key"], app="organizations"
)
