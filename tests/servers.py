"""Run the real gunicorn server against the test database, for end-to-end tests."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_database_env() -> dict:
    """Environment that points a child process at the database the tests are using."""
    db = connection.settings_dict
    if db["HOST"].startswith("/"):  # the embedded server's Unix socket
        return {"EMBEDDED_DB_NAME": db["NAME"], "DATABASE_URL": ""}
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    url = f"postgresql://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"
    return {"DATABASE_URL": url}


def manage(*args, env=None, timeout=120) -> subprocess.CompletedProcess:
    """Run manage.py in a child process and capture its output."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "catalogue.settings", **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@contextlib.contextmanager
def gunicorn(extra_env=None, workers=2, log=None):
    """Start gunicorn on a free loopback port; yield its base URL; stop it by its PID.

    Its output (JSON log lines) is read continuously, so a full pipe never blocks it, and
    appended to ``log`` when a list is given.
    """
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "catalogue.settings",
        "SECRET_KEY": "end-to-end-test-key",
        "HTTPS": "false",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        **child_database_env(),
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "catalogue.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = log if log is not None else []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                reader.join(timeout=5)
                raise RuntimeError("gunicorn exited early:\n" + "".join(lines))
            try:
                # /healthz: never redirected to https, so it answers whatever HTTPS is.
                urllib.request.urlopen(base_url + "/healthz", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answers, whatever the status
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not answer within 30 s") from None
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)
