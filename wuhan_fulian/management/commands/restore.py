"""``manage.py restore PATH [--database-url URL]``: restore a backup (replaces the target's contents)."""

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wuhan_fulian.backups import restore


class Command(BaseCommand):
    help = "从备份恢复数据库（会覆盖目标数据库的内容）"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--database-url", help="恢复到这个数据库（默认 DATABASE_URL）")

    def handle(self, *args, path, database_url, **options):
        target = dj_database_url.parse(database_url) if database_url else settings.DATABASES["default"]
        try:
            restore(path, target)
        except FileNotFoundError as exc:
            raise CommandError(f"找不到备份文件 {path}") from exc
        self.stdout.write(self.style.SUCCESS(f"已从 {path} 恢复到 {target['NAME']}"))
