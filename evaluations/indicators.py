"""The five indicators: their components, default settings and the parameters the city office may set.

Each indicator is value = numerator ÷ denominator, where both sum over the components that count
(``params["components"]`` chooses them; by default those marked counted below). Components that are rates
rather than shares (activities per home per month) are shown beside the indicator but never summed in.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import Indicator


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    counted: bool = True
    share: bool = True  # a share of 0–1 that may be pooled; False: a rate shown for information


@dataclass(frozen=True)
class Spec:
    code: str
    components: tuple
    target: Decimal
    weight: Decimal = Decimal("20")
    params: dict = field(default_factory=dict)  # name -> (type, minimum, maximum, default)
    note: str = ""


SPECS = {
    Indicator.COVERAGE: Spec(
        Indicator.COVERAGE,
        (
            Component("streets", _("街道（乡镇）妇联完成区域化建设")),
            Component("communities", _("社区（村）妇联完成区域化建设")),
            Component("member_units", _("成员单位中的区域化党建成员单位"), counted=False),
        ),
        target=Decimal("0.8"),
        note=_("截至期末，已完成区域化建设的街道（乡镇）和社区（村）妇联 ÷ 全部街道（乡镇）和社区（村）妇联。"),
    ),
    Indicator.IDENTITY: Spec(
        Indicator.IDENTITY,
        (
            Component("survey", _("受访妇女能说出本级妇联主席或执委")),
            Component("profiles", _("在任执委会成员公开亮身份（照片和电话）"), counted=False),
        ),
        target=Decimal("0.6"),
        note=_(
            "能说出本级妇联主席或执委的受访者 ÷ 回答该题的受访者；公开亮身份（照片和电话）的在任执委会成员占比"
            "另列。两者人数相差悬殊，合并计算会被人数多的一方左右，故默认不合并；可在计算参数中用 components 合并。"
        ),
    ),
    Indicator.COHESION: Spec(
        Indicator.COHESION,
        (
            Component("active_communities", _("月均开展活动达到要求的社区（村）")),
            Component("activities_per_home", _("每个妇女之家每月活动数"), counted=False, share=False),
        ),
        target=Decimal("0.6"),
        params={"min_activities_per_month": (float, 0.1, 100, 2)},
        note=_(
            "活动只登记参加人数、不登记参加者身份，无法统计“一年参加两次以上的妇女”；改以社区（村）为单位："
            "期内月均开展活动不少于设定次数的社区（村）÷ 全部社区（村）。另列每个妇女之家每月活动数。"
        ),
    ),
    Indicator.PRECISION: Spec(
        Indicator.PRECISION,
        (Component("consultations", _("维权咨询按时答复")),),
        target=Decimal("0.9"),
        params={"answer_within_days": (int, 0, 365, 7)},
        note=_("期内受理的维权咨询中，在设定天数内答复的 ÷ 已答复或已超期的（尚未到期的待答复咨询不计入）。"),
    ),
    Indicator.SATISFACTION: Spec(
        Indicator.SATISFACTION,
        (Component("survey", _("满意度测评")), Component("duty_ratings", _("述职评议"))),
        target=Decimal("0.9"),
        note=_("（满意 + 基本满意）÷ 作答人次，满意度测评与述职评议合并计算。"),
    ),
}


def param(setting_params, spec, name):
    kind, _low, _high, default = spec.params[name]
    value = (setting_params or {}).get(name, default)
    return kind(value)


def counted_components(spec, setting_params):
    chosen = (setting_params or {}).get("components")
    if chosen is None:
        return {c.key for c in spec.components if c.counted}
    return {c.key for c in spec.components if c.key in chosen and c.share}


def validate_params(code, params):
    spec = SPECS[code]
    if not isinstance(params, dict):
        raise ValidationError(_("计算参数必须是 JSON 对象。"))
    allowed = {"components", *spec.params}
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise ValidationError(_("未知的参数：%(names)s。") % {"names": "、".join(unknown)})
    if "components" in params:
        keys = {c.key for c in spec.components if c.share}
        chosen = params["components"]
        if not isinstance(chosen, list) or not chosen or not set(chosen) <= keys:
            raise ValidationError(
                _("components 须为以下分项中的一项或多项：%(keys)s。") % {"keys": "、".join(sorted(keys))}
            )
    for name, (kind, low, high, _default) in spec.params.items():
        if name not in params:
            continue
        value = params[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and value != int(value)):
            raise ValidationError(_("参数 %(name)s 必须是数字。") % {"name": name})
        if not low <= value <= high:
            raise ValidationError(
                _("参数 %(name)s 应在 %(low)s 到 %(high)s 之间。") % {"name": name, "low": low, "high": high}
            )
