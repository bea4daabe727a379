import django_filters
from django.utils.translation import gettext_lazy as _

from wuhan_fulian.scope import subtree_q

from .choices import Level
from .models import Federation


def visible_federations(request):
    if request is None:
        return Federation.objects.all()
    return Federation.objects.visible_to(request.user)


class SubtreeFilter(django_filters.ModelChoiceFilter):
    """``ancestor``: rows whose federation (at ``field_name``) lies in the chosen federation's subtree, as a
    range on the MPTT fields (NetBox TreeNodeMultipleChoiceFilter), never a Python loop. ``parent`` stays
    a separate direct-children filter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", visible_federations)
        kwargs.setdefault("label", _("所属上级（含全部下级）"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        path = "" if self.field_name in ("", "self") else self.field_name
        return qs.filter(subtree_q(path, value))


class FederationFilterSet(django_filters.FilterSet):
    level = django_filters.MultipleChoiceFilter(choices=Level.choices, label=_("层级"))
    parent = django_filters.ModelMultipleChoiceFilter(queryset=visible_federations, label=_("直接上级"))
    ancestor = SubtreeFilter(field_name="self")
    archived = django_filters.BooleanFilter(
        field_name="archived_at", lookup_expr="isnull", exclude=True, label=_("已归档")
    )

    class Meta:
        model = Federation
        fields = ["level", "parent", "ancestor", "code", "archived"]
