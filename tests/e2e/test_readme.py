"""The README tells the truth: its demo accounts are the ones `make run` prints, its screenshots exist and are small,
and the quick start's two commands are the Makefile's."""

import re

from wuhan_fulian.settings import BASE_DIR

README = (BASE_DIR / "README.md").read_text(encoding="utf-8")


def documented_accounts():
    section = README.split("### Demo accounts", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| (\S+) \([^|]*\) \| ([^|]+?) \|$", section, re.M)
    password = re.search(r"password `([^`]+)`", section).group(1)
    return {username: (role, federation.split(" (")[0]) for username, role, federation in rows}, password


def test_the_readme_demo_accounts_are_those_make_run_prints(demo_site):
    # given: what `manage.py setup_demo` (run by `make run`) printed for the demo site
    printed = {
        username: (role, federation)
        for username, _password, role, federation in re.findall(
            r"^\s+(\w+)\s+(\S+)\s+(\S+)\s+(\S+)$", demo_site.printed, re.M
        )
    }
    passwords = set(re.findall(r"^\s+\w+\s+(\S+)\s+\S+\s+\S+$", demo_site.printed, re.M))
    # when
    documented, password = documented_accounts()
    # then
    assert documented == printed
    assert passwords == {password}


def test_the_readme_screenshots_exist_and_are_small():
    images = re.findall(r"\]\((docs/screenshots/[\w-]+\.png)\)", README)
    assert len(images) >= 5
    for image in images:
        path = BASE_DIR / image
        assert path.exists(), image
        assert path.stat().st_size < 300_000, (image, path.stat().st_size)


def test_the_quick_start_commands_are_make_targets():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    makefile = (BASE_DIR / "Makefile").read_text()
    for target in re.findall(r"^make (\w+)", quick_start, re.M):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "http://127.0.0.1:8000" in quick_start and re.search(r"^PORT \?= 8000$", makefile, re.M)
