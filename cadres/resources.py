"""Export of people for the admin, with personal data masked outside the edit scope; every full value
exported is recorded in ``PersonalDataAccess``. People are imported by ``cadres.importer`` only (one row, one
person and her post; an async job with a row-by-row report), not through this resource: so the export is laid
out as that importer reads it, one row per post (a person without a post: one row, post columns empty), and
the file imports back unchanged. Each row carries the person's 编号, by which the importer finds her again: a
masked phone or ID number in such a row means "keep what is stored"."""

import copy

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from import_export import fields, widgets

from core.imports import ScopedModelResource

from .choices import Appointment, Education, Gender, Position, Sector
from .importer import COLUMNS
from .models import Person, Post
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


def _post_column(attribute, widget=None):
    """A column of the exported row's post (``exported_post``), headed as the importer names it."""
    header = {field: header for header, field in COLUMNS.items()}[attribute]
    return fields.Field(
        attribute=f"exported_post__{attribute}", column_name=header, widget=widget or widgets.Widget(), readonly=True
    )


class PersonResource(ScopedModelResource):
    """Chinese headers and labels: the columns the people importer reads are named as it names them."""

    id = fields.Field(attribute="id", column_name=gettext_noop("编号"), widget=widgets.IntegerWidget(), readonly=True)
    federation = fields.Field(attribute="federation__name", column_name=gettext_noop("登记妇联"), readonly=True)
    # The federation of the row's post (where the importer files it), else the person's own.
    federation_code = fields.Field(attribute="row_federation_code", column_name=gettext_noop("妇联编码"), readonly=True)
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
    position = _post_column("position", LabelWidget(Position))
    term_number = _post_column("term_number")
    term_start = _post_column("term_start", widgets.DateWidget("%Y-%m-%d"))
    term_end = _post_column("term_end", widgets.DateWidget("%Y-%m-%d"))
    appointment = _post_column("appointment", LabelWidget(Appointment))
    in_two_committees = _post_column("in_two_committees", YesNo())
    in_party_committee = _post_column("in_party_committee", YesNo())
    team_name = _post_column("team_name")
    team_women_count = _post_column("team_women_count")

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
            "position",
            "term_number",
            "term_start",
            "term_end",
            "appointment",
            "in_two_committees",
            "in_party_committee",
            "team_name",
            "team_women_count",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.full_reads = {}

    def get_queryset(self):
        return with_full_access(super().get_queryset(), self.user)

    def iter_queryset(self, queryset):
        """One row per post of each person (posts and their federations prefetched: a fixed number of
        queries), one row for a person without a post."""
        posts = Prefetch("posts", queryset=Post.objects.select_related("federation").order_by("term_start", "id"))
        if hasattr(queryset, "prefetch_related"):
            queryset = queryset.select_related("federation").prefetch_related(posts)
        for person in super().iter_queryset(queryset):
            rows = list(person.posts.all()) or [None]
            for post in rows:
                row = copy.copy(person)
                row.exported_post = post
                row.row_federation_code = post.federation.code if post is not None else person.federation.code
                yield row

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
