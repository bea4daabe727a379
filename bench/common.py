"""Shared by the bench drivers: database URLs, child processes, gunicorn, timing statistics."""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASES = {
    "city": os.environ.get("BENCH_DATABASE_URL", f"{SERVER}/wuhan_fulian_bench"),
    "province": os.environ.get("BENCH_PROVINCE_DATABASE_URL", f"{SERVER}/wuhan_fulian_bench_province"),
}
PORTS = range(8100, 8200)
# The "role" of the public directory's pages: a woman with no account, timed without a session.
ANONYMOUS = "anonymous"


SEARCH_TERMS = ["水果湖", "4201", "社区"]


def tree_urls(federations):
    """The tree browser's requests as {label: URL}: the roots, the children of a city, district, street and
    community, and searches for a name, a code prefix and a fragment that matches thousands of names."""
    urls = {"children: roots": "/organizations/tree/children/"}
    for name in ("city", "district", "street", "community"):
        urls[f"children of the {name}"] = f"/organizations/tree/children/?parent={federations[name]['id']}"
    for term in SEARCH_TERMS:
        urls[f"search {term}"] = f"/organizations/tree/search/?q={term}"
    return urls


def say(message=""):
    print(message, flush=True)


def connect(url):
    parts = urlsplit(url)
    return psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=parts.path.lstrip("/"),
    )


def database_name(url):
    return urlsplit(url).path.lstrip("/")


def maintenance_url(url):
    parts = urlsplit(url)
    return parts._replace(path="/postgres").geturl()


def environment(url, **extra):
    """The environment of a child process on the bench database: default settings, no Redis (local-memory
    cache, Celery eager), DEBUG off, nothing inherited that would point elsewhere."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "REDIS_"))}
    env.update(DATABASE_URL=url, DEBUG="0", DJANGO_SETTINGS_MODULE="wuhan_fulian.settings", PYTHONUNBUFFERED="1")
    env.update({key: str(value) for key, value in extra.items()})
    return env


def django_child(module, url, *args, log=None, timeout=3600):
    """Run ``python -m <module>`` on the database ``url``; its last stdout line is JSON, returned parsed.
    Its log output (stderr) goes to ``log``, a file under var/bench/."""
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / (log or f"{module.rsplit('.', 1)[-1]}.log"), "w", encoding="utf-8") as errors:
        process = subprocess.run(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env=environment(url),
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            timeout=timeout,
        )
    if process.returncode:
        raise RuntimeError(f"{module} failed with {process.returncode}: see {errors.name}")
    return json.loads(process.stdout.strip().splitlines()[-1])


def free_port():
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8100-8199")


@contextmanager
def gunicorn(url, workers=1, extra_env=None, log=None):
    """gunicorn on 127.0.0.1 (a port of 8100-8199) with ``workers`` sync workers; yields (base URL, master
    process). Stopped (and waited for) on exit."""
    port = free_port()
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "wuhan_fulian.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "300",
            "--backlog",
            "256",
        ],
        cwd=ROOT,
        env=environment(url, **(extra_env or {})),
        stdout=out,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode} (log: {log})")
            try:
                if (
                    requests.get(f"{base}/healthz", timeout=5).status_code == 200
                    and len(workers_of(process.pid)) >= workers
                ):
                    break
            except (requests.ConnectionError, requests.Timeout):  # still starting (a busy machine: slow)
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn on {port} did not start (log: {log})")
            time.sleep(0.3)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()


def workers_of(pid):
    """The child processes of ``pid`` (gunicorn's workers)."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(value) for value in (task / "children").read_text().split()]
        except OSError:
            continue
    return children


def memory_kb(pid, field="VmHWM"):
    """A /proc/<pid>/status field in kB (VmHWM: the resident set's high-water mark)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def percentile(values, share):
    """Nearest-rank percentile of ``values`` (share 0-1)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(seconds):
    """Milliseconds: median, p95, minimum, count."""
    ms = [value * 1000 for value in seconds]
    return {
        "p50": round(statistics.median(ms), 1),
        "p95": round(percentile(ms, 0.95), 1),
        "min": round(min(ms), 1),
        "n": len(ms),
    }


def table(headers, rows, aligns=None):
    """A plain-text table (also fine as Markdown)."""
    cells = [[str(h) for h in headers]] + [["—" if c is None else str(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    aligns = aligns or ["<"] + [">"] * (len(headers) - 1)
    lines = []
    for index, row in enumerate(cells):
        padded = [_pad(cell, widths[i], aligns[i]) for i, cell in enumerate(row)]
        lines.append("| " + " | ".join(padded) + " |")
        if index == 0:
            lines.append(
                "|"
                + "|".join(
                    ("-" * (w + 1) + ":") if a == ">" else ("-" * (w + 2)) for w, a in zip(widths, aligns, strict=True)
                )
                + "|"
            )
    return "\n".join(lines)


def _width(text):
    # CJK characters take two columns on a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text, width, align):
    gap = " " * (width - _width(text))
    return gap + text if align == ">" else text + gap
