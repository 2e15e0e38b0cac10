"""Configuration mistakes end with one clear line and a non-zero exit, never a traceback."""

import socket

import pytest

from tests.servers import manage


def assert_one_clear_line(result, *words):
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


def test_malformed_database_url():
    result = manage("migrate", env={"DATABASE_URL": "mysql://nope", "SECRET_KEY": "x"})
    assert_one_clear_line(result, "DATABASE_URL")


def test_database_url_with_a_broken_port():
    result = manage(
        "migrate", env={"DATABASE_URL": "postgresql://u:p@localhost:notaport/db", "SECRET_KEY": "x"}
    )
    assert_one_clear_line(result, "DATABASE_URL")


def test_unreachable_database_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    result = manage(
        "migrate",
        env={"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{closed_port}/x", "SECRET_KEY": "x"},
    )
    assert_one_clear_line(result, "Database error")


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = manage("check", env={"SECRET_KEY": "", "DEBUG": "false"})
    assert_one_clear_line(result, "SECRET_KEY")


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    result = manage("check", env={"SECRET_KEY": "x", "DEBUG": "maybe"})
    assert_one_clear_line(result, "DEBUG")


@pytest.mark.django_db
def test_serve_refuses_a_port_in_use():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = manage("serve", env={"PORT": str(port), "SECRET_KEY": "x", "HTTPS": "false"})
    assert_one_clear_line(result, f"Port {port}", "in use")
