from django.contrib import admin
from mptt.admin import MPTTModelAdmin

from wuhan_fulian.admin import ScopedAdmin

from .models import Federation


@admin.register(Federation)
class FederationAdmin(ScopedAdmin, MPTTModelAdmin):
    list_display = ["name", "code", "level", "parent", "contact_person", "phone"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    mptt_level_indent = 16
