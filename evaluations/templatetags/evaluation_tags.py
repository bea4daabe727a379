from django import template

register = template.Library()


@register.filter
def percent(value, digits=1):
    """0.4286 -> "42.9%"; no value -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def number(value):
    if value is None or value == "":
        return "—"
    value = float(value)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
