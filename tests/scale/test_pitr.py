"""Backup and point-in-time recovery, done once as the README's "A province" recipe says: a throwaway
PostgreSQL cluster on its own port archives its WAL (archive_command into a directory); a base backup is
taken; rows are written, the moment noted, more rows written; the backup is restored with the archive up
to that moment, and holds the rows written before it and none written after.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.scale.nodes import free_port

VERSIONS = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb")) if Path("/usr/lib/postgresql").exists() else []
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI's PostgreSQL pass)"),
    pytest.mark.skipif(not VERSIONS, reason="needs the PostgreSQL server binaries (initdb)"),
]


def run(*args, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *map(str, args)], check=True, capture_output=True, text=True, timeout=120, **kwargs)


class Cluster:
    def __init__(self, bin_dir, data, port, sockets):
        self.bin, self.data, self.port, self.sockets = bin_dir, data, port, sockets

    def start(self):
        run(self.bin / "pg_ctl", "-D", self.data, "-l", self.data / "server.log", "-w", "-t", "60", "start")

    def stop(self):
        run(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def sql(self, statement):
        out = run(self.bin / "psql", "-h", self.sockets, "-p", self.port, "-U", "postgres", "-Atqc", statement)
        return out.stdout.strip()


@pytest.fixture
def workdir():
    path = Path(tempfile.mkdtemp(prefix="wf-pitr-"))
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
    yield path
    for data in ("primary", "restored"):
        if (path / data / "postmaster.pid").exists():
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    VERSIONS[-1].parent / "pg_ctl",
                    "-D",
                    path / data,
                    "stop",
                    "-m",
                    "immediate",
                ],
                capture_output=True,
                check=False,
            )
    shutil.rmtree(path, ignore_errors=True)


def configure(data, port, sockets, extra):
    with open(data / "postgresql.auto.conf", "a") as conf:
        conf.write(f"port = {port}\nlisten_addresses = ''\nunix_socket_directories = '{sockets}'\n")
        conf.write("shared_buffers = 16MB\nfsync = off\n" + extra)


def test_a_base_backup_and_the_wal_archive_restore_to_a_moment(workdir):
    bin_dir = VERSIONS[-1].parent
    archive, data, base, restored = (workdir / name for name in ("archive", "primary", "base", "restored"))
    run("mkdir", archive)
    run(bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-sync")
    primary = Cluster(bin_dir, data, free_port(), workdir)
    configure(
        data,
        primary.port,
        workdir,
        f"wal_level = replica\narchive_mode = on\narchive_command = 'test ! -f {archive}/%f && cp %p {archive}/%f'\n",
    )
    primary.start()
    primary.sql("CREATE TABLE activity (name text, at timestamptz DEFAULT clock_timestamp())")
    primary.sql("INSERT INTO activity (name) VALUES ('in the base backup')")
    run(
        bin_dir / "pg_basebackup",
        "-h",
        workdir,
        "-p",
        primary.port,
        "-U",
        "postgres",
        "-D",
        base,
        "-X",
        "stream",
        "-c",
        "fast",
    )
    primary.sql("INSERT INTO activity (name) VALUES ('before the moment')")
    time.sleep(1.1)
    moment = primary.sql("SELECT clock_timestamp()")
    time.sleep(1.1)
    primary.sql("INSERT INTO activity (name) VALUES ('after the moment')")
    # the WAL with all three rows goes to the archive (a segment is archived once it is switched)
    segment = primary.sql("SELECT pg_walfile_name(pg_current_wal_lsn())")
    primary.sql("SELECT pg_switch_wal()")
    for _ in range(300):
        if (archive / segment).exists():
            break
        time.sleep(0.1)
    assert (archive / segment).exists(), "the WAL segment was not archived"
    primary.stop()
    # when: the base backup restored with the archive, to the moment
    run("cp", "-a", base, restored)
    port = free_port()
    configure(
        restored,
        port,
        workdir,
        f"archive_mode = off\nrestore_command = 'cp {archive}/%f %p'\n"
        f"recovery_target_time = '{moment}'\nrecovery_target_action = 'promote'\n",
    )
    run("touch", restored / "recovery.signal")
    copy = Cluster(bin_dir, restored, port, workdir)
    copy.start()
    for _ in range(300):
        if copy.sql("SELECT pg_is_in_recovery()") == "f":
            break
        time.sleep(0.1)
    # then: the rows written before the moment, and not the one after
    assert copy.sql("SELECT string_agg(name, '|' ORDER BY at) FROM activity") == "in the base backup|before the moment"
    copy.stop()
