"""Co-organiser choices for a user: what she may pick, found by search, resolved from form tokens.

A co-organiser is named in forms by a token ``<kind>:<id>`` (e.g. ``member_unit:12``). Every lookup goes
through ``visible_to(user)``, the same scope as the API, so nothing outside her area can be picked."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from cadres.models import PartyOrganization
from core.naturalsort import by_name
from organizations.choices import COMMUNITY_LEVELS, Level
from organizations.models import Federation, MemberUnit
from venues.models import Venue

from .choices import CoOrganizerKind
from .models import SocialOrganization, Team

MODELS: dict[str, type[models.Model]] = {
    CoOrganizerKind.FEDERATION: Federation,
    CoOrganizerKind.MEMBER_UNIT: MemberUnit,
    CoOrganizerKind.SOCIAL_ORGANIZATION: SocialOrganization,
    CoOrganizerKind.TEAM: Team,
    CoOrganizerKind.PARTY_ORGANIZATION: PartyOrganization,
}
SEARCH_LIMIT = 8


def model_for(kind):
    return MODELS[kind]


def choices_for(kind, user):
    queryset = model_for(kind)._default_manager.visible_to(user)
    if kind == CoOrganizerKind.FEDERATION:
        queryset = queryset.filter(archived_at__isnull=True).exclude(level=Level.GRID_GROUP)
    elif kind == CoOrganizerKind.MEMBER_UNIT:
        queryset = queryset.filter(left_on__isnull=True)
    return queryset


def _owner(obj):
    for name in ("federation", "cultivated_by", "parent"):
        owner = getattr(obj, name, None)
        if owner is not None:
            return owner
    return None


def describe(kind, obj):
    owner = _owner(obj)
    hint = CoOrganizerKind(kind).label
    return {
        "token": f"{kind}:{obj.pk}",
        "kind": str(kind),
        "id": obj.pk,
        "label": str(obj),
        "hint": f"{hint} · {owner}" if owner is not None else str(hint),
    }


def search(user, text):
    """Co-organisers visible to ``user`` whose name contains ``text``: a few per kind, one query per kind."""
    results = []
    for kind in CoOrganizerKind:
        queryset = choices_for(kind, user)
        if text:
            queryset = queryset.filter(name__icontains=text)
        owner = {"federation": "parent", "social_organization": "cultivated_by"}.get(kind, "federation")
        for obj in queryset.select_related(owner).order_by(*by_name(queryset.model))[:SEARCH_LIMIT]:
            results.append(describe(kind, obj))
    return results


def search_venues(user, text):
    queryset = Venue.objects.visible_to(user).filter(archived_at__isnull=True).select_related("federation")
    if text:
        queryset = queryset.filter(Q(name__icontains=text) | Q(address__icontains=text))
    return [
        {"token": str(venue.pk), "id": venue.pk, "label": venue.name, "hint": venue.federation.name}
        for venue in queryset.order_by("sort_key", "name")[: SEARCH_LIMIT * 2]
    ]


def owner_choices(user):
    """The federations ``user`` may log an activity for (the form's "以哪个妇联的名义登记")."""
    return Federation.objects.editable_by(user).filter(archived_at__isnull=True).exclude(level=Level.GRID_GROUP)


def radiated_choices(user):
    """The communities an activity of ``user`` may radiate to: other communities she sees (her own is the
    owner already)."""
    return (
        Federation.objects.visible_to(user)
        .filter(level__in=COMMUNITY_LEVELS, archived_at__isnull=True)
        .exclude(pk=user.federation_id)
    )


# The form's long federation lists (core.pickers), searched by name within the same querysets as the form.
FEDERATION_SEARCHES = {"federation": owner_choices, "community": radiated_choices}


def search_federations(user, kind, text):
    queryset = FEDERATION_SEARCHES[kind](user).select_related("parent")
    if text:
        queryset = queryset.filter(name__icontains=text)
    return [
        {
            "token": str(federation.pk),
            "id": federation.pk,
            "label": federation.name,
            "hint": str(federation.parent or ""),
        }
        for federation in queryset.order_by(*by_name(Federation))[: SEARCH_LIMIT * 2]
    ]


class OrganizerError(ValueError):
    pass


def parse_token(token):
    kind, _sep, pk = (token or "").partition(":")
    if kind not in CoOrganizerKind.values or not pk.isdigit():
        raise OrganizerError(_("联办单位“%(token)s”无法识别。") % {"token": token})
    return kind, int(pk)


def resolve(user, tokens):
    """{token: object} for the tokens visible to ``user`` (one query per kind used); others are left out."""
    wanted = {}
    for token in tokens:
        kind, pk = parse_token(token)
        wanted.setdefault(kind, set()).add(pk)
    found = {}
    for kind, pks in wanted.items():
        for obj in choices_for(kind, user).filter(pk__in=pks):
            found[f"{kind}:{obj.pk}"] = obj
    return found
