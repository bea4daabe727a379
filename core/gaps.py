"""The gap list: breaches of the reform's rules, gathered from every pillar.

Each app registers one provider in its ``AppConfig.ready()``::

    from core.gaps import register
    register("cadres", cadres.services.gaps)

A provider is ``provider(root: Federation, as_of: date) -> Iterable[Gap]`` and must answer with a fixed
number of queries whatever the subtree's size (no query per federation).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeAlias

from django.db import models
from django.utils import translation

from core import freshness

# ``provider(root, as_of)``: the gaps of ``root``'s subtree (a federation) on ``as_of``.
Provider: TypeAlias = "Callable[[models.Model, datetime.date], Iterable[Gap]]"

_providers: dict[str, Provider] = {}


@dataclass
class Gap:
    rule: str  # a stable code, e.g. "street_has_chair"
    rule_label: str  # the rule in Chinese, e.g. "每个街道妇联必须有主席"
    federation_id: int
    federation_name: str
    missing: str  # what is missing, e.g. "执委 15 人，少 6 人"
    pillar: str  # organizations / cadres / venues / activities / evaluations
    fix_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def register(pillar: str, provider: Provider) -> None:
    _providers[pillar] = provider


def providers() -> dict[str, Provider]:
    return dict(_providers)


def collect(root: models.Model, as_of: datetime.date, pillars: Iterable[str] | None = None) -> list[Gap]:
    """The gaps of ``root``'s subtree on ``as_of``, kept until the next write (core/freshness.py: the gap
    rules read states, never the flows), in the active language (the labels are translated)."""
    wanted = tuple(sorted(pillars)) if pillars else None

    def compute() -> list[Gap]:
        gaps: list[Gap] = []
        for pillar, provider in _providers.items():
            if wanted and pillar not in wanted:
                continue
            gaps.extend(provider(root, as_of))
        return gaps

    return freshness.cached("gaps", (root.pk, as_of, wanted, translation.get_language()), compute)
