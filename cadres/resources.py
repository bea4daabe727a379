"""Export of people for the admin, with personal data masked outside the edit scope; every full value
exported is recorded in ``PersonalDataAccess``. People are imported by ``cadres.importer`` only (one row, one
person and her post; an async job with a row-by-row report), not through this resource."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from import_export import fields, widgets

from core.imports import ScopedModelResource

from .choices import Education, Gender, Sector
from .importer import COLUMNS
from .models import Person
from .personal_data import MASKS, PERSONAL_FIELDS, record_reads, with_full_access


class LabelWidget(widgets.Widget):
    """A choice exported as its Chinese label (女, 本科), as the people importer reads it back."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class YesNo(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return _("是") if value else _("否")


def _column(attribute, widget=None, readonly=True):
    """A column headed as the people importer names it (``cadres.importer.COLUMNS``), else the field's name."""
    header = {field: header for header, field in COLUMNS.items()}.get(attribute)
    if header is None:
        header = str(Person._meta.get_field(attribute).verbose_name)
    return fields.Field(attribute=attribute, column_name=header, widget=widget or widgets.Widget(), readonly=readonly)


class PersonResource(ScopedModelResource):
    """Chinese headers and labels: the columns the people importer reads are named as it names them."""

    id = fields.Field(attribute="id", column_name=gettext_noop("编号"), widget=widgets.IntegerWidget(), readonly=True)
    federation = fields.Field(attribute="federation__name", column_name=gettext_noop("登记妇联"), readonly=True)
    federation_code = fields.Field(attribute="federation__code", column_name=gettext_noop("妇联编码"), readonly=True)
    name = _column("name")
    gender = _column("gender", LabelWidget(Gender))
    birth_year = _column("birth_year")
    phone = _column("phone")
    id_number = _column("id_number")
    education = _column("education", LabelWidget(Education))
    sector = _column("sector", LabelWidget(Sector))
    occupation = _column("occupation")
    in_system = _column("in_system", YesNo())
    public_profile = _column("public_profile", YesNo())

    class Meta(ScopedModelResource.Meta):
        model = Person
        fields = [
            "id",
            "federation",
            "federation_code",
            "name",
            "gender",
            "birth_year",
            "phone",
            "id_number",
            "education",
            "sector",
            "occupation",
            "in_system",
            "public_profile",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.full_reads = {}

    def get_queryset(self):
        return with_full_access(super().get_queryset(), self.user)

    def _personal(self, person, name):
        value = getattr(person, name)
        if not value:
            return value
        if getattr(person, "full_access", False) and person.pk is not None:
            self.full_reads.setdefault(person.pk, set()).add(name)
            return value
        return MASKS[name](value)

    def dehydrate_phone(self, person):
        return self._personal(person, "phone")

    def dehydrate_id_number(self, person):
        return self._personal(person, "id_number")

    def export(self, *args, **kwargs):
        data = super().export(*args, **kwargs)
        record_reads(self.user, self.full_reads, "admin-export")
        self.full_reads = {}
        return data


__all__ = ["PERSONAL_FIELDS", "PersonResource"]
