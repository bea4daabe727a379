"""Excel/CSV import and export of member units and women's organisations: all-or-nothing, each row checked
by the model's own rules and the importer's edit scope (``core.imports``), headers in Chinese."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from import_export.fields import Field
from import_export.widgets import BooleanWidget, DateWidget, IntegerWidget, Widget

from core.imports import ScopedForeignKeyWidget, ScopedModelResource, row_errors

from .choices import MemberUnitType, WomenOrganizationStatus, WomenOrganizationType
from .models import Federation, MemberUnit, WomenOrganization


class YesNoWidget(BooleanWidget):
    """是/否 in the spreadsheet (also 1/0, true/false)."""

    TRUE = {"是", "1", "true", "yes", "y", "√"}
    FALSE = {"否", "0", "false", "no", "n", ""}

    def clean(self, value, row=None, **kwargs):
        text = str(value).strip().lower() if value is not None else ""
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("请填写“是”或“否”。"))

    def render(self, value, obj=None, **kwargs):
        return _("是") if value else _("否")


class ChoiceWidget(Widget):
    """A choice by its code or its Chinese label; exported as the label."""

    def __init__(self, choices, default=None, **kwargs):
        super().__init__(**kwargs)
        self.choices, self.default = choices, default

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text and self.default:
            return self.default
        for code, label in self.choices.choices:
            if text in (code, str(label)):
                return code
        raise ValueError(
            _("“%(value)s”不是有效选项，可选：%(options)s。")
            % {"value": text, "options": "、".join(str(label) for _code, label in self.choices.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class LookupWidget(ScopedForeignKeyWidget):
    """A reference by a code column, looked up inside the importer's scope; missing or out of scope read
    the same."""

    def __init__(self, model, field, label, **kwargs):
        super().__init__(model, field=field, label=label, **kwargs)


class CountWidget(IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs) or 0
        except (ArithmeticError, TypeError, ValueError) as exc:
            raise ValueError(_("“%(value)s”不是整数，请填写数字。") % {"value": value}) from exc


class TextWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class CreditCodeWidget(TextWidget):
    """A credit code as people type it: spaces dropped, letters upper-cased (the validator then checks it)."""

    def clean(self, value, row=None, **kwargs):
        return "".join(super().clean(value, row, **kwargs).split()).upper()


class CreditCodeLookupWidget(LookupWidget):
    """A member unit by its credit code, typed in any case."""

    def clean(self, value, row=None, **kwargs):
        if value is not None and not isinstance(value, MemberUnit):
            value = "".join(str(value).split()).upper()
        return super().clean(value, row, **kwargs)


def _field(attribute, column, widget=None):
    return Field(attribute=attribute, column_name=column, widget=widget or TextWidget())


DATE = DateWidget(format="%Y-%m-%d")


class OrganizationResource(ScopedModelResource):
    """New rows leave 编号 empty; a file without that column is read as all new rows, each matched first on
    its natural key (``natural_keys``) so the same file imported twice makes no copies."""

    id = Field(attribute="id", column_name=gettext_noop("编号"), widget=IntegerWidget())

    class Meta(ScopedModelResource.Meta):
        import_id_fields = ["id"]

    def before_import(self, dataset, **kwargs):
        if "编号" not in (dataset.headers or []):
            dataset.append_col([""] * dataset.height, header="编号")
        super().before_import(dataset, **kwargs)


class MemberUnitResource(OrganizationResource):
    name = _field("name", gettext_noop("单位名称"))
    unit_type = _field("unit_type", gettext_noop("单位类型"), ChoiceWidget(MemberUnitType))
    credit_code = _field("credit_code", gettext_noop("统一社会信用代码"), CreditCodeWidget())
    address = _field("address", gettext_noop("地址"))
    contact_person = _field("contact_person", gettext_noop("联系人"))
    phone = _field("phone", gettext_noop("联系电话"))
    federation = _field("federation", gettext_noop("所加入妇联编码"), LookupWidget(Federation, "code", _("妇联组织")))
    joined_on = _field("joined_on", gettext_noop("加入日期"), DATE)
    left_on = _field("left_on", gettext_noop("退出日期"), DATE)
    is_party_building_member = _field("is_party_building_member", gettext_noop("区域化党建成员单位"), YesNoWidget())
    women_count = _field("women_count", gettext_noop("女职工人数"), CountWidget())

    # The same unit again in the same federation is the same record (by credit code, else by name); a credit
    # code held outside the importer's scope is the out-of-scope row error.
    template_example = {
        "name": "武汉某某科技有限公司",
        "unit_type": str(MemberUnitType.ENTERPRISE.label),
        "credit_code": "91420106MA4K11110X",
        "address": "武昌区中北路 1 号",
        "contact_person": "张女士",
        "phone": "13800000000",
        "federation": "（所加入的区域化妇联的编码）",
        "joined_on": "2024-05-01",
        "is_party_building_member": "否",
        "women_count": "12",
    }
    natural_keys = (("credit_code", "federation"), ("name", "federation"))
    unique_keys = (("credit_code",),)

    class Meta(OrganizationResource.Meta):
        model = MemberUnit
        fields = [
            "id",
            "name",
            "unit_type",
            "credit_code",
            "address",
            "contact_person",
            "phone",
            "federation",
            "joined_on",
            "left_on",
            "is_party_building_member",
            "women_count",
        ]


class WomenOrganizationResource(OrganizationResource):
    name = _field("name", gettext_noop("组织名称"))
    org_type = _field("org_type", gettext_noop("组织类型"), ChoiceWidget(WomenOrganizationType))
    founded_on = _field("founded_on", gettext_noop("成立日期"), DATE)
    federation = _field("federation", gettext_noop("所属妇联编码"), LookupWidget(Federation, "code", _("妇联组织")))
    host_unit = _field(
        "host_unit",
        gettext_noop("依托单位统一社会信用代码"),
        CreditCodeLookupWidget(MemberUnit, "credit_code", _("成员单位")),
    )
    member_count = _field("member_count", gettext_noop("成员人数"), CountWidget())
    status = _field(
        "status", gettext_noop("状态"), ChoiceWidget(WomenOrganizationStatus, WomenOrganizationStatus.ACTIVE)
    )
    dissolved_on = _field("dissolved_on", gettext_noop("撤销日期"), DATE)

    template_example = {
        "name": "某某公司女职工委员会",
        "org_type": str(WomenOrganizationType.choices[0][1]),
        "founded_on": "2020-03-08",
        "federation": "（所属妇联的编码）",
        "member_count": "30",
        "status": str(WomenOrganizationStatus.ACTIVE.label),
    }
    natural_keys = (("name", "federation"),)

    class Meta(OrganizationResource.Meta):
        model = WomenOrganization
        fields = [
            "id",
            "name",
            "org_type",
            "founded_on",
            "federation",
            "host_unit",
            "member_count",
            "status",
            "dissolved_on",
        ]


def run_import(resource_class, user, dataset, dry_run=True):
    """Import ``dataset`` as ``user``: all-or-nothing, every row checked. Returns (result, row errors)."""
    result = resource_class(user=user).import_scoped(dataset, dry_run=dry_run)
    return result, row_errors(result)
