"""The random and date helpers every pillar's generator shares: one of each, so that a day drawn in a range or
the months of the window mean the same thing in every pillar."""

import datetime

from django.utils import timezone


def random_day(rng, start, end):
    """A day drawn evenly from ``start`` to ``end`` (both included), never after today: the demo records
    nothing that has not happened yet. ``start`` when the range is empty (no draw then)."""
    end = min(end, timezone.localdate())
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def months_back(today, count):
    """The first days of the last ``count`` months up to ``today``'s, oldest first."""
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def allocate(total, weights):
    """Split ``total`` into integers proportional to ``weights`` (largest remainder, the first on a tie),
    summing exactly."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    raw = [total * w / weight_sum for w in weights]
    shares = [int(r) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: (raw[i] - shares[i], -i), reverse=True)
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares
