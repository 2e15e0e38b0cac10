# The catalogue's commands. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

# Local runs serve plain http on loopback; a secret key is made once and kept in var/.
LOCAL_ENV = HTTPS=$${HTTPS:-false} SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}"

.PHONY: run serve test check lint migrations-check stop-db clean bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

## run: install, migrate, load the catalogue, collect static files, serve on 127.0.0.1:$PORT
run: $(STAMP) var/secret_key
	$(LOCAL_ENV) $(PY) manage.py migrate --no-input
	$(LOCAL_ENV) $(PY) manage.py load_catalogue
	$(LOCAL_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(LOCAL_ENV) $(PY) manage.py serve

## serve: production style: gunicorn with gunicorn.conf.py on $$BIND, settings from the
## environment only (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL…; see README "Deploying").
## Refuses to start while `check --deploy` finds a problem. Migrations and collectstatic are
## deploy steps, not part of starting the server.
serve: $(STAMP)
	@test -n "$$SECRET_KEY" || { echo "make serve: SECRET_KEY is not set (see README, Deploying)" >&2; exit 1; }
	$(PY) manage.py check --deploy --fail-level WARNING
	exec $(PY) -m gunicorn -c gunicorn.conf.py catalogue.wsgi

## test: the whole suite on PostgreSQL (embedded, or DATABASE_URL when set)
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

## check: the cheap gates CI runs before the tests
check: $(STAMP) var/secret_key
	$(PY) -m ruff check .
	$(LOCAL_ENV) $(PY) manage.py check
	$(LOCAL_ENV) $(PY) manage.py makemigrations --check --dry-run

## bench: seed a 100,000-programme *_bench database once, serve it with gunicorn, load it with wrk
bench: $(STAMP)
	$(PY) bench/run.py

## stop-db: stop the embedded PostgreSQL if something left it running
stop-db: $(STAMP)
	$(PY) -c "from catalogue import embedded_postgres as e; print('stopped' if e.stop() else 'not running')"

clean: stop-db
	rm -rf $(VENV) var staticfiles
