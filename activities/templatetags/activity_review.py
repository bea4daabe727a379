from django import template

from .. import review

register = template.Library()


@register.simple_tag
def counting_rule():
    """Which activities the indicators count (settings.INDICATORS_COUNT), as a line of text."""
    return review.counting_rule()
