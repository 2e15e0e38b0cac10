"""gunicorn settings for the catalogue; every value can be overridden from the environment."""

import multiprocessing
import os

# Loopback by default: a reverse proxy in front publishes the site.
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# Sync workers: pages are short database-bound requests; two per core keeps both cores busy
# while one worker waits on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = "sync"

# Kill a worker stuck longer than this; the database's statement_timeout fires first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM, let in-flight requests finish for up to this long.
graceful_timeout = 20
keepalive = 5

# Recycle workers now and then so slow leaks cannot grow; jitter avoids all restarting at once.
max_requests = 2000
max_requests_jitter = 200

# Access log to stdout, for the platform's log collector.
accesslog = "-"
errorlog = "-"
