from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group

from accounts.models import ApiToken, Role, User
from organizations.choices import Level
from organizations.models import Federation
from tests.permissions.registry import ACCOUNT_MANAGED, SUPERUSER_ONLY, AdminModel, Resource

_counter = iter(range(10**6))


def _grid_group(fed):
    n = next(_counter)
    return Federation.objects.create(name=f"测试小组{n}", code=f"PG{n}", level=Level.GRID_GROUP, parent=fed)


def _user(fed):
    return User.objects.create_user(
        f"perm{next(_counter)}", password="Wuhan-Fulian-2017!", role=Role.COMMUNITY_CHAIR, federation=fed
    )


RESOURCES = [
    Resource(url="/api/v1/organizations/federations/", make=_grid_group, update={"phone": "027-12345678"}),
    Resource(url="/api/v1/accounts/users/", make=_user, update={"first_name": "新名字"}),
]


def _user_with_phone(fed):
    user = _user(fed)
    user.phone = f"1391234{next(_counter):04d}"
    user.save(update_fields=["phone"])
    return user


ADMINS = [
    AdminModel(Federation, make=_grid_group),
    AdminModel(User, make=_user_with_phone, masked=("phone",), api_url="/api/v1/accounts/users/"),
    AdminModel(Group, unscoped=SUPERUSER_ONLY),
    AdminModel(ApiToken, unscoped=ACCOUNT_MANAGED, masked=("key",)),
    AdminModel(AccessAttempt, unscoped=SUPERUSER_ONLY),
    AdminModel(AccessLog, unscoped=SUPERUSER_ONLY),
    AdminModel(AccessFailureLog, unscoped=SUPERUSER_ONLY),
]
