"""gunicorn settings for the catalogue; the ones a deployment changes come from the environment.

Used by `make run` / `manage.py serve` (loopback, plain http) and `make serve` (production
style, behind a reverse proxy that terminates TLS and buffers requests). README "Deploying"
lists the variables.
"""

import os


def _cpu_count() -> int:
    # The CPUs this process may run on (a container's cpuset), not the host's total.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# --- Where to listen ---------------------------------------------------------------------------
# Loopback by default: the reverse proxy on the same host publishes the site. A proxy on another
# host needs BIND=0.0.0.0:8000 (and a firewall) or a Unix socket: BIND=unix:/run/catalogue.sock.
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# --- Workers -----------------------------------------------------------------------------------
# Sync workers: pages are short, database-bound requests, and the proxy in front buffers slow
# clients (a sync worker serves one request at a time, so it must never wait on a client).
# Two per CPU keeps every CPU busy while the other worker waits on PostgreSQL.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", _cpu_count() * 2))
# Sync workers close the connection after each response; keep-alive is the proxy's business.

# Each worker imports the application itself (no preload): `kill -HUP` then loads new code,
# and no database connection can ever be shared across a fork.
preload_app = False

# Worker heartbeats go through a file; on /dev/shm (memory) a slow or full disk cannot make
# the master think a healthy worker hangs. Common advice for containers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# --- Timeouts ----------------------------------------------------------------------------------
# A worker silent for this long is killed and replaced. PostgreSQL's statement_timeout
# (DATABASE_STATEMENT_TIMEOUT_MS, 10 s) and connect timeout (5 s) fire well before, so this
# only catches the truly stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (a deploy, a stop) workers finish the requests in progress for up to this long,
# then are killed. Shorter than the usual 30 s a process manager waits before SIGKILL.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))

# --- Recycling ---------------------------------------------------------------------------------
# Replace each worker after about this many requests, so a slow leak cannot grow; the jitter
# spreads the restarts so the workers never all restart at once. Not fewer: a new worker
# imports Django and rebuilds its facet index (a second at 100,000 programmes), and at
# 2,000 requests a busy worker did that every few seconds (p99 up by 20 ms in `make bench`).
max_requests = 20000
max_requests_jitter = 2000

# --- Behind the reverse proxy -------------------------------------------------------------------
# Addresses whose X-Forwarded-Proto (and -For) gunicorn believes: the proxy's, nobody else's.
# With it, a request the proxy received over https is https to Django (secure cookies, HSTS, no
# redirect loop) without SECURE_PROXY_SSL_HEADER. Comma-separated; "*" trusts every client, so
# use it only when nothing but the proxy can reach gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# --- Logs --------------------------------------------------------------------------------------
# JSON lines like Django's (catalogue/logging.py): the access log (one line per request with the
# request id, status, bytes, duration; query strings with secrets redacted) goes to stdout,
# gunicorn's own messages (start, stop, worker timeouts) to stderr. ACCESS_LOG=off leaves the
# application's own request line (which also has the SQL query count) as the only one.
logger_class = "catalogue.logging.GunicornLogger"
accesslog = None if os.environ.get("ACCESS_LOG", "on").strip().lower() == "off" else "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "catalogue"
