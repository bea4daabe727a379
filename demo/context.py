"""The scales of the data set and what every pillar's generator is handed (``SeedContext``)."""

import random
from dataclasses import dataclass, field

from organizations.models import Federation

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
DEFAULT_SEED = 20170518


@dataclass
class SeedContext:
    scale: str
    seed: int = DEFAULT_SEED
    stdout: object = None
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
        if self.stdout is not None:
            self.stdout.write(message)

    def flow_tree_ids(self):
        """The trees (cities) that get activities and survey answers: None for all of them, else the first
        ``flow_cities`` in the order they were loaded."""
        limit = self.params.get("flow_cities")
        if limit is None:
            return None
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
