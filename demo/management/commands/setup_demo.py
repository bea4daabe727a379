"""``manage.py setup_demo``: load the demo data when the database is empty, then print the demo accounts."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from activities.reminders import create_monthly_reminders
from demo import avatars
from demo.accounts import ensure_demo_accounts
from organizations.models import Federation


class Command(BaseCommand):
    help = "数据库为空时加载演示数据，并打印演示账号"

    def handle(self, *args, **options):
        if not Federation.objects.exists():
            self.stdout.write("数据库为空，正在加载演示数据（seed_wuhan --scale demo）…")
            call_command("seed_wuhan", scale="demo", stdout=self.stdout)
        if avatars.restore():  # a copied database without its media folder: the 亮身份 portraits again
            self.stdout.write("已补齐演示人员照片")
        accounts = ensure_demo_accounts()
        # What beat does on the 1st of each month: last month's reminders (idempotent), so the home pages
        # of the demo show the communities that logged nothing and the missing 四个一 checks.
        reminders = create_monthly_reminders()
        if reminders["created"]:
            self.stdout.write(f"上月（{reminders['month']}）提醒：新增 {reminders['created']} 条")
        self.stdout.write(self.style.SUCCESS("\n演示账号（用户名 / 密码 / 角色 / 所属妇联）："))
        for username, password, role, federation in accounts:
            self.stdout.write(f"  {username:<10} {password:<18} {role:<14} {federation}")
        self.stdout.write("\n  首页 http://127.0.0.1:8000/   管理后台 /admin/   API 文档 /api/docs/\n")
