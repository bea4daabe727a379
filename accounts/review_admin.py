"""The admin's review actions (通过所选 / 退回所选, with a page asking for the reason), one for every reviewed
model: activities, duty reports, 四个一 checks (accounts/review.py holds the states and the transitions). All or
none: one selected record outside the reviewer's scope or in the wrong state changes nothing."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from . import review as shared


class ReviewActionsMixin:
    """A ``ScopedAdmin`` whose model is reviewed. The subclass says how to review the ids (``review_ids``),
    which federation to show beside each record on the reason page (``place_of``, with ``place_related`` to
    read it in the same query) and its words (``review_texts``)."""

    actions = ["approve_selected", "return_selected"]
    place_related = ()
    review_texts = {
        "approve": _("通过所选记录"),
        "return": _("退回所选记录（须填原因）"),
        "return_title": _("退回所选记录"),
        "return_intro": _("退回以下记录给填报人，请填写退回原因："),
        "out_of_scope": _("所选记录中有不在您审核范围内的，未做任何更改。"),
        "approved": _("已通过 %(n)d 条记录。"),
        "returned": _("已退回 %(n)d 条记录。"),
    }

    def review_ids(self, request, ids, action, reason):
        raise NotImplementedError

    def place_of(self, record):
        raise NotImplementedError

    def _get_action_description(self, func, name):
        words = {"approve_selected": "approve", "return_selected": "return"}
        if name in words:
            return self.review_texts[words[name]]
        return super()._get_action_description(func, name)

    def _review(self, request, queryset, action, reason=""):
        try:
            changed = self.review_ids(request, queryset.values_list("pk", flat=True), action, reason)
        except LookupError:
            self.message_user(request, self.review_texts["out_of_scope"], messages.ERROR)
            return None
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
            return None
        done = self.review_texts["approved" if action == shared.APPROVE else "returned"]
        self.message_user(request, done % {"n": len(changed)}, messages.SUCCESS)
        return None

    def approve_selected(self, request, queryset):
        return self._review(request, queryset, shared.APPROVE)

    def return_selected(self, request, queryset):
        """First a page asking for the reason; its POST comes back here with it."""
        if "reason" in request.POST:
            return self._review(request, queryset, shared.RETURN, request.POST["reason"])
        records = queryset.select_related(*self.place_related)[:200]
        context = {
            **self.admin_site.each_context(request),
            "title": self.review_texts["return_title"],
            "intro": self.review_texts["return_intro"],
            "records": [(record, self.place_of(record)) for record in records],
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "reason_max": shared.REASON_MAX,
        }
        return TemplateResponse(request, "admin/review_return_reason.html", context)
