"""API tags, imported by settings (SPECTACULAR_SETTINGS["TAGS"]) and the schema class: no imports here."""

# One tag per app (the first path segment after /api/v1/), named as the federation names its pillars, so
# the docs read as six chapters instead of one "v1" list of machine names.
API_TAGS = {
    "organizations": ("组织联建", "妇联组织树、妇女组织、片区与网格"),
    "cadres": ("人员联管", "执委、兼职副主席、班子成员与换届"),
    "venues": ("阵地联用", "妇女之家、阵地与片区联盟"),
    "activities": ("活动联办", "活动、照片与统计"),
    "evaluations": ("成效联评", "问卷、指标与评价"),
    "accounts": ("账号与权限", "账号、角色与管辖范围"),
    "auth": ("登录", "获取 API 令牌"),
    "system": ("系统", "后台任务与运行状态"),
}
# For SPECTACULAR_SETTINGS["TAGS"]: the order and descriptions the docs show.
TAGS = [{"name": name, "description": description} for name, description in API_TAGS.values()]
