"""`manage.py serve` (what `make run` ends with): Ctrl-C stops gunicorn and the embedded DB."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from catalogue import embedded_postgres
from tests.servers import BASE_DIR, free_port


def wait_until(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def answers(url):
    try:
        urllib.request.urlopen(url, timeout=2)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="concerns the embedded database")
def test_ctrl_c_stops_the_server_and_the_embedded_database(tmp_path):
    pgdata = tmp_path / "pgdata"
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "catalogue.settings",
        "EMBEDDED_PGDATA": str(pgdata),
        "SECRET_KEY": "serve-test",
        "HTTPS": "false",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    # A process group of its own, as a terminal's Ctrl-C signals the whole foreground group.
    serve = subprocess.Popen(
        [sys.executable, "manage.py", "serve"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert wait_until(lambda: answers(f"http://127.0.0.1:{port}/healthz"), 90), "never served"
        assert embedded_postgres.is_running(pgdata)
        time.sleep(0.5)  # let the last answer finish; gunicorn's quick shutdown cuts requests short

        os.killpg(serve.pid, signal.SIGINT)
        output, _ = serve.communicate(timeout=60)
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()

    assert serve.returncode == 0, output
    assert "Embedded PostgreSQL stopped." in output
    # gunicorn's own log lines are JSON; anything else printed must be free of tracebacks.
    plain = [line for line in output.splitlines() if not line.startswith("{")]
    assert not any("Traceback" in line for line in plain), output
    assert not answers(f"http://127.0.0.1:{port}/healthz")
    assert wait_until(lambda: not embedded_postgres.is_running(pgdata), 20)
