"""Export of people for the admin, with personal data masked outside the edit scope; every full value
exported is recorded in ``PersonalDataAccess``. People are imported by ``cadres.importer`` only (one row, one
person and her post; an async job with a row-by-row report), not through this resource."""

from import_export import fields

from core.imports import ScopedModelResource

from .models import Person
from .personal_data import MASKS, PERSONAL_FIELDS, record_reads, with_full_access


class PersonResource(ScopedModelResource):
    federation_code = fields.Field(attribute="federation__code", column_name="妇联编码", readonly=True)

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
