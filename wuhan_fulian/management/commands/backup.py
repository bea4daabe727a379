"""``manage.py backup [--output PATH]``: a full backup of the database under var/backups/."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from wuhan_fulian.backups import backup


class Command(BaseCommand):
    help = "备份整个数据库（PostgreSQL 用 pg_dump，SQLite 用备份接口）"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="备份文件路径（默认 var/backups/<时间>.dump 或 .sqlite3）")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, database, **options):
        from django.db import connections

        suffix = "dump" if connections[database].vendor == "postgresql" else "sqlite3"
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = backup(output or settings.VAR_DIR / "backups" / f"{stamp}.{suffix}", using=database)
        self.stdout.write(self.style.SUCCESS(f"已备份到 {path}"))
