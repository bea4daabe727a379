"""The order the pillars' generators run in, each after the ones whose rows it points at."""

import time

from django.db import connection

from core.history import write_baselines

from . import accounts, activities, cadres, evaluations, tree, units, venues


def organizations(ctx):
    tree.seed_trees(ctx)
    units.seed_units(ctx)


# (name for --only, generator): the names are the apps whose demo rows each writes.
PILLARS = [
    ("organizations", organizations),
    ("cadres", cadres.seed),
    ("venues", venues.seed),
    ("activities", activities.seed),
    ("evaluations", evaluations.seed),
    ("accounts", accounts.seed),
]


def run(ctx, only=None, timings=None):
    """Run every pillar's generator (or those named in ``only``) in order; ``timings`` ({name: seconds}) is
    filled as they finish."""
    for name, generate in PILLARS:
        if only and name not in only:
            continue
        started = time.monotonic()
        generate(ctx)
        if timings is not None:
            timings[name] = round(time.monotonic() - started, 1)
            ctx.log(f"  {name}: {timings[name]:.1f}s")
    # The generators write in bulk (no signals): every record they made gets its first history row here, so
    # its first edit shows what changed.
    started = time.monotonic()
    written = write_baselines()
    if connection.vendor == "postgresql":
        # The seed's ANALYZE (evaluations) ran before these rows existed: without statistics PostgreSQL plans
        # the change logs as near-empty tables (the home page's recent changes hash-joined whole logs).
        with connection.cursor() as cursor:
            for table in written:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    if timings is not None:
        timings["history"] = round(time.monotonic() - started, 1)
    ctx.log(f"  history baselines: {sum(written.values())} rows")
