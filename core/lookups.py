"""What a user may filter, search and sort on: one place for the admin and the API.

Masked fields (a cadre's phone and ID number, an account's phone, a survey sheet's device key) are shown
masked to most readers; a filter, a search or a sort on them would answer "does the number start with
18?" one request at a time. So they are never filtered, searched or sorted on by anyone but a superuser
(the policy: dropped for everyone else, rather than limited to the rows she may unmask, because a search
over the whole visible list would otherwise have to be split per row).

Search input is capped here too (terms and length), for the API's ``?search=``, the admin's ``?q=`` and
the page searches.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from core.scope import AnyUser

# model label (lower case) → fields never filtered, searched or sorted on (superusers excepted).
MASKED_FIELDS = {
    "cadres.person": {"phone", "id_number"},
    "accounts.user": {"phone", "password"},
    "evaluations.surveyresponse": {"device_key"},
    "authtoken.token": {"key"},
    "authtoken.tokenproxy": {"key"},
    "accounts.apitoken": {"key"},
}

SEARCH_MAX_TERMS = 10
SEARCH_MAX_LENGTH = 100


def masked_fields(model: type[models.Model]) -> set[str]:
    return MASKED_FIELDS.get(model._meta.label_lower, set())


def touches_masked(model: type[models.Model], path: str) -> bool:
    """Whether the ORM path ``path`` (``person__phone__startswith``, ``-phone``) reaches a masked field of
    ``model`` or of a model it passes through. An unknown part ends the walk (it is a lookup/transform)."""
    path = path.lstrip("-+@^=$")
    for part in path.split(LOOKUP_SEP):
        if part in masked_fields(model):
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


def may_use_masked(user: AnyUser | None) -> bool:
    return bool(user is not None and getattr(user, "is_superuser", False) and user.is_active)


def allowed_paths(model: type[models.Model], paths: Iterable[str], user: AnyUser | None) -> list[str]:
    """``paths`` (search fields, ordering fields...) without the ones reaching a masked field, unless
    ``user`` may use them."""
    if may_use_masked(user):
        return list(paths)
    return [path for path in paths if not touches_masked(model, str(path))]


class SearchTooComplex(ValidationError):
    pass


def search_terms(text: str | None) -> list[str]:
    """The terms of a search as Django's admin and DRF split them (quotes group words); refuses more than
    ``SEARCH_MAX_TERMS`` terms or ``SEARCH_MAX_LENGTH`` characters with a Chinese message."""
    text = (text or "").replace("\x00", "")
    terms: list[str] = []
    for bit in smart_split(text.replace(",", " ")):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit.strip():
            terms.append(bit)
        if len(terms) > SEARCH_MAX_TERMS:
            raise SearchTooComplex(
                _("搜索词过多：最多 %(max)d 个词，请减少后重试。") % {"max": SEARCH_MAX_TERMS}, code="too_many"
            )
    if len(text) > SEARCH_MAX_LENGTH:
        raise SearchTooComplex(
            _("搜索内容过长：最多 %(max)d 个字符，请缩短后重试。") % {"max": SEARCH_MAX_LENGTH}, code="too_long"
        )
    return terms


def check_search(text: str | None) -> str | None:
    """Raise ``SearchTooComplex`` when ``text`` is over the limits; return it unchanged otherwise."""
    search_terms(text)
    return text


class AnyOf(models.Lookup):
    """``field__any=[1, 2, …]``: ``field = ANY(%s)`` with the list as one array parameter on PostgreSQL
    (``IN`` elsewhere). For long id lists: Django prepares and binds every element of an ``__in`` list
    separately, which for a district's 1,600 federation ids in each of 30 change logs took 0.4 s of Python
    and a long plan; one array is one parameter."""

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "1 = 0", []
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


models.Field.register_lookup(AnyOf)
models.ForeignKey.register_lookup(AnyOf)
