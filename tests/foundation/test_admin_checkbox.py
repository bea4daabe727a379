"""The admin's row checkbox (core.admin.ScopedAdmin.action_checkbox) is written without the widget template, and
is the same markup as Django's, escaping included, in both languages."""

import pytest
from django.contrib import admin
from django.utils import translation

from core.admin import ScopedAdmin
from organizations.models import Federation


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_row_checkbox_is_djangos_markup(tree, language):
    tree.s1c1.name = '东亭<社区> & "妇联"'
    scoped = ScopedAdmin(Federation, admin.site)
    plain = admin.ModelAdmin(Federation, admin.site)
    with translation.override(language):
        ours, djangos = scoped.action_checkbox(tree.s1c1), plain.action_checkbox(tree.s1c1)
    assert str(ours) == str(djangos)
    assert "&lt;社区&gt; &amp; &quot;妇联&quot;" in ours
