"""Benchmarks and the load test (issue 8), run on PostgreSQL at 127.0.0.1 with databases of their own.

``make bench`` (``python -m bench.run [--big]``) loads the city data set (and the province one with ``--big``)
once, reusing a database already loaded from the same seed, then measures the endpoints against gunicorn
with one worker and prints a table, also written as JSON under ``var/bench/``. ``make load``
(``python -m bench.load``) runs 50 concurrent clients for 60 seconds against gunicorn on the city database.

The driver (``run``, ``load``) never imports Django: it talks to PostgreSQL with psycopg2 and to the site
over HTTP. What needs Django (users, tokens, the list of endpoints, query counts) runs in child processes
(``python -m bench.prepare``, ``python -m bench.queries``) pointed at one bench database each.
"""
