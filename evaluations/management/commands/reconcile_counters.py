from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import counters


class Command(BaseCommand):
    help = (
        "核对计数表（活动计数、月度统计）与原始记录：抽查部分键（COUNTERS_RECONCILE_SAMPLE），"
        "--all 核对全部，--repair 改写有偏差的计数"
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="核对全部键，而不是抽查")
        parser.add_argument("--repair", action="store_true", help="按原始记录改写有偏差的计数")
        parser.add_argument("--counter", action="append", help="只核对这个计数（名称，可多次指定）")

    def handle(self, *args, **options):
        try:
            definitions = [counters.get(name) for name in options["counter"] or []] or None
        except KeyError as exc:
            names = "、".join(definition.name for definition in counters.registered())
            raise CommandError(f"没有计数 {exc}；可选：{names}") from exc
        sample = None if options["all"] else (getattr(settings, "COUNTERS_RECONCILE_SAMPLE", 500) or None)
        results = counters.reconcile(definitions, sample=sample, repair=options["repair"])
        left = 0
        for result in results:
            checked = "全部键" if result.checked is None else f"{result.checked} 个键"
            name = result.definition.name
            if not result.drifts:
                self.stdout.write(self.style.SUCCESS(f"{name}：核对{checked}，无偏差"))
                continue
            self.stdout.write(self.style.WARNING(f"{name}：核对{checked}，{len(result.drifts)} 个键有偏差"))
            for drift in result.drifts:
                changed = {column: (drift.kept[column], drift.true[column]) for column in drift.kept}
                shown = "，".join(f"{c} {a}→{b}" for c, (a, b) in changed.items() if a != b)
                self.stdout.write(f"  {drift.key}：{shown}")
            if result.repaired:
                self.stdout.write(self.style.SUCCESS(f"  已按原始记录改写 {len(result.drifts)} 个键"))
            else:
                left += len(result.drifts)
        if left:
            raise CommandError(f"{left} 个键的计数与原始记录不符；加 --repair 改写")
