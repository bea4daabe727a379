"""The home page's sections, registered by the apps (their reminders, surveys...) in ``AppConfig.ready()`` and
by ``wuhan_fulian.home`` (indicators, gaps, recent changes); the page shows them in ``order``."""

_sections = []


def register_section(order, builder):
    """``builder(request) -> dict | None`` with keys ``title`` and ``template`` (and its context); ``None``
    for a role the section is not meant for."""
    _sections.append((order, builder))
    _sections.sort(key=lambda item: item[0])


def home_sections(request):
    built = []
    for _order, builder in _sections:
        section = builder(request)
        if section:
            built.append(section)
    return built
