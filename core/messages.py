"""The user-facing words of the scope rules, said the same way everywhere (admin, API, pages, imports).

Lazy translations: safe to import at module level, rendered in the request's language when shown.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# A write to a record the user sees but may not change (a viewer, the city office's wider view): 403.
NOT_YOURS_TO_CHANGE: Promise = _("您无权修改此范围内的数据。")
# An imported row outside the importing user's edit scope (the row is refused, the file goes on).
ROW_OUT_OF_SCOPE: Promise = _("该行数据不在您的管辖范围内。")
# ?federation=<id> naming a federation that does not exist or lies outside the user's view: 404 alike.
FEDERATION_NOT_VISIBLE: Promise = _("该妇联组织不存在或不在您的查看范围内。")
# ?federation= that is not a number.
FEDERATION_ID_NOT_A_NUMBER: Promise = _("请填写妇联编号（数字）。")
# City-wide configuration: every signed-in user reads it, only the city office changes it.
CITY_OFFICE_ONLY: Promise = _("只有市妇联可以修改全市统一的设置。")
# An admin URL naming a record that does not exist or lies outside the user's view: the same words for both,
# never Django's "可能已经被删除了？" (which would tell an out-of-scope record from a deleted one).
RECORD_NOT_VISIBLE: Promise = _("编号为“%(key)s”的%(name)s不存在或不在您的查看范围内。")
