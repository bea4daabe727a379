"""``manage.py adduser USERNAME --role ROLE --federation CODE [--password PW] [--by OPERATOR] [--update]``:
create an account, or change one with ``--update``.

With ``--by`` the change is made as that operator's account and follows the same rule as the admin and the
API (``User.account_change_error``: only accounts strictly below her, both roots in her scope). A password
set here for an existing account is a reset by someone else: it must be changed at the next login.
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role, User
from organizations.models import Federation


class Command(BaseCommand):
    help = "创建或更新账号（运维人员在命令行使用）"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--federation", required=True, help="所属妇联的编码")
        parser.add_argument("--view-federation", help="可选：更宽的查看范围（妇联编码）")
        parser.add_argument("--password", help="不填则随机生成并打印")
        parser.add_argument("--superuser", action="store_true")
        parser.add_argument("--by", help="以该账号的身份操作：只能管理其管辖范围内级别低于本人的账号")
        parser.add_argument("--update", action="store_true", help="账号已存在时才修改它（否则拒绝覆盖）")

    def handle(self, username, role, federation, view_federation, password, superuser, **options):
        try:
            home = Federation.objects.get(code=federation)
            view = Federation.objects.get(code=view_federation) if view_federation else None
        except Federation.DoesNotExist as exc:
            raise CommandError(f"找不到编码为 {view_federation or federation} 的妇联组织。") from exc
        operator = None
        if options.get("by"):
            operator = User.objects.select_related("federation").filter(username=options["by"]).first()
            if operator is None or not operator.is_active:
                raise CommandError(f"找不到可用的操作账号 {options['by']}。")
        before = User.objects.select_related("federation", "view_federation").filter(username=username).first()
        if before is not None and not options.get("update"):
            raise CommandError(f"账号 {username} 已存在；确需修改请加 --update。")
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        user = User.objects.filter(pk=before.pk).first() if before else User(username=username)
        user.role, user.federation, user.view_federation = role, home, view
        user.is_superuser = superuser
        if operator is not None:
            error = operator.account_change_error(user, before)
            if error:
                raise CommandError(str(error))
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        user.set_password(password)
        if before is not None or operator is not None:
            user.must_change_password = True  # set by someone else: she picks her own at the next login
        user.save()
        shown = f" 密码: {password}" if generated else ""
        self.stdout.write(
            self.style.SUCCESS(f"账号 {username}（{user.get_role_display()}，{home.name}）已保存。{shown}")
        )
