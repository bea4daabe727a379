"""The inbox pages (phone first): her messages, newest first, a page at a time; opening one marks it read;
"全部标为已读". Only her own messages: another person's is missing (404). Fixed queries at any size."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import inbox

PAGE_SIZE = 20
MAX_PAGE = 100_000


def _page_number(text):
    return int(text) if text.isdigit() and 0 < int(text) < MAX_PAGE else 1


@login_required
def inbox_list(request):
    """One query for the page (a row past it tells there is a next one), none for a total."""
    number = _page_number(request.GET.get("page", ""))
    offset = (number - 1) * PAGE_SIZE
    rows = list(inbox.inbox_of(request.user).only(*FIELDS)[offset : offset + PAGE_SIZE + 1])
    context = {
        "rows": rows[:PAGE_SIZE],
        "number": number,
        "has_next": len(rows) > PAGE_SIZE,
        "has_previous": number > 1,
    }
    return render(request, "accounts/inbox.html", context)


FIELDS = ("id", "recipient_id", "kind", "title", "body", "created_at", "read_at")


@login_required
def message_detail(request, pk):
    message = inbox.inbox_of(request.user).filter(pk=pk).first()
    if message is None:
        raise Http404(_("消息不存在。"))
    inbox.mark_read(message)
    safe_link = message.link if url_has_allowed_host_and_scheme(message.link, allowed_hosts=None) else ""
    return render(request, "accounts/message.html", {"message": message, "link": safe_link})


@login_required
@require_POST
def message_read(request, pk):
    """ "知道了" on a message shown elsewhere (the home page's reminders): read, and back to that page."""
    message = inbox.inbox_of(request.user).filter(pk=pk).first()
    if message is None:
        raise Http404(_("消息不存在。"))
    inbox.mark_read(message)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("inbox")
    return redirect(target)


@login_required
@require_POST
def read_all(request):
    changed = inbox.mark_all_read(request.user)
    messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": changed})
    return redirect("inbox")
