from django.core.management.base import BaseCommand

from evaluations import rollups


class Command(BaseCommand):
    help = "从原始记录重算成效联评月度统计表（批量导入后或修复时使用，无需定时运行）"

    def handle(self, *args, **options):
        rows = rollups.rebuild()
        self.stdout.write(self.style.SUCCESS(f"月度统计：{rows} 行"))
