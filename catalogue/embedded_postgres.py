"""An embedded PostgreSQL server for machines that have none.

When ``DATABASE_URL`` is unset, settings call :func:`database_settings`, which starts the
server shipped by the ``pgserver`` package on a Unix socket inside ``var/pgdata`` (created on
first use, reused afterwards) and makes sure the catalogue's database exists. The server keeps
running after the process that started it exits, so ``migrate``, ``load_catalogue`` and the web
server share it; ``manage.py serve`` and the test suite stop it again with :func:`stop`.
"""

import os
import signal
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("EMBEDDED_PGDATA", BASE_DIR / "var" / "pgdata"))


def _server():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); the fallback is fine.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        PGDATA.parent.mkdir(parents=True, exist_ok=True)
        return pgserver.get_server(PGDATA, cleanup_mode=None)


def is_running(pgdata: Path = PGDATA) -> bool:
    """Whether the postmaster recorded in ``pgdata`` is alive."""
    pid = _postmaster_pid(pgdata)
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _postmaster_pid(pgdata: Path) -> int | None:
    try:
        return int((pgdata / "postmaster.pid").read_text().split()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def database_settings(name: str) -> dict:
    """Start the embedded server if needed and return Django ``DATABASES`` settings for it."""
    import psycopg

    server = _server()
    socket_dir = str(PGDATA)
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            c.execute(f'CREATE DATABASE "{name}"')
    del server
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": socket_dir,
    }


def stop(pgdata: Path = PGDATA, timeout: float = 20.0) -> bool:
    """Stop the server in ``pgdata`` (fast shutdown, as an operator's restart does).

    Returns True if one was running; waits up to ``timeout`` seconds for it to exit.
    """
    if not is_running(pgdata):
        return False
    pid = _postmaster_pid(pgdata)
    os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return True
