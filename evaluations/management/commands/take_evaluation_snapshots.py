from django.core.management.base import BaseCommand, CommandError

from core.dates import parse_month
from evaluations import snapshots


class Command(BaseCommand):
    help = "保存各级妇联的五项指标月度快照（默认本月和上月；可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--month", action="append", help="YYYY-MM，可多次指定")

    def handle(self, *args, month=None, **options):
        months = None
        if month:
            try:
                months = [parse_month(value) for value in month]
            except ValueError as exc:
                raise CommandError("月份格式应为 YYYY-MM") from exc
        rows = snapshots.take(months)
        self.stdout.write(self.style.SUCCESS(f"指标快照：{rows} 行"))
