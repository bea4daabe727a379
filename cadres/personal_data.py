"""Personal information (个人信息): phone and ID number appear in full only inside the reader's edit
scope, masked elsewhere, and every full read is recorded in ``PersonalDataAccess``.

What decides is the person's OWNING federation (``person.federation``) and nothing else: a post, a team
lead, a women's organisation's leader or any other link in the reader's scope never unmasks a person
registered elsewhere (a chair could otherwise record a post for anyone she can view and read her ID
number). Linking such a person is refused in the first place (``link_scope = "edit"`` on ``Person``)."""

from django.db.models import BooleanField, Case, Q, Value, When

from core.masking import mask_id_number, mask_phone
from core.middleware import request_id_var
from core.scope import federation_in, subtree_q

from .models import PersonalDataAccess

PERSONAL_FIELDS = ("phone", "id_number")


MASKS = {"phone": mask_phone, "id_number": mask_id_number}


def edit_root(user):
    return None if user is None or not user.is_authenticated else user.edit_root


def covers(user, federation):
    """Whether ``user``'s edit scope covers ``federation`` (no query)."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or federation_in(edit_root(user), federation)


def with_full_access(people, user):
    """Annotate ``full_access`` on a Person queryset: the user edits the person's owning federation. One
    expression in the same query."""
    if user is not None and user.is_superuser:
        return people.annotate(full_access=Value(True, output_field=BooleanField()))
    root = edit_root(user)
    if root is None:
        return people.annotate(full_access=Value(False, output_field=BooleanField()))
    return people.annotate(
        full_access=Case(
            When(Q(subtree_q("federation", root)), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def person_full_access(user, person):
    """Whether ``user`` may see ``person``'s personal data in full: her edit scope covers the person's
    owning federation (the annotation if loaded, else no query beyond the person's federation)."""
    value = getattr(person, "full_access", None)
    if value is not None:
        return value
    return covers(user, person.federation)


def present(data, full, reads, person_id, fields=PERSONAL_FIELDS):
    """Mask ``fields`` in ``data`` unless ``full``; note the person in ``reads`` when shown in full."""
    shown = []
    for name in fields:
        if name not in data or not data[name]:
            continue
        if full:
            shown.append(name)
        else:
            data[name] = MASKS[name](data[name])
    if shown and reads is not None:
        reads.setdefault(person_id, set()).update(shown)
    return data


def record_reads(user, reads, path=""):
    """One ``PersonalDataAccess`` row per person shown in full: one INSERT for the whole response."""
    if not reads or user is None or not user.is_authenticated:
        return
    request_id = request_id_var.get()
    PersonalDataAccess.objects.bulk_create(
        [
            PersonalDataAccess(
                user=user,
                person_id=person_id,
                fields=",".join(sorted(fields)),
                request_id="" if request_id == "-" else request_id,
                path=path[:300],
            )
            for person_id, fields in reads.items()
        ]
    )


class PersonalDataMixin:
    """For viewsets whose serializers show personal data: collects the full reads of the response and
    records them once it is answered successfully."""

    def personal_data_reads(self):
        if not hasattr(self, "_personal_data_reads"):
            self._personal_data_reads = {}
        return self._personal_data_reads

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["personal_data_reads"] = self.personal_data_reads()
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        reads = getattr(self, "_personal_data_reads", None)
        if reads and 200 <= response.status_code < 300:
            record_reads(request.user, reads, request.get_full_path())
            reads.clear()
        return response
