"""Demo accounts, one per role, placed on the demo tree (武昌区 / 水果湖街 where they exist)."""

from accounts.models import Role, User
from organizations.choices import Level
from organizations.models import Federation

DEMO_PASSWORD = "Fulian-demo-2017"

# (username, role, level, preferred name fragment, wider view scope at the city)
DEMO_ACCOUNTS = [
    ("city", Role.CITY_OFFICE, Level.CITY, "", False),
    ("wuchang", Role.DISTRICT_STAFF, Level.DISTRICT, "武昌", False),
    ("qiaokou", Role.DISTRICT_STAFF, Level.DISTRICT, "硚口", False),
    ("shuiguohu", Role.STREET_STAFF, Level.STREET, "水果湖", False),
    ("chair", Role.COMMUNITY_CHAIR, Level.COMMUNITY, "", False),
    ("viewer", Role.VIEWER, Level.CITY, "", False),
]


def _pick(level, fragment, under=None):
    qs = Federation.objects.filter(level=level)
    if under is not None:
        qs = qs.filter(tree_id=under.tree_id, lft__gt=under.lft, rght__lt=under.rght)
    if fragment:
        match = qs.filter(name__contains=fragment).order_by("lft").first()
        if match:
            return match
    return qs.order_by("lft").first()


def ensure_demo_accounts():
    """Create (or reset) the demo accounts; returns [(username, password, role label, federation name)]."""
    made = []
    street = None
    for username, role, level, fragment, _wide in DEMO_ACCOUNTS:
        under = street if role == Role.COMMUNITY_CHAIR else None
        federation = _pick(level, fragment, under)
        if role == Role.STREET_STAFF:
            street = federation
        if federation is None:
            continue
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role, user.federation, user.is_active = role, federation, True
        # A chair works in her community but picks co-organisers and radiated communities from her street.
        user.view_federation = street if role == Role.COMMUNITY_CHAIR else None
        user.set_password(DEMO_PASSWORD)
        user.save()
        made.append((username, DEMO_PASSWORD, user.get_role_display(), federation.name))
    return made


def seed(ctx):
    made = ensure_demo_accounts()
    ctx.counts["demo accounts"] = len(made)
