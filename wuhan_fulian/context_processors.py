"""Navigation: only what the signed-in user's role may use."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, who may see it: "all", "staff" (admin users), "city", "chair", "editor")
NAV_ITEMS = [
    (_("首页"), "home", "all"),
    (_("组织树"), "organizations:tree", "all"),
    (_("阵地"), "venues:clusters", "all"),
    (_("活动登记"), "activities:list", "editor"),
    (_("队伍缺口"), "cadres:gaps", "all"),
    (_("四个一"), "cadres:rotation", "all"),
    (_("导入人员"), "cadres:import", "editor"),
    (_("数据看板"), "evaluations:dashboard", "all"),
    (_("管理后台"), "admin:index", "staff"),
    (_("API 文档"), "api-docs", "staff"),
]


def _allowed(user, who):
    if who == "all":
        return True
    if who == "staff":
        return user.is_staff
    if who == "city":
        return user.is_city_office
    if who == "editor":
        return user.can_edit
    return False


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, name, who in NAV_ITEMS:
        if not _allowed(user, who):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the page is not built yet
        items.append({"label": label, "url": url, "active": request.path == url})
    return {"nav_items": items}
