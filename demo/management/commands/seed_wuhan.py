"""Load the Wuhan data set: ``manage.py seed_wuhan --scale demo|city|province [--seed N]``.

The generators live in ``demo/`` (one module per pillar, run in ``demo.pillars.PILLARS`` order). Deterministic
(one random seed) and idempotent (a part does nothing when its data are already there).
"""

import json
import time

from django.core.management.base import BaseCommand

from demo import pillars
from demo.context import DEFAULT_SEED, SCALES, SeedContext


class Command(BaseCommand):
    help = "加载武汉市妇联数据集（demo / city / province）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--only", nargs="*", help="只加载这些应用的数据")
        parser.add_argument("--summary", metavar="FILE", help="把各应用用时和行数写成 JSON 文件（基准测试用）")

    def handle(self, *args, scale, seed, only, summary=None, **options):
        ctx = SeedContext(scale=scale, seed=seed, stdout=self.stdout, options=options)
        started = time.monotonic()
        seconds = {}
        pillars.run(ctx, only=only, timings=seconds)
        total = sum(ctx.counts.values())
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"seed_wuhan --scale {scale}: {total} rows in {elapsed:.1f}s"))
        for name, count in ctx.counts.items():
            self.stdout.write(f"    {name}: {count}")
        if summary:
            report = {"scale": scale, "seed": seed, "seconds": round(elapsed, 1), "rows": total}
            report.update({"seconds_by_app": seconds, "counts": ctx.counts})
            with open(summary, "w", encoding="utf-8") as out:
                json.dump(report, out, ensure_ascii=False, indent=2)
