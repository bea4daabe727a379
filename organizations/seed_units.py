"""Demo member units, women's organisations and joint-building clusters (filled in the next step)."""


def seed_units(ctx):
    return None
