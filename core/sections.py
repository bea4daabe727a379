"""The home page's sections, registered by the apps (their reminders, surveys...) in ``AppConfig.ready()`` and
by ``wuhan_fulian.home`` (indicators, gaps, recent changes); the page shows them in ``order``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from django.http import HttpRequest

# ``builder(request)``: the section's context (``title``, ``template``...), or None to leave it out.
Builder: TypeAlias = Callable[[HttpRequest], "dict[str, Any] | None"]

_sections: list[tuple[int, Builder]] = []


def register_section(order: int, builder: Builder) -> None:
    """``builder(request) -> dict | None`` with keys ``title`` and ``template`` (and its context); ``None``
    for a role the section is not meant for."""
    _sections.append((order, builder))
    _sections.sort(key=lambda item: item[0])


def home_sections(request: HttpRequest) -> list[dict[str, Any]]:
    built = []
    for _order, builder in _sections:
        section = builder(request)
        if section:
            built.append(section)
    return built
