"""Every third-party library the project's own code imports is pinned (``==``) in requirements.txt, or in
requirements-dev.txt when only the bench imports it: an unpinned one arrives in whatever version a fresh
install picks, or not at all when the library that brought it along stops depending on it."""

import ast
import importlib.metadata
import re
import sys

from wuhan_fulian.settings import BASE_DIR

# The project's own code (tests aside); bench runs from a developer's checkout with requirements-dev.txt.
RUNTIME_PACKAGES = [
    "core",
    "organizations",
    "accounts",
    "cadres",
    "venues",
    "activities",
    "evaluations",
    "wuhan_fulian",
]
DEV_PACKAGES = ["bench", "demo"]
RUNTIME_FILES = ["manage.py", "gunicorn.conf.py"]
OWN = {*RUNTIME_PACKAGES, *DEV_PACKAGES, "tests"}


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_names(paths):
    """{top-level module name: first file that imports it} for absolute imports in ``paths``' Python files."""
    names = {}
    for path in paths:
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
        for file in files:
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    names.setdefault(module.split(".")[0], str(file.relative_to(BASE_DIR)))
    return {name: where for name, where in names.items() if name not in sys.stdlib_module_names and name not in OWN}


def pinned(*files):
    """The normalised names pinned with ``==`` in ``files`` (extras dropped, ``-r`` lines followed by caller)."""
    names = set()
    for file in files:
        for line in (BASE_DIR / file).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*\S+$", line)
            if match:
                names.add(normalise(match.group(1)))
    return names


def unpinned(imports, allowed):
    distributions = importlib.metadata.packages_distributions()
    problems = []
    for name, where in sorted(imports.items()):
        found = distributions.get(name)
        if not found:
            problems.append(f"{name} (imported in {where}) is not installed")
        elif not {normalise(dist) for dist in found} & allowed:
            problems.append(f"{name} (imported in {where}) comes from {', '.join(found)}, which is not pinned")
    return problems


def test_the_collector_sees_third_party_imports_and_skips_the_standard_library_and_our_own():
    imports = imported_names([BASE_DIR / package for package in RUNTIME_PACKAGES])
    assert {"django", "rest_framework", "openpyxl"} <= set(imports)
    assert not {"datetime", "core", "cadres", "evaluations"} & set(imports)
    assert importlib.metadata.packages_distributions()["rest_framework"] == ["djangorestframework"]


def test_the_pin_reader_keeps_names_with_extras_and_drops_unpinned_lines(tmp_path, monkeypatch):
    (tmp_path / "r.txt").write_text(
        "# comment\n-r other.txt\nDjango==5.2.19\ncelery[redis]==5.7.0  # broker\ndrf_spectacular==1\nloose>=1\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "BASE_DIR", tmp_path)
    assert pinned("r.txt") == {"django", "celery", "drf-spectacular"}


def test_every_library_the_application_imports_is_pinned_in_requirements_txt():
    imports = imported_names([*(BASE_DIR / p for p in RUNTIME_PACKAGES), *(BASE_DIR / f for f in RUNTIME_FILES)])
    assert unpinned(imports, pinned("requirements.txt")) == []


def test_every_library_the_bench_and_demo_code_import_is_pinned_in_the_requirements():
    imports = imported_names([BASE_DIR / package for package in DEV_PACKAGES])
    assert unpinned(imports, pinned("requirements.txt", "requirements-dev.txt")) == []
