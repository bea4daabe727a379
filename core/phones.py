"""Phone numbers, one rule for every app: what a person types is normalised before it is checked or stored.

Full-width digits and punctuation from a Chinese input method (１３８－００１３－８０００, （０２７）) become their
ASCII forms (NFKC), spaces go, and every kind of dash becomes "-". A mobile number (手机号) must then be
11 digits or a landline with its area code; a contact phone (联系电话) may also carry a "+", brackets, an
extension (转) and several numbers separated by "," "/" or "、", but no letters or markup."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TypeVar, overload

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－﹣"), "-")
MOBILE_PATTERN = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$", re.ASCII)
CONTACT_PATTERN = re.compile(r"^[0-9+(][0-9+\-()/,、转]*$", re.ASCII)

V = TypeVar("V")


@overload
def normalize_phone(value: str) -> str: ...
@overload
def normalize_phone(value: V) -> V: ...
def normalize_phone(value: Any) -> Any:
    """A phone number as stored: NFKC (full-width digits become ASCII), dashes unified, spaces removed;
    anything but a non-empty string is returned as it is."""
    if not isinstance(value, str) or not value:
        return value
    value = unicodedata.normalize("NFKC", value).translate(DASHES)
    return "".join(value.split())


def validate_mobile(value: str | None) -> None:
    value = normalize_phone(value)
    if value and not MOBILE_PATTERN.match(value):
        raise ValidationError(_("请输入11位手机号或带区号的固定电话。"), code="phone_format")


def validate_contact_phone(value: str | None) -> None:
    value = normalize_phone(value)
    if value and not CONTACT_PATTERN.match(value):
        raise ValidationError(
            _("联系电话只能包含数字、“-”、“+”、括号和分机“转”，多个号码用逗号或顿号分隔。"), code="phone_format"
        )


class PhoneField(models.CharField):
    """A CharField that stores phone numbers normalised (``normalize_phone``) on every path: forms and
    ``full_clean`` (``to_python``), saves and bulk inserts (``pre_save``) and lookups (``get_prep_value``).
    ``mobile=True`` checks a mobile number (or landline), otherwise a contact phone.

    Migrations see a plain CharField: the normalisation and the check change no column."""

    def __init__(self, *args: Any, mobile: bool = False, **kwargs: Any) -> None:
        self.mobile = mobile
        self.default_validators = [validate_mobile if mobile else validate_contact_phone]
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs

    def to_python(self, value: Any) -> Any:
        return normalize_phone(super().to_python(value))

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = normalize_phone(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        return normalize_phone(super().get_prep_value(value))
