"""Excel import/export of venues, clusters and cluster membership: all-or-nothing, each row checked by the
models' own rules and the importer's scope (``core.imports``), headers in Chinese."""

from decimal import ROUND_HALF_UP, Decimal

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from import_export.fields import Field
from import_export.widgets import (
    BooleanWidget,
    CharWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    Widget,
)

from core.imports import ScopedForeignKeyWidget, ScopedModelResource, row_errors
from organizations.models import Federation

from .choices import SharingMode, VenueKind
from .models import ClusterMembership, Venue, VenueCluster


class YesNoWidget(BooleanWidget):
    """是/否 in the spreadsheet (also accepts 1/0, true/false)."""

    TRUE = {"是", "有", "1", "true", "yes", "y", "√", "✓"}
    FALSE = {"否", "无", "0", "false", "no", "n", ""}

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

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        for code, label in self.choices.choices:
            if text in (code, str(label)):
                return code
        raise ValueError(
            _("“%(value)s”不是有效选项，可选：%(options)s。")
            % {"value": text, "options": "、".join(str(label) for _code, label in self.choices.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class CodeWidget(ScopedForeignKeyWidget):
    """A reference by code inside the importer's scope, with one Chinese error for missing and out of scope."""

    def __init__(self, model, label, **kwargs):
        super().__init__(model, field="code", label=label, **kwargs)

    def not_found(self, value):
        return _("找不到编码为“%(code)s”的%(label)s，或不在您的管辖范围内。") % {"code": value, "label": self.label}


class NumberWidget(DecimalWidget):
    """A number, with a Chinese error for text that is not one (import-export's is a decimal exception)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ArithmeticError, TypeError, ValueError) as exc:
            raise ValueError(_("“%(value)s”不是数字。") % {"value": value}) from exc


class CoordinateWidget(NumberWidget):
    """A WGS84 longitude or latitude, rounded to the six decimals the database keeps (≈0.1 m), as the API
    rounds: a spreadsheet's 114.3500004 is not an error. Range and district are the model's checks."""

    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row, **kwargs)
        return None if number is None else number.quantize(Decimal("0.000001"), ROUND_HALF_UP)


class WholeNumberWidget(IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ArithmeticError, TypeError, ValueError) as exc:
            raise ValueError(_("“%(value)s”不是整数，请填写数字。") % {"value": value}) from exc


def _field(attribute, column, widget=None):
    return Field(attribute=attribute, column_name=column, widget=widget or CharWidget(allow_blank=True))


class VenueResource(ScopedModelResource):
    code = _field("code", gettext_noop("编码"))
    name = _field("name", gettext_noop("名称"))
    kind = _field("kind", gettext_noop("类型"), ChoiceWidget(VenueKind))
    federation = _field("federation", gettext_noop("运营妇联编码"), CodeWidget(Federation, _("妇联组织")))
    sharing_mode = _field("sharing_mode", gettext_noop("使用方式"), ChoiceWidget(SharingMode))
    provider_name = _field("provider_name", gettext_noop("场地提供方"))
    address = _field("address", gettext_noop("地址"))
    longitude = _field("longitude", gettext_noop("经度（WGS84）"), CoordinateWidget())
    latitude = _field("latitude", gettext_noop("纬度（WGS84）"), CoordinateWidget())
    area_m2 = _field("area_m2", "面积（平方米）", NumberWidget())
    opening_hours = _field("opening_hours", gettext_noop("开放时间"))
    phone = _field("phone", gettext_noop("联系电话"))
    opened_on = _field("opened_on", gettext_noop("启用日期"), DateWidget("%Y-%m-%d"))
    has_place = _field("has_place", gettext_noop("有场所"), YesNoWidget())
    has_facilities = _field("has_facilities", gettext_noop("有设施"), YesNoWidget())
    has_plan = _field("has_plan", gettext_noop("有计划"), YesNoWidget())
    has_rules = _field("has_rules", gettext_noop("有制度"), YesNoWidget())
    has_activities = _field("has_activities", gettext_noop("有活动"), YesNoWidget())
    has_results = _field("has_results", gettext_noop("有成效"), YesNoWidget())
    unified_name = _field("unified_name", gettext_noop("统一名称"), YesNoWidget())
    unified_sign = _field("unified_sign", gettext_noop("统一标牌"), YesNoWidget())
    unified_image = _field("unified_image", gettext_noop("统一形象"), YesNoWidget())
    star_rating = _field("star_rating", gettext_noop("星级"), WholeNumberWidget())

    template_example = {
        "code": "V0001",
        "name": "东亭社区妇女之家",
        "kind": str(VenueKind.choices[0][1]),
        "federation": "（运营妇联的编码）",
        "sharing_mode": str(SharingMode.choices[0][1]),
        "address": "武昌区东亭路 1 号",
        "longitude": "114.350000",
        "latitude": "30.550000",
        "area_m2": "60",
        "opened_on": "2021-03-08",
        "has_place": "是",
        "star_rating": "3",
    }

    class Meta(ScopedModelResource.Meta):
        model = Venue
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "kind",
            "federation",
            "sharing_mode",
            "provider_name",
            "address",
            "longitude",
            "latitude",
            "area_m2",
            "opening_hours",
            "phone",
            "opened_on",
            "has_place",
            "has_facilities",
            "has_plan",
            "has_rules",
            "has_activities",
            "has_results",
            "unified_name",
            "unified_sign",
            "unified_image",
            "star_rating",
        ]
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("federation")


class VenueClusterResource(ScopedModelResource):
    code = _field("code", gettext_noop("编码"))
    name = _field("name", gettext_noop("片区名称"))
    district = _field("district", gettext_noop("所在区编码"), CodeWidget(Federation, _("妇联组织")))
    description = _field("description", gettext_noop("说明"))

    template_example = {"code": "P0001", "name": "中南片区", "district": "（所在区妇联的编码）"}

    class Meta(ScopedModelResource.Meta):
        model = VenueCluster
        import_id_fields = ["code"]
        fields = ["code", "name", "district", "description"]
        export_order = fields


class ClusterMembershipResource(ScopedModelResource):
    """One row per home: its cluster and whether it is the demonstration home. A home is in one cluster,
    so a row for a home already in a cluster moves it."""

    cluster = _field("cluster", gettext_noop("片区编码"), CodeWidget(VenueCluster, _("片区")))
    venue = _field("venue", gettext_noop("妇女之家编码"), CodeWidget(Venue, _("阵地")))
    venue_name = Field(attribute="venue__name", column_name=gettext_noop("妇女之家名称"), readonly=True)
    is_demonstration = _field("is_demonstration", gettext_noop("市级示范妇女之家"), YesNoWidget())
    designated_on = _field("designated_on", gettext_noop("命名日期"), DateWidget("%Y-%m-%d"))

    template_example = {"cluster": "P0001", "venue": "V0001", "is_demonstration": "否", "designated_on": "2023-06-01"}

    class Meta(ScopedModelResource.Meta):
        model = ClusterMembership
        import_id_fields = ["venue"]
        fields = ["cluster", "venue", "venue_name", "is_demonstration", "designated_on"]
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("cluster", "venue")

    def before_import(self, dataset, **kwargs):
        # Clear the flags the file takes away before any row is saved (inside the import's transaction, so
        # a dry run or a failed import undoes it): moving a cluster's demonstration home from one home to
        # another must not trip the one-per-cluster rule because of the order of the rows.
        super().before_import(dataset, **kwargs)
        flag, venue = self.fields["is_demonstration"].column_name, self.fields["venue"].column_name
        if flag not in (dataset.headers or []) or venue not in dataset.headers:
            return
        widget = self.fields["is_demonstration"].widget
        cleared = []
        for row in dataset.dict:
            try:
                if not widget.clean(row[flag]):
                    cleared.append(str(row[venue]).strip())
            except ValueError:
                continue  # reported on its row
        ClusterMembership.objects.filter(venue__code__in=cleared, is_demonstration=True).editable_by(self.user).update(
            is_demonstration=False
        )


RESOURCES = {"venues": VenueResource, "clusters": VenueClusterResource, "memberships": ClusterMembershipResource}


def import_rows(kind, data, user, dry_run=True, file_format="xlsx"):
    """Import a spreadsheet (bytes) of ``kind``; all rows or none. Returns (result, [(row, [messages])])."""
    dataset = tablib.Dataset().load(data, format=file_format)
    resource = RESOURCES[kind](user=user)
    result = resource.import_scoped(dataset, dry_run=dry_run)
    return result, row_errors(result)


def export_rows(kind, queryset, file_format="xlsx"):
    """The rows of ``queryset`` as a spreadsheet; no cell is ever a live formula."""
    return RESOURCES[kind]().export_as(file_format, queryset=queryset)
