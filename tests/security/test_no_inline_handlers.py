"""No inline event handler (on…="…") in any template a page can render: the CSP (script-src 'self') blocks
them, so a handler written inline is a control that silently does nothing. Every template name found in the
project's and the installed apps' template folders is resolved as Django resolves it (the project's override
wins), and the template actually used is read."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template.loader import get_template

INLINE_HANDLER = re.compile(r"(?<![\w.-])on[a-z]{3,}\s*=\s*[\"']", re.IGNORECASE)


def _template_names():
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [Path(config.path) / "templates" for config in apps.get_app_configs()]
    names = set()
    for folder in folders:
        if folder.is_dir():
            names.update(str(path.relative_to(folder)) for path in folder.rglob("*.html"))
    return sorted(names)


def test_the_pattern_finds_a_handler_on_any_line_of_a_tag():
    assert INLINE_HANDLER.search('<input type="checkbox"\n   onchange="toggle(event)" checked>')
    assert INLINE_HANDLER.search("<img src=x onError='x()'>")
    assert not INLINE_HANDLER.search('<a data-onchange="x" href="#">x</a>')
    assert not INLINE_HANDLER.search('el.addEventListener("change", onChange)')


def test_no_template_that_can_be_rendered_has_an_inline_handler():
    names = _template_names()
    assert "admin/import_export/export.html" in names and "admin/change_form.html" in names
    offenders = []
    for name in names:
        try:
            origin = get_template(name).origin.name
        except Exception:  # a fragment that does not compile on its own (an include needing a parent)
            continue
        text = Path(origin).read_text(encoding="utf-8", errors="ignore")
        offenders += [f"{origin}: {m.group(0)}" for m in INLINE_HANDLER.finditer(text)]
    assert offenders == []


def test_the_export_page_is_the_projects_override_and_wires_select_all_by_a_static_script():
    origin = Path(get_template("admin/import_export/export.html").origin.name)
    assert origin.is_relative_to(settings.BASE_DIR / "templates")
    assert "admin_extra/export_select_all.js" in origin.read_text(encoding="utf-8")
    assert (settings.BASE_DIR / "static/admin_extra/export_select_all.js").exists()


def test_the_export_page_renders_without_a_handler_where_the_package_has_one(tree, users, client):
    import import_export
    from django.urls import reverse

    package = Path(import_export.__file__).parent / "templates/admin/import_export/export.html"
    assert INLINE_HANDLER.search(package.read_text(encoding="utf-8"))  # what the override is for
    client.force_login(users.district)
    page = client.get(reverse("admin:organizations_memberunit_export")).content.decode()
    assert 'class="select-toggle"' in page and "export_select_all.js" in page
    assert not INLINE_HANDLER.search(page)
