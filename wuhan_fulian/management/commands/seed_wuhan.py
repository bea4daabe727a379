"""Load the Wuhan data set: ``manage.py seed_wuhan --scale demo|city|province [--seed N]``.

Each app owns its part of the data in ``<app>/seed.py`` with a function ``seed(ctx)``; they run in the
order of SEED_ORDER, each after the ones it depends on. Deterministic (one random seed) and idempotent
(an app's seed does nothing when its data are already there).
"""

import importlib
import json
import random
import time
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand

SEED_ORDER = ["organizations", "cadres", "venues", "activities", "evaluations", "accounts"]

SCALES = {
    # years of activity data, and how many cities (province = ten cities' trees and posts)
    "demo": {"years": 1, "cities": 1, "grid_groups": "named", "activities_per_community_month": 2},
    "city": {
        "years": 5,
        "cities": 1,
        "grid_groups": "all",
        "activities_per_community_month": 5,
        "representative_posts": True,
        "member_units_per_street": (30, 55),
        "member_units_community_share": 0.5,
        "member_units_per_community": (1, 5),
    },
    "province": {
        "years": 5,
        "cities": 10,
        "grid_groups": "all",
        "activities_per_community_month": 5,
        "representative_posts": True,
        "member_units_per_street": (30, 55),
        "member_units_community_share": 0.5,
        "member_units_per_community": (1, 5),
        # Activities and survey answers for the first city only: ten times the tree and the posts, not
        # ten million activities.
        "flow_cities": 1,
    },
}


@dataclass
class SeedContext:
    scale: str
    seed: int
    stdout: object
    options: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    _progress_steps: dict = field(default_factory=dict, repr=False)

    @property
    def params(self):
        return SCALES[self.scale]

    def rng(self, name):
        """An independent deterministic random stream per app/purpose."""
        return random.Random(f"{self.seed}:{self.scale}:{name}")

    def log(self, message):
        self.stdout.write(message)

    def flow_tree_ids(self):
        """The trees (cities) that get activities and survey answers: None for all of them, else the first
        ``flow_cities`` in the order they were loaded."""
        limit = self.params.get("flow_cities")
        if limit is None:
            return None
        from organizations.models import Federation

        roots = Federation.objects.filter(parent__isnull=True).order_by("tree_id")
        return list(roots.values_list("tree_id", flat=True)[:limit])

    def progress(self, label, done, total):
        """A progress bar redrawn in place on a terminal; elsewhere (logs, CI) one line per tenth."""
        if total <= 0 or self.stdout is None:
            return
        share = min(done / total, 1.0)
        isatty = getattr(self.stdout, "isatty", lambda: False)()
        if isatty:
            bar = "#" * round(share * 30)
            ending = "\n" if done >= total else ""
            self.stdout.write(f"\r    {label} [{bar:<30}] {share:4.0%} {done}/{total}", ending=ending)
            return
        step = int(share * 10)
        if step > self._progress_steps.get(label, -1):
            self._progress_steps[label] = step
            self.log(f"    {label}: {share:4.0%} ({done}/{total})")


class Command(BaseCommand):
    help = "加载武汉市妇联数据集（demo / city / province）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=20170518)
        parser.add_argument("--only", nargs="*", help="只加载这些应用的数据")
        parser.add_argument("--summary", metavar="FILE", help="把各应用用时和行数写成 JSON 文件（基准测试用）")

    def handle(self, *args, scale, seed, only, summary=None, **options):
        ctx = SeedContext(scale=scale, seed=seed, stdout=self.stdout, options=options)
        started = time.monotonic()
        seconds = {}
        for app in SEED_ORDER:
            if only and app not in only:
                continue
            try:
                module = importlib.import_module(f"{app}.seed")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.seed":
                    raise
                continue
            app_started = time.monotonic()
            module.seed(ctx)
            seconds[app] = round(time.monotonic() - app_started, 1)
            self.stdout.write(f"  {app}: {seconds[app]:.1f}s")
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
