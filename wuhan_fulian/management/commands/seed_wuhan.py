"""Load the Wuhan data set: ``manage.py seed_wuhan --scale demo|city|province [--seed N]``.

Each app owns its part of the data in ``<app>/seed.py`` with a function ``seed(ctx)``; they run in the
order of SEED_ORDER, each after the ones it depends on. Deterministic (one random seed) and idempotent
(an app's seed does nothing when its data are already there).
"""

import importlib
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
    },
    "province": {
        "years": 5,
        "cities": 10,
        "grid_groups": "all",
        "activities_per_community_month": 5,
        "representative_posts": True,
    },
}


@dataclass
class SeedContext:
    scale: str
    seed: int
    stdout: object
    options: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    @property
    def params(self):
        return SCALES[self.scale]

    def rng(self, name):
        """An independent deterministic random stream per app/purpose."""
        return random.Random(f"{self.seed}:{self.scale}:{name}")

    def log(self, message):
        self.stdout.write(message)


class Command(BaseCommand):
    help = "加载武汉市妇联数据集（demo / city / province）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=20170518)
        parser.add_argument("--only", nargs="*", help="只加载这些应用的数据")

    def handle(self, *args, scale, seed, only, **options):
        ctx = SeedContext(scale=scale, seed=seed, stdout=self.stdout, options=options)
        started = time.monotonic()
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
            self.stdout.write(f"  {app}: {time.monotonic() - app_started:.1f}s")
        total = sum(ctx.counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"seed_wuhan --scale {scale}: {total} rows in {time.monotonic() - started:.1f}s")
        )
        for name, count in ctx.counts.items():
            self.stdout.write(f"    {name}: {count}")
