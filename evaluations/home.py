"""The home-page section of pillar 5: the surveys open now in the user's subtree, with links to the
dashboard and the QR posters (one query)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Survey


def surveys_section(request):
    user = request.user
    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    open_now = list(
        Survey.objects.visible_to(user)
        .filter(opens_on__lte=today, closes_on__gte=today)
        .select_related("federation")
        .order_by("closes_on", "id")[:6]
    )
    return {"title": _("成效联评"), "template": "evaluations/home_section.html", "surveys": open_now}
