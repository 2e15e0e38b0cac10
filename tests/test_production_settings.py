"""Production settings come from the environment, and Django's deployment check passes."""

import os
import secrets
import subprocess
import sys

import pytest

from tests.servers import BASE_DIR, child_database_env, manage

# Set for the test process (tests/conftest.py, catalogue/test_settings.py), not by an operator.
NOT_PRODUCTION = ("DEBUG", "HTTPS", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE",
                  "DJANGO_SETTINGS_MODULE")


def production_env(**overrides):
    """What an operator sets (README, Deploying): DEBUG and HTTPS left at their defaults."""
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "katalog.example.se",
        "CSRF_TRUSTED_ORIGINS": "https://katalog.example.se",
        "SECURITY_CONTACT": "security@example.se",
        "DEBUG": "",
        "HTTPS": "",
        **overrides,
    }
    # Unset DEBUG and HTTPS: an empty value would be read as "false".
    return {k: v for k, v in env.items() if v != ""}


def check_deploy(env):
    """`manage.py check --deploy` in an environment with only the operator's variables."""
    base = {k: v for k, v in os.environ.items() if k not in NOT_PRODUCTION}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env={**base, **env}, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.django_db
def test_check_deploy_reports_nothing_with_production_environment_variables():
    result = check_deploy({**production_env(), **child_database_env()})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "warning"),
    [
        ({"HTTPS": "false"}, "security.W008"),  # no https redirect
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "false"}, "security.W005"),
        ({"DEBUG": "true"}, "security.W018"),
        ({"SECRET_KEY": "short"}, "security.W009"),
    ],
)
def test_check_deploy_notices_each_weakened_setting(overrides, warning):
    # Proof that the check above could fail: each weakening is reported.
    result = check_deploy({**production_env(**overrides), **child_database_env()})
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


@pytest.mark.django_db
def test_hsts_preload_is_a_choice_and_then_nothing_is_silenced():
    result = check_deploy({**production_env(SECURE_HSTS_PRELOAD="true"), **child_database_env()})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(0 silenced)" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https"),
        ("LOG_LEVEL", "chatty"),
        ("SECURITY_TXT_EXPIRES", "next spring"),
        ("SECURE_HSTS_SECONDS", "a year"),
    ],
)
def test_a_malformed_security_variable_is_one_clear_line(variable, value):
    result = manage("check", env={"SECRET_KEY": "x", variable: value})
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and variable in lines[0], result.stderr


def test_the_proxy_ssl_header_is_read_from_the_environment():
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = manage(
        "shell", "-c", code, env={"SECRET_KEY": "x", "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}
    )
    assert result.stdout.strip().endswith("('HTTP_X_FORWARDED_PROTO', 'https')"), result.stderr
    unset = manage("shell", "-c", code, env={"SECRET_KEY": "x", "SECURE_PROXY_SSL_HEADER": ""})
    assert unset.stdout.strip().endswith("None")  # Django's default: trust no header
