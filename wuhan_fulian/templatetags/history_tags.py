"""Template helpers for the admin's change history (django-simple-history's list, shown in Chinese)."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def field_label(name, opts):
    """The field's verbose name (``contact_person`` → 联系人), or the name itself if the model has no such field."""
    try:
        return opts.get_field(name).verbose_name
    except (FieldDoesNotExist, AttributeError):
        return name


@register.filter
def shown_value(value):
    """A changed value as people read it: blank for empty, 是/否 for booleans."""
    if value is None or value == "":
        return "—"
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    return value
