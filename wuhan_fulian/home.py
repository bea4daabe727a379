"""The home page per role, assembled from sections the apps register (reminders, gaps, dashboards...)."""

_sections = []


def register_section(order, builder):
    """``builder(request) -> dict | None`` with keys ``title`` and ``template`` (and its context)."""
    _sections.append((order, builder))
    _sections.sort(key=lambda item: item[0])


def home_sections(request):
    built = []
    for _order, builder in _sections:
        section = builder(request)
        if section:
            built.append(section)
    return built
