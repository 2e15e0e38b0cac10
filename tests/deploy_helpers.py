"""Helpers for end-to-end tests of the deployed site: collected static files, a PostgreSQL of
the test's own.

The suite's database must never go down, so fault tests start a separate server (pgserver,
like the embedded one) in a temporary directory. Each start runs ``pgserver.get_server`` in a
fresh process: pgserver caches servers per process and would not notice that one was stopped.
"""

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg

from catalogue import embedded_postgres
from tests.servers import manage


def collect_static(root: Path) -> Path:
    """collectstatic into ``root`` (hashed names, gzip and brotli), for gunicorn's STATIC_ROOT."""
    result = manage(
        "collectstatic", "--no-input", "--verbosity", "0",
        env={"STATIC_ROOT": str(root), "SECRET_KEY": "x", "HTTPS": "false"},
    )
    assert result.returncode == 0, result.stderr
    return root

START_SCRIPT = """
import sys, warnings
warnings.simplefilter("ignore")
import pgserver
pgserver.get_server(sys.argv[1], cleanup_mode=None)
"""


class OwnPostgres:
    """A PostgreSQL (pgserver) in ``root``, stopped and started like a real server."""

    def __init__(self, root: Path):
        self.pgdata = root / "pgdata"

    def start(self) -> None:
        subprocess.run(
            [sys.executable, "-c", START_SCRIPT, str(self.pgdata)],
            check=True, capture_output=True, timeout=60,
        )

    @property
    def pid(self) -> int:
        return int((self.pgdata / "postmaster.pid").read_text().splitlines()[0])

    @property
    def socket_dir(self) -> str:
        # Line 5 of postmaster.pid (pgserver uses the data directory when the path is short).
        return (self.pgdata / "postmaster.pid").read_text().splitlines()[4]

    def stop(self, timeout: float = 20) -> None:
        """Fast shutdown (SIGINT to the postmaster), as an operator's restart does."""
        embedded_postgres.stop(self.pgdata, timeout)
        if embedded_postgres.is_running(self.pgdata):
            raise RuntimeError(f"PostgreSQL {self.pid} did not stop within {timeout} s")

    def create_database(self, name: str) -> None:
        with psycopg.connect(host=self.socket_dir, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

    def url(self, name: str, password: str = "") -> str:
        """A DATABASE_URL for the Unix socket; a password is accepted (and ignored: trust)."""
        credentials = f"postgres:{password}" if password else "postgres"
        return f"postgresql://{credentials}@{quote(self.socket_dir, safe='')}/{name}"
