"""The ground package's typed modules pass mypy (issue 15 item 6), and the check has teeth.

``[tool.mypy]`` in pyproject.toml lists the modules (``files``) and makes every function in them declare its
parameter and return types (``disallow_untyped_defs``); ``make lint`` runs the same check."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TYPED_MODULES = [
    "core/scope.py",
    "core/lookups.py",
    "core/concurrency.py",
    "core/images.py",
    "core/dates.py",
    "core/db.py",
    "core/gaps.py",
    "core/locks.py",
    "core/masking.py",
    "core/phones.py",
    "core/pgcopy.py",
    "core/sections.py",
    "core/tasks.py",
    "core/bulk.py",
    "core/middleware.py",
    "core/archiving.py",
    "core/api/serializers.py",
    "core/api/viewsets.py",
    "core/api/permissions.py",
    "core/api/exceptions.py",
    "core/api/parsers.py",
    "core/counters/live.py",
]


def mypy(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def test_config_checks_the_typed_modules_strictly():
    settings = config()
    assert settings["files"] == TYPED_MODULES
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
