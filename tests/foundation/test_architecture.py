"""docs/architecture.md stays current: every package and file it names exists (planned ones excepted until
they land), and every app of ours in INSTALLED_APPS is named in its layer diagram."""

import re
from pathlib import Path

from django.apps import apps

from tests.foundation.test_layers import layers

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
# Named in the doc before they exist, marked "(planned)"; checked once they land.
PLANNED = set()


def _diagram():
    return DOC.split("```", 2)[1]


def _diagram_packages():
    return [line.split()[0] for line in _diagram().splitlines() if line.strip() and not line.strip().startswith("-")]


def test_every_package_in_the_diagram_exists():
    for name in _diagram_packages():
        if name in PLANNED and not (ROOT / name).exists():
            assert "(planned)" in _diagram()
            continue
        assert (ROOT / name / "__init__.py").exists(), name


def test_the_diagram_is_the_import_contract_bottom_to_top():
    # siblings of one layer ("wuhan_fulian | demo") are listed in the diagram top first, in any order
    ours = [name for name in reversed(_diagram_packages()) if name not in PLANNED]
    assert sorted(ours[-2:]) == sorted(layers()[-2:]) and ours[:-2] == layers()[:-2]


def test_every_app_of_ours_is_named():
    ours = [config.name for config in apps.get_app_configs() if (ROOT / config.name).is_dir()]
    assert ours, "no app of ours found"
    missing = [name for name in ours if name not in _diagram_packages()]
    assert missing == []


def test_every_file_named_exists():
    named = set(
        re.findall(r"`((?:core|wuhan_fulian|cadres|activities|evaluations|venues|organizations|demo)/[\w/]*\.py)`", DOC)
    )
    named |= {f"{folder}/" for folder in re.findall(r"`(core/api)/`", DOC)}
    assert len(named) > 15
    for path in named:
        if path in PLANNED and not (ROOT / path).exists():
            continue
        assert (ROOT / path).exists(), path


def test_every_registry_named_exists():
    import importlib

    checked = 0
    for dotted in re.findall(r"`((?:core|venues)\.[\w.]+)(?:\.\w+)?`", DOC):
        module, _, name = dotted.rpartition(".")
        if not module or module in ("core", "venues"):
            continue
        assert hasattr(importlib.import_module(module), name), dotted
        checked += 1
    assert checked >= 4
