"""The site as `make run` serves it: gunicorn, whitenoise and hashed static files."""

import re
import urllib.request

import pytest

from tests.servers import gunicorn, manage


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    result = manage(
        "collectstatic",
        "--no-input",
        "--verbosity",
        "0",
        env={"STATIC_ROOT": str(root), "SECRET_KEY": "x", "HTTPS": "false"},
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_swedish_home_page_and_immutable_static_files(collected_static):
    with gunicorn({"STATIC_ROOT": str(collected_static)}) as base_url:
        with urllib.request.urlopen(base_url + "/") as response:
            assert response.status == 200
            html = response.read().decode()
        assert '<html lang="sv">' in html
        assert "Hälsofrämjande" in html or "hälsofrämjande" in html

        css_path = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
        assert css_path, "the stylesheet is linked under its hashed name"
        with urllib.request.urlopen(base_url + css_path.group(1)) as css:
            assert css.status == 200
            assert "max-age=315360000" in css.headers["Cache-Control"]
            assert "immutable" in css.headers["Cache-Control"]
            assert css.read()
