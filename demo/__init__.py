"""The Wuhan demo data set, apart from the apps: ``manage.py seed_wuhan --scale demo|city|province`` and
``manage.py setup_demo`` (what ``make run`` runs).

One module per pillar, run in ``pillars.PILLARS`` order, each after the ones whose rows it points at; the
random and date helpers they share in ``randomness``, the bulk writer in ``core.bulk``. Deterministic (one
random seed, one stream per purpose) and idempotent (a part does nothing when its rows are there).
"""
