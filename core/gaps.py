"""The gap list: breaches of the reform's rules, gathered from every pillar.

Each app registers one provider in its ``AppConfig.ready()``::

    from core.gaps import register
    register("cadres", cadres.services.gaps)

A provider is ``provider(root: Federation, as_of: date) -> Iterable[Gap]`` and must answer with a fixed
number of queries whatever the subtree's size (no query per federation).
"""

from dataclasses import asdict, dataclass, field

_providers = {}


@dataclass
class Gap:
    rule: str  # a stable code, e.g. "street_has_chair"
    rule_label: str  # the rule in Chinese, e.g. "每个街道妇联必须有主席"
    federation_id: int
    federation_name: str
    missing: str  # what is missing, e.g. "执委 15 人，少 6 人"
    pillar: str  # organizations / cadres / venues / activities / evaluations
    fix_url: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self):
        return asdict(self)


def register(pillar, provider):
    _providers[pillar] = provider


def providers():
    return dict(_providers)


def collect(root, as_of, pillars=None):
    gaps = []
    for pillar, provider in _providers.items():
        if pillars and pillar not in pillars:
            continue
        gaps.extend(provider(root, as_of))
    return gaps
