"""``manage.py adduser USERNAME --role ROLE --federation CODE [--password PW]``: create or update an account."""

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

    def handle(self, username, role, federation, view_federation, password, superuser, **options):
        try:
            home = Federation.objects.get(code=federation)
            view = Federation.objects.get(code=view_federation) if view_federation else None
        except Federation.DoesNotExist as exc:
            raise CommandError(f"找不到编码为 {view_federation or federation} 的妇联组织。") from exc
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role, user.federation, user.view_federation = role, home, view
        user.is_superuser = superuser
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        user.set_password(password)
        user.save()
        shown = f" 密码: {password}" if generated else ""
        self.stdout.write(
            self.style.SUCCESS(f"账号 {username}（{user.get_role_display()}，{home.name}）已保存。{shown}")
        )
