"""The ground package's typed modules pass mypy (issue 15 item 6), and the check has teeth.

``[tool.mypy]`` in pyproject.toml lists the modules (``files``) and makes every function in them declare its
parameter and return types (``disallow_untyped_defs``); ``make lint`` runs the same check."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Every module of the ground package is typed but these, which extend django-import-export's and the admin's
# untyped classes (kept out on purpose: their hints would be Any throughout); and the apps' service modules
# (evaluations/services.py aside: its TextChoices keys read as tuples to plain mypy without django-stubs).
UNTYPED_CORE = {
    "core/__init__.py",
    "core/api/__init__.py",
    "core/admin.py",
    "core/admin_imports.py",
    "core/imports.py",
    "core/spreadsheets.py",
}
SERVICES = ["organizations/services.py", "cadres/services.py", "venues/services.py", "activities/services.py"]
# Shared by several apps and typed like the ground package: the review state machine (issue 19).
SHARED = ["accounts/review.py"]
TYPED_MODULES = (
    sorted({str(path.relative_to(ROOT)) for path in (ROOT / "core").rglob("*.py")} - UNTYPED_CORE) + SERVICES + SHARED
)


def mypy(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def test_config_checks_the_typed_modules_strictly():
    settings = config()
    assert sorted(settings["files"]) == sorted(TYPED_MODULES)
    assert all((ROOT / path).is_file() for path in TYPED_MODULES)
    assert settings["disallow_untyped_defs"] is True
    assert settings["disallow_incomplete_defs"] is True


def test_typed_modules_pass_mypy():
    result = mypy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Success: no issues found in {len(TYPED_MODULES)} source files" in result.stdout


def test_mypy_with_the_project_config_refuses_missing_and_wrong_hints(tmp_path):
    """The same settings on a small module: an unannotated function and a wrong return type are errors."""
    module = tmp_path / "sample.py"
    module.write_text(
        "def unannotated(value):\n    return value\n\n\ndef wrong(value: int) -> str:\n    return value\n",
        encoding="utf-8",
    )
    result = mypy("--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "cache"), str(module))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "sample.py:1: error: Function is missing a type annotation" in result.stdout
    assert 'sample.py:6: error: Incompatible return value type (got "int", expected "str")' in result.stdout
