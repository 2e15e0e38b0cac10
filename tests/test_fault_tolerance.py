"""The site survives a PostgreSQL restart under load, without restarting gunicorn.

The test starts its own PostgreSQL, migrates a database there, serves it with the real gunicorn
(persistent, health-checked connections as in production) and keeps a steady stream of requests
going while it stops the server for a few seconds and starts it again.
"""

import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from tests.deploy_helpers import OwnPostgres, collect_static
from tests.servers import child_database_env, gunicorn, manage

DB_PASSWORD = "fault-test-db-passw0rd"
REQUEST_TIMEOUT = 10  # seconds the client waits; no answer may take that long
OUTAGE_SECONDS = 3
THREADS = 4


@dataclass
class Outcome:
    url: str
    started: float
    finished: float
    status: int | None  # None: no HTTP answer at all (refused, reset, timed out)
    body: str
    retry_after: str | None


def fetch(url: str) -> Outcome:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
            status, body, headers = response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read().decode(), error.headers
    except OSError as error:
        status, body, headers = None, repr(error), {}
    return Outcome(url, started, time.monotonic(), status, body, headers.get("Retry-After"))


class SteadyLoad:
    """A few threads requesting pages back to back until stopped; every outcome is kept."""

    def __init__(self, urls):
        self.urls = urls
        self.outcomes: list[Outcome] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(THREADS)]

    def _run(self, index):
        n = index
        while not self._stop.is_set():
            self.outcomes.append(fetch(self.urls[n % len(self.urls)]))
            n += 1
            time.sleep(0.02)

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)

    def wait_for_count(self, predicate, count, timeout):
        deadline = time.monotonic() + timeout
        while sum(1 for o in list(self.outcomes) if predicate(o)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"fewer than {count} awaited answers in {timeout} s")
            time.sleep(0.05)

    def wait_for(self, predicate, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(predicate(o) for o in list(self.outcomes)):
                return
            time.sleep(0.05)
        recent = [(round(o.started, 1), o.status, o.body[:300]) for o in self.outcomes[-5:]]
        raise AssertionError(f"the awaited answer never came; last answers: {recent}")


@pytest.fixture(scope="module")
def own_postgres(tmp_path_factory):
    server = OwnPostgres(tmp_path_factory.mktemp("fault"))
    server.start()
    server.create_database("catalogue_fault")
    url = server.url("catalogue_fault", password=DB_PASSWORD)
    result = manage("migrate", "--no-input", env={"DATABASE_URL": url, "SECRET_KEY": "x"})
    assert result.returncode == 0, result.stderr
    yield server, url
    server.stop()


def test_the_site_answers_503_while_postgresql_is_down_and_recovers_without_a_restart(
    own_postgres, tmp_path
):
    server, database_url = own_postgres
    static_root = collect_static(tmp_path / "static")
    log: list[str] = []
    env = {"DATABASE_URL": database_url, "STATIC_ROOT": str(static_root)}
    with gunicorn(env, log=log) as base_url:
        pages = [base_url + "/", base_url + "/programmes/", base_url + "/en/"]
        with SteadyLoad(pages) as load:
            # Steady state first: a few answered requests, however busy the machine is.
            load.wait_for_count(lambda o: o.status == 200, 6, timeout=60)
            stop_requested = time.monotonic()
            server.stop()
            stopped = time.monotonic()
            time.sleep(OUTAGE_SECONDS)
            start_requested = time.monotonic()
            server.start()
            started = time.monotonic()
            load.wait_for(lambda o: o.started > started and o.status == 200, timeout=15)
            time.sleep(2)
        gunicorn_pid_lines = [line for line in log if "Booting worker" in line]

    outcomes = sorted(load.outcomes, key=lambda o: o.started)
    before = [o for o in outcomes if o.finished < stop_requested]
    # Certainly down: asked after the server had stopped, answered before it was restarted.
    during = [o for o in outcomes if o.started > stopped and o.finished < start_requested]
    after = [o for o in outcomes if o.started > started]
    first_success = next(o for o in after if o.status == 200)
    recovered = [o for o in after if o.started > first_success.finished]

    assert before and all(o.status == 200 for o in before)
    assert len(during) >= 10, "the load kept going through the outage"
    assert {o.status for o in during} == {503}
    for outcome in during:
        assert "Traceback" not in outcome.body
        # The friendly page, in the page's language.
        title = "Temporarily unavailable" if "/en/" in outcome.url else "Tillfälligt otillgänglig"
        assert f"<h1>{title}</h1>" in outcome.body
        assert outcome.retry_after == "30"
    # Whatever was in flight while it stopped or started: a 200 or a 503, never a 500 or silence.
    assert {o.status for o in outcomes} <= {200, 503}
    assert all("Traceback" not in o.body for o in outcomes)
    slowest = max(o.finished - o.started for o in outcomes)
    assert slowest < REQUEST_TIMEOUT / 2
    recovery = first_success.finished - started
    assert recovery < 5, f"first 200 only {recovery:.1f} s after PostgreSQL was back"
    assert recovered and all(o.status == 200 for o in recovered)
    # Same gunicorn workers throughout: none was restarted (2 booted at start-up, no more).
    assert len(gunicorn_pid_lines) == 2

    records = [json.loads(line) for line in log if line.startswith("{")]
    warnings = [r for r in records if r["logger"] == "catalogue.database"]
    assert warnings and all(r["level"] == "WARNING" for r in warnings)
    assert not [r for r in records if r["level"] in ("ERROR", "CRITICAL")]
    assert not [line for line in log if DB_PASSWORD in line]

    print(
        f"\nfault test: {len(outcomes)} requests; stop took {stopped - stop_requested:.2f} s, "
        f"restart took {started - start_requested:.2f} s; {sum(o.status == 503 for o in outcomes)}"
        f" answered 503; first 200 {recovery:.2f} s after PostgreSQL was back; "
        f"slowest answer {slowest * 1000:.0f} ms"
    )


SHOW_TIMEOUT = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SHOW statement_timeout")
    print(cursor.fetchone()[0])
"""
SLOW_QUERY = """
import time
from django.db import OperationalError, connection
started = time.monotonic()
try:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    print("finished")
except OperationalError as error:
    print("cancelled", type(error.__cause__).__name__, round(time.monotonic() - started, 1))
"""


@pytest.mark.django_db
def test_every_connection_has_a_ten_second_statement_timeout():
    result = manage("shell", "-c", SHOW_TIMEOUT, env={**child_database_env(), "SECRET_KEY": "x"})
    assert result.stdout.split()[-1] == "10s", result.stderr


@pytest.mark.django_db
def test_a_slow_query_is_cancelled_by_the_statement_timeout():
    env = {**child_database_env(), "SECRET_KEY": "x", "DATABASE_STATEMENT_TIMEOUT_MS": "300"}
    result = manage("shell", "-c", SLOW_QUERY, env=env)
    outcome, cause, seconds = result.stdout.split()[-3:]
    # psycopg's QueryCanceled is an OperationalError: the view answers 503, the worker is free.
    assert (outcome, cause) == ("cancelled", "QueryCanceled"), result.stdout + result.stderr
    assert float(seconds) < 1
