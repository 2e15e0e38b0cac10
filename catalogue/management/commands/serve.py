"""Serve the catalogue with gunicorn, the way ``make run`` does.

Why a command rather than calling gunicorn directly: it first checks, with one clear line
each, that the port is free and the database answers, and when gunicorn stops (Ctrl-C) it
stops the embedded PostgreSQL too, so nothing is left running.
"""

import os
import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from catalogue import embedded_postgres


class Command(BaseCommand):
    help = "Serve the site with gunicorn and whitenoise on 127.0.0.1:PORT (default 8000)."

    def handle(self, *args, **options):
        raw_port = os.environ.get("PORT", "8000")
        if not raw_port.isdigit() or not 0 < int(raw_port) < 65536:
            raise CommandError(f"PORT must be a number from 1 to 65535, not {raw_port!r}")
        port = int(raw_port)

        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                raise CommandError(
                    f"Port {port} on 127.0.0.1 is already in use; stop what uses it or set PORT."
                ) from None

        try:
            connection.ensure_connection()
        except OperationalError as exc:
            raise CommandError(
                f"The database does not answer: {str(exc).splitlines()[0]}"
            ) from None
        connection.close()

        embedded = not settings.DATABASE_URL
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(settings.BASE_DIR / "gunicorn.conf.py"),
        ]
        gunicorn = subprocess.Popen(
            [*command, "catalogue.wsgi"], env={**os.environ, "PORT": str(port)}
        )
        self.stdout.write(self.style.SUCCESS(f"Serving on http://127.0.0.1:{port}/ (Ctrl-C stops)"))

        # Ctrl-C reaches gunicorn through the terminal; here we only wait for it to finish.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, lambda *_: gunicorn.terminate())
        try:
            gunicorn.wait()
        finally:
            if embedded and embedded_postgres.stop():
                self.stdout.write("Embedded PostgreSQL stopped.")
