"""Navigation: only what the signed-in user's role may use.

A community chair works on her phone: her activities, her month, the survey posters and her dashboard. Staff
(city, district and street offices, and read-only viewers) also get the tree, the venues, the team pages, the
admin and the API documentation; the pages that change data only when the account may edit. Everyone
signed in sees her inbox and its unread count (one query per page, accounts/inbox.py).
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts import inbox
from activities import review

# (label, url name, who may see it): "all"; "staff" (the offices and viewers); "editor" (may change data);
# "staff_editor" (an office that may change data); "chair" (a community chair); "reviewer" (an office that
# reviews the activities of the level below, activities.review).
NAV_ITEMS = [
    (_("首页"), "home", "all"),
    (_("组织树"), "organizations:tree", "staff"),
    (_("阵地"), "venues:clusters", "staff"),
    (_("活动登记"), "activities:list", "editor"),
    (_("本月活动"), "activities:month", "chair"),
    (_("活动审核"), "activities:review", "reviewer"),
    (_("队伍缺口"), "cadres:gaps", "staff"),
    (_("四个一"), "cadres:rotation", "staff"),
    (_("干部培训"), "cadres:training", "staff"),
    (_("导入人员"), "cadres:import", "staff_editor"),
    (_("满意度测评"), "evaluations:surveys", "all"),
    (_("数据看板"), "evaluations:dashboard", "all"),
    (_("管理后台"), "admin:index", "staff"),
    (_("API 文档"), "api-docs", "staff"),
]

RULES = {
    "all": lambda user: True,
    "staff": lambda user: user.is_staff,
    "editor": lambda user: user.can_edit,
    "staff_editor": lambda user: user.is_staff and user.can_edit,
    "chair": lambda user: user.role == "community_chair",
    "reviewer": review.is_reviewer,
}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "inbox_unread": 0}
    items = []
    for label, name, who in NAV_ITEMS:
        if not RULES[who](user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the page is not built yet
        items.append({"label": label, "url": url, "active": request.path == url})
    # The unread count is asked for only by a page that shows it (the header), once per request (cached on it):
    # a callable, which the template calls when it renders the value.
    return {"nav_items": items, "inbox_unread": lambda: inbox.unread_count(request), "inbox_url": reverse("inbox")}


def map_tiles(request):
    """The base map's tile URL for the maps (empty: no base map, no request to another host)."""
    return {"map_tile_url": settings.MAP_TILE_URL}
