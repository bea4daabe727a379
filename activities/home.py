"""The home-page section for people who log activities: unread reminders and a "登记活动" button."""

from django.utils.translation import gettext as _

from .reminders import unread_for


def reminders_section(request):
    user = request.user
    if not user.is_authenticated or not user.can_edit or user.federation_id is None:
        return None
    rows, more = unread_for(user)
    return {
        "title": _("活动登记与提醒"),
        "template": "activities/home_section.html",
        "reminders": rows,
        "more": more,
    }
