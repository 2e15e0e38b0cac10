"""/healthz for load balancers: 200 with the database up, 503 with it down; fast and cookie-free."""

import json
import logging
import time
import urllib.error
import urllib.request

import pytest

from tests.deploy_helpers import OwnPostgres
from tests.servers import gunicorn


@pytest.mark.django_db
def test_healthz_answers_ok_with_one_query_and_no_cookies(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "Vary" not in response  # no session, no language


@pytest.mark.django_db
def test_healthz_skips_the_https_redirect_and_the_host_check(client, settings):
    # A load balancer probes each backend over plain http, by its address.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert client.get("/robots.txt").status_code == 301  # other paths are redirected


@pytest.mark.django_db
def test_healthz_only_reads(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_passing_probe_is_not_logged_as_a_request(client, caplog):
    with caplog.at_level(logging.INFO, logger="catalogue.request"):
        client.get("/healthz")
        client.get("/robots.txt")
    paths = [r.path for r in caplog.records if r.name == "catalogue.request"]
    assert paths == ["/robots.txt"]


def probe(url):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            result = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        result = error.code, error.read().decode()
    return (*result, time.monotonic() - started)


def test_healthz_is_503_while_the_database_is_stopped_and_200_once_it_is_back(tmp_path):
    server = OwnPostgres(tmp_path)
    server.start()
    try:
        server.create_database("catalogue_health")
        log = []
        url = server.url("catalogue_health")
        with gunicorn({"DATABASE_URL": url}, log=log) as base_url:
            assert probe(base_url + "/healthz")[:2] == (200, "ok\n")

            server.stop()
            status, body, seconds = probe(base_url + "/healthz")
            assert (status, body) == (503, "unavailable: the database does not answer\n")
            assert seconds < 1

            server.start()
            status, body, seconds = probe(base_url + "/healthz")
            assert (status, body) == (200, "ok\n")  # the same gunicorn, reconnected
            assert seconds < 1
    finally:
        server.stop()
    # The failed probe is a warning for the operator, not an application error.
    records = [json.loads(line) for line in log if line.startswith("{")]
    failed = [r for r in records if r["logger"] == "catalogue.request" and r["status"] == 503]
    assert [r["level"] for r in failed] == ["WARNING"]
    assert not [r for r in records if r["level"] == "ERROR"]
