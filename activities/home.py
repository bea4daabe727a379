"""The home-page section for people who log activities: unread reminders and a "登记活动" button."""

from django.utils.translation import gettext as _

from accounts import inbox
from accounts import review as shared
from accounts.models import MessageKind
from cadres import review as cadres_review
from cadres.models import DutyReport, RotationCheck

from . import review
from .choices import ReviewState


def reminders_section(request):
    """Her unread reminders and notices, read from her inbox: the message's read state is the only one, so
    "知道了" here reads it in the inbox and opening it there takes it off this page."""
    user = request.user
    if not user.is_authenticated or not user.can_edit or user.federation_id is None:
        return None
    rows, more = inbox.unread_of(user, [MessageKind.REMINDER, MessageKind.NOTICE])
    return {
        "title": _("活动登记与提醒"),
        "template": "activities/home_section.html",
        "reminders": rows,
        "more": more,
    }


def returned_section(request):
    """Her activities the federation above returned, each with its reason and a link to correct it."""
    user = request.user
    if not user.is_authenticated or not user.can_edit or user.federation_id is None:
        return None
    rows, more = review.returned_to(user)
    if not rows:
        return None
    return {
        "title": _("被退回的活动"),
        "template": "activities/returned_section.html",
        "returned": rows,
        "more": more,
    }


def review_section(request):
    """For the federation one level up: how many activities, duty reports and 四个一 checks wait for her
    review, and the way to the list (one count each)."""
    user = request.user
    if not review.is_reviewer(user) or user.is_superuser:
        return None
    owners = shared.reviewed_federation_ids(user)
    waiting = review.reviewable_by(user, owners).filter(review_state=ReviewState.SUBMITTED).count()

    def waiting_of(model):
        return cadres_review.reviewable_by(user, model, owners).filter(review_state=ReviewState.SUBMITTED).count()

    return {
        "title": _("活动审核"),
        "template": "activities/review_section.html",
        "waiting": waiting,
        "waiting_reports": waiting_of(DutyReport),
        "waiting_checks": waiting_of(RotationCheck),
    }
