"""The layers of .importlinter hold for models too, and `make test` runs the import contract.

Order (bottom first): core < organizations < accounts < cadres < venues < activities < evaluations <
wuhan_fulian. A module imports only from layers below it (import-linter); a model relation (foreign key,
one-to-one, many-to-many, declared by class or by "app.Model" string) points only to its own layer or below.
An upward need goes through a registry of the lower app (core.gaps, core.sections, core.admin.add_inline,
venues.services.register_held_at)."""

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def layer_groups():
    """The layers of .importlinter, bottom first; each a tuple of its independent siblings ("wuhan_fulian |
    demo": two packages on one layer that do not import each other)."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    listed = [line.strip() for line in config["importlinter:contract:layers"]["layers"].splitlines() if line.strip()]
    return [tuple(name.strip() for name in line.split("|")) for line in reversed(listed)]


def layers():
    """The package names, bottom first (siblings in their written order)."""
    return [name for group in layer_groups() for name in group]


def _target_label(field):
    target = field.remote_field.model
    if isinstance(target, str):  # an unresolved "app.Model" (or "self")
        return field.model._meta.app_label if target == "self" else target.split(".")[0]
    return target._meta.app_config.name


def upward_relations(groups):
    """Every relation of our models to a higher layer. The one exception: the change log's ``history_user``
    (django-simple-history) names the user through the swappable ``settings.AUTH_USER_MODEL``, as Django's
    own admin log does, not through an import of accounts."""
    rank = {name: index for index, group in enumerate(groups) for name in group}
    user = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models(include_auto_created=True):
        source = model._meta.app_config.name
        if source not in rank:
            continue  # Django's and third-party apps
        for field in model._meta.get_fields(include_hidden=True):
            if not (field.is_relation and field.concrete or field.many_to_many) or field.auto_created:
                continue
            if getattr(field, "remote_field", None) is None or field.model is not model:
                continue
            if field.name == "history_user" and field.related_model is user:
                continue
            target = _target_label(field)
            if target in rank and rank[target] > rank[source]:
                found.append(f"{model._meta.label}.{field.name} -> {target}")
    return found


def test_the_layers_are_read_from_the_import_contract():
    assert layer_groups()[0] == ("core",) and layer_groups()[-1] == ("wuhan_fulian", "demo")
    assert layers().index("organizations") < layers().index("cadres") < layers().index("activities")


def test_no_model_relation_points_to_a_higher_layer():
    assert upward_relations(layer_groups()) == []


def test_the_check_finds_an_upward_relation():
    """The check is not vacuous: with the layers turned upside down the existing downward links are upward."""
    found = upward_relations(list(reversed(layer_groups())))
    assert "cadres.Person.federation -> organizations" in found
    assert "cadres.WomenOrganizationLeader.organization -> organizations" in found


def test_imports_only_go_downward():
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if command is None:
        pytest.fail("lint-imports is not installed (requirements-dev.txt: import-linter)")
    result = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
