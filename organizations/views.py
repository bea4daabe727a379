"""The federation tree browser (组织树): a page that expands the tree lazily, node by node, and two small
JSON endpoints. Both endpoints answer within the user's view subtree with indexed queries only: children
by ``parent_id``, ``has_children`` from the MPTT numbers (no extra query), and a search whose ancestor
paths come from one range query. Nothing ever loads the whole tree."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .models import Federation
from .services import visible_roots

MAX_CHILDREN = 2000
MAX_MATCHES = 20
NODE_FIELDS = ["id", "parent_id", "name", "code", "level", "lft", "rght", "tree_id", "regionalized_on"]


def node_json(node):
    return {
        "id": node.pk,
        "parent": node.parent_id,
        "name": node.name,
        "code": node.code,
        "level": node.level,
        "level_label": node.get_level_display(),
        "has_children": node.rght - node.lft > 1,
        "regionalized_on": node.regionalized_on.isoformat() if node.regionalized_on else None,
    }


@login_required
@require_GET
def tree(request):
    """The page; each node links to its dashboard, and to its admin record for staff who may open it there."""
    user = request.user
    # The admin's own rule for who may open a federation there (staff roles; scope is checked on the record).
    model_admin = admin.site._registry.get(Federation)
    can_admin = model_admin is not None and model_admin.has_view_permission(request)
    context = {
        "roots": visible_roots(user),
        # URL patterns the script fills with a node's id (0 stands for it): reverse() without importing the
        # dashboard's app, which lies above this one.
        "dashboard_url": reverse("evaluations:dashboard") + "?federation=",
        "admin_url": reverse("admin:organizations_federation_change", args=[0]) if can_admin else "",
    }
    return render(request, "organizations/tree.html", context)


@login_required
@require_GET
def tree_children(request):
    """``?parent=<id>`` (repeatable): each visible parent's children, in natural name order (第二 before 第十一,
    ``Federation.sort_key``); without ``parent``,
    the user's root(s). A parent the user cannot see is a 404."""
    visible = Federation.objects.visible_to(request.user)
    raw = request.GET.getlist("parent")
    if not raw:
        return JsonResponse({"roots": [node_json(n) for n in visible_roots(request.user)], "children": {}})
    if not all(value.isdigit() for value in raw) or len(raw) > 50:
        return JsonResponse({"error": _("参数 parent 应为妇联编号。")}, status=400)
    wanted = {int(value) for value in raw}
    parents = set(visible.filter(pk__in=wanted).values_list("pk", flat=True))
    if parents != wanted:
        raise Http404
    children = {str(pk): [] for pk in parents}
    rows = (
        Federation.objects.filter(parent_id__in=parents, archived_at__isnull=True)
        .only(*NODE_FIELDS)
        .order_by("parent_id", "sort_key", "id")
    )
    nodes = list(rows[: MAX_CHILDREN + 1])
    for node in nodes[:MAX_CHILDREN]:
        children[str(node.parent_id)].append(node_json(node))
    return JsonResponse({"children": children, "truncated": len(nodes) > MAX_CHILDREN})


def matching(query):
    """A run of digits is the start of a division code: a range on the unique index of ``code`` (LIKE cannot
    use it on SQLite). Anything else is a name fragment or the start of a system-made code."""
    if query.isascii() and query.isdigit():
        return Q(code__gte=query, code__lt=query[:-1] + chr(ord(query[-1]) + 1))
    return Q(name__contains=query) | Q(code__startswith=query)


@login_required
@require_GET
def tree_search(request):
    """``?q=`` a name fragment or the start of a code: up to 20 visible matches in tree order, each with
    its path from the user's root (ids and names), so the page can open the tree down to it."""
    query = request.GET.get("q", "").strip()
    if not query:
        return JsonResponse({"results": []})
    if len(query) > 50:
        return JsonResponse({"error": _("搜索词过长。")}, status=400)
    visible = Federation.objects.visible_to(request.user)
    matches = list(
        visible.filter(matching(query), archived_at__isnull=True)
        .only(*NODE_FIELDS)
        .order_by("tree_id", "lft")[:MAX_MATCHES]
    )
    if not matches:
        return JsonResponse({"results": []})
    ranges = Q()
    for match in matches:
        ranges |= Q(tree_id=match.tree_id, lft__lt=match.lft, rght__gt=match.rght)
    ancestors = list(visible.filter(ranges).only("id", "name", "tree_id", "lft", "rght").order_by("lft"))
    results = []
    for match in matches:
        path = [
            {"id": a.pk, "name": a.name}
            for a in ancestors
            if a.tree_id == match.tree_id and a.lft < match.lft and a.rght > match.rght
        ]
        results.append({**node_json(match), "path": path})
    return JsonResponse({"results": results})
