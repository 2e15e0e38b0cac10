"""`make bench`: load-test the catalogue at 100,000 programmes and report against the targets.

Steps: install wrk if it is missing; migrate the benchmark database (EMBEDDED_DB_NAME
catalogue_bench on the embedded PostgreSQL, or DATABASE_URL when it names a *_bench database)
and seed it once with seed_synthetic (reused while it holds at least BENCH_PROGRAMMES
programmes); collect static files; write the request paths (random programme, municipality
and region pages, 500 distinct list URLs); count each page's SQL queries with Django's test
client; serve the site with the production settings under gunicorn on a free loopback port;
warm up, then run wrk against each page and a static file (the ceiling); read the workers'
resident memory; print a table, write bench/results.json and the README's "Performance"
section; stop gunicorn (and the embedded PostgreSQL if this run started it).

Settings, from the environment: BENCH_PROGRAMMES (100000), BENCH_DURATION seconds per page
(15), BENCH_WARMUP seconds per page (3), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
WEB_CONCURRENCY (gunicorn workers; gunicorn.conf.py's default when unset).
"""

import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results.json"
README = ROOT / "README.md"
LUA = ROOT / "bench" / "urls.lua"
PAGE_CACHE = OUT / "page-cache"

PROGRAMMES = int(os.environ.get("BENCH_PROGRAMMES", "100000"))
DURATION = int(os.environ.get("BENCH_DURATION", "15"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
LIST_URLS = 500

# Targets from issue 6: share of the static file's requests/s and p99 latency.
TARGETS = {
    "home": (0.25, 50),
    "programme": (0.25, 50),
    "municipality": (0.25, 50),
    "region": (0.25, 50),
    "list (500 URLs)": (0.12, 150),
}
RSS_LIMIT_MB = 150
SEED_LIMIT_S = 60

sys.path.insert(0, str(ROOT))


def say(message: str) -> None:
    print(f"bench: {message}", flush=True)


def configure_environment() -> None:
    """Production settings (DEBUG off) against the benchmark database, on plain http."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    os.environ["DEBUG"] = "false"
    os.environ["HTTPS"] = "false"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    # "testserver" for the query counts taken with Django's test client.
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    # Every run starts with no cached page (emptied in main()).
    os.environ["PAGE_CACHE_DIR"] = str(PAGE_CACHE)
    database_url = os.environ.get("DATABASE_URL", "").strip()
    if database_url:
        if not database_url.rstrip("/").endswith("_bench"):
            sys.exit("bench: DATABASE_URL must name a database ending in _bench")
    else:
        os.environ.setdefault("EMBEDDED_DB_NAME", "catalogue_bench")
        if not os.environ["EMBEDDED_DB_NAME"].endswith("_bench"):
            sys.exit("bench: EMBEDDED_DB_NAME must end in _bench")


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("bench: wrk is missing; install it (apt-get install wrk) or run as root")
    say("installing wrk")
    subprocess.run(
        ["apt-get", "install", "-y", "--no-install-recommends", "wrk"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
    )
    return shutil.which("wrk") or sys.exit("bench: wrk did not install")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "load_average": list(os.getloadavg()),
        "python": platform.python_version(),
    }


# --- the database and the request paths -------------------------------------------------------


def prepare_database() -> dict:
    from django.core.management import call_command

    from programmes.models import Programme

    call_command("migrate", "--no-input", verbosity=0)
    have = Programme.objects.count()
    seeding_seconds = None
    if have >= PROGRAMMES:
        say(f"reusing the benchmark database: {have} programmes")
    else:
        say(f"seeding {PROGRAMMES} programmes (the database has {have})")
        started = time.monotonic()
        call_command("seed_synthetic", programmes=PROGRAMMES, reset=True)
        seeding_seconds = round(time.monotonic() - started, 1)
    call_command("collectstatic", "--no-input", verbosity=0)
    return {"programmes": Programme.objects.count(), "seeding_seconds": seeding_seconds}


def search_words(rng: random.Random) -> list[str]:
    """Words a user might type: whole words, half-typed prefixes, words without diacritics."""
    from programmes import synthetic_vocabulary as vocabulary

    words = sorted(
        {
            w.strip(".,:;!?()”\"'").lower()
            for s in vocabulary.SENTENCES_SV + vocabulary.SENTENCES_DA
            for w in s.split()
            if len(w.strip(".,:;!?()”\"'")) >= 5 and w.strip(".,:;!?()”\"'").isalpha()
        }
    )
    plain = str.maketrans("åäöæøé", "aaoaoe")
    chosen = []
    for word in rng.sample(words, min(300, len(words))):
        draw = rng.random()
        if draw < 0.2:
            word = word[: max(3, len(word) // 2)]
        elif draw < 0.35:
            word = word.translate(plain)
        chosen.append(word)
    return chosen


def list_urls(rng: random.Random, base: str) -> list[str]:
    """LIST_URLS distinct list pages: random combinations of every filter, sort and page."""
    from municipalities.models import Municipality, Region
    from programmes.models import Organisation, Status, TargetGroup, Theme

    regions = list(Region.objects.values_list("pk", "slug"))
    municipalities_by_region = {}
    for region_id, slug in Municipality.objects.values_list("region_id", "slug"):
        municipalities_by_region.setdefault(region_id, []).append(slug)
    themes = list(Theme.objects.values_list("slug", flat=True))
    groups = list(TargetGroup.objects.values_list("slug", flat=True))
    partners = list(
        Organisation.objects.exclude(kind="municipality").values_list("slug", flat=True)[:300]
    )
    words = search_words(rng)
    urls = set()
    while len(urls) < LIST_URLS:
        params = []
        searching = rng.random() < 0.4
        if searching:
            params.append(("q", " ".join(rng.sample(words, rng.choice((1, 1, 1, 2))))))
        if rng.random() < 0.1:
            params.append(("country", rng.choice(("se", "dk"))))
        if rng.random() < 0.35:
            region_id, region_slug = rng.choice(regions)
            params.append(("region", region_slug))
            if rng.random() < 0.4:
                params.append(("municipality", rng.choice(municipalities_by_region[region_id])))
        if rng.random() < 0.4:
            for theme in rng.sample(themes, rng.choice((1, 1, 2))):
                params.append(("theme", theme))
        if rng.random() < 0.25:
            params.append(("target_group", rng.choice(groups)))
        if rng.random() < 0.05:
            params.append(("partner", rng.choice(partners)))
        if rng.random() < 0.2:
            params.append(("status", rng.choice([s for s in Status.values if s != "unknown"])))
        if rng.random() < 0.2:
            params.append(("year", rng.randint(2005, 2026)))
        if rng.random() < 0.3:
            sorts = ["title", "newest", "updated"] + (["relevance"] if searching else [])
            params.append(("sort", rng.choice(sorts)))
        if rng.random() < 0.3:
            params.append(("page", rng.randint(2, 5)))
        urls.add(f"{base}?{urlencode(params)}" if params else base)
    return sorted(urls)


def write_paths() -> dict[str, Path]:
    """One file of request paths per page type."""
    from django.templatetags.static import static
    from django.urls import reverse

    from municipalities.models import Municipality, Region
    from programmes.models import Programme

    rng = random.Random(6)
    OUT.mkdir(parents=True, exist_ok=True)
    slugs = list(Programme.objects.published().values_list("slug", flat=True).order_by("?")[:3000])
    paths = {
        "static": [static("css/site.css")],
        "home": [reverse("home")],
        "programme": [reverse("programmes:programme_detail", args=[s]) for s in slugs],
        "municipality": [
            reverse("municipalities:municipality_detail", args=[s])
            for s in Municipality.objects.values_list("slug", flat=True)
        ],
        "region": [
            reverse("municipalities:region_detail", args=[s])
            for s in Region.objects.values_list("slug", flat=True)
        ],
        "list (500 URLs)": list_urls(rng, reverse("programmes:programme_list")),
    }
    files = {}
    for name, items in paths.items():
        files[name] = OUT / f"{re.sub(r'[^a-z0-9]+', '-', name).strip('-')}.txt"
        files[name].write_text("\n".join(items) + "\n", encoding="utf-8")
    return files


def query_counts(files: dict[str, Path]) -> dict[str, dict]:
    """SQL queries per page, measured once per path with Django's test client (up to 25 paths)."""
    import logging

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    logging.disable(logging.INFO)  # the request log would print every request
    client = Client()
    counts = {}
    for name, path_file in files.items():
        if name == "static":
            counts[name] = {"queries": 0, "statuses": [200]}
            continue
        numbers, statuses = [], set()
        paths = path_file.read_text(encoding="utf-8").split()[:25]
        # Once uncounted: the first page a process serves builds its facet index.
        with override_settings(CATALOGUE_PAGE_CACHE_SECONDS=0):
            client.get(paths[0])
        for path in paths:
            # What rendering the page costs; the page cache would hide it (and be filled).
            with override_settings(CATALOGUE_PAGE_CACHE_SECONDS=0):
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
            numbers.append(len(captured))
            statuses.add(response.status_code)
        counts[name] = {
            "queries": max(numbers),
            "queries_min": min(numbers),
            "statuses": sorted(statuses),
        }
    logging.disable(logging.NOTSET)
    connection.close()
    return counts


# --- gunicorn and wrk ----------------------------------------------------------------------------


def start_gunicorn(port: int, log, probe: str) -> subprocess.Popen:
    env = {**os.environ, "PORT": str(port), "BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "catalogue.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"bench: gunicorn exited with {process.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=5) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit("bench: gunicorn did not answer within 60 s")


def drain(port: int, probe: str) -> None:
    """Wait (up to 60 s) until the workers have finished requests queued by the last run."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=10):
                pass
        except OSError:
            pass
        if time.monotonic() - started < 0.5:
            return
        time.sleep(0.5)


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_mb(pid: int) -> float:
    match = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return round(int(match.group(1)) / 1024, 1)


def run_wrk(wrk: str, port: int, path_file: Path, mode: str, seconds: int) -> dict:
    command = [
        wrk,
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        str(path_file),
        mode,
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    match = re.search(r"BENCH_JSON (\{.*\})", output)
    if not match:
        sys.exit(f"bench: wrk gave no result:\n{output}")
    raw = json.loads(match.group(1))
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p90_ms": round(raw["p90_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": raw["errors_status"] + raw["errors_other"],
    }


def first_visits(port: int, path_file: Path) -> dict:
    """Every path once, CONNECTIONS at a time, before anything is cached: cold pages' cost.

    This is also the warm-up: afterwards every page wrk asks for has been rendered once.
    """
    paths = path_file.read_text(encoding="utf-8").split()

    def fetch(path):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
                response.read()
                ok = response.status == 200
        except OSError:
            ok = False
        return time.perf_counter() - started, ok

    started = time.perf_counter()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        results = list(pool.map(fetch, paths))
    elapsed = time.perf_counter() - started
    latencies = sorted(seconds for seconds, _ in results)
    return {
        "requests": len(paths),
        "rps": round(len(paths) / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1),
        "errors": sum(not ok for _, ok in results),
    }


# --- reporting -----------------------------------------------------------------------------------


def verdict(name: str, row: dict) -> str:
    if name not in TARGETS:
        return "ceiling"
    ratio, p99 = TARGETS[name]
    ok = row["ratio"] >= ratio and row["p99_ms"] < p99 and row["errors"] == 0
    return f"{'ok' if ok else 'MISS'} (≥{ratio}×, p99<{p99})"


def table(results: dict) -> str:
    header = (
        "| page | req/s | p50 ms | p99 ms | × static | SQL queries | errors | target "
        "| first visits | first req/s | first p50 ms | first p99 ms |"
    )
    lines = [header, "| --- " + "| ---: " * 6 + "| --- " + "| ---: " * 4 + "|"]
    for name, row in results["pages"].items():
        first = row["first_visits"]
        queries = row["queries"]
        if row.get("queries_min", queries) != queries:
            queries = f"{row['queries_min']}–{queries}"
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['p50_ms']} | {row['p99_ms']} | "
            f"{row['ratio']:.2f} | {queries} | {row['errors']} | {verdict(name, row)} | "
            f"{first['requests']} | {first['rps']:.0f} | {first['p50_ms']} | {first['p99_ms']} |"
        )
    rss = results["worker_rss_mb"]
    lines.append("")
    seconds = results.get("seeding_seconds")
    lines.append(
        f"seed_synthetic: {seconds} s for {results['programmes']} programmes "
        f"({'ok' if seconds < SEED_LIMIT_S else 'MISS'}: < {SEED_LIMIT_S} s)"
        if seconds is not None
        else "seed_synthetic: not run (the benchmark database was reused)"
    )
    lines.append(
        f"gunicorn workers: {len(rss)}, resident memory after the run: "
        f"{', '.join(f'{m:.0f}' for m in rss)} MB "
        f"({'ok' if rss and max(rss) < RSS_LIMIT_MB else 'MISS'}: < {RSS_LIMIT_MB} MB each)"
    )
    return "\n".join(lines)


def update_readme(results: dict, text: str) -> None:
    m = results["machine"]
    section = (
        "<!-- bench:start -->\n"
        f"Latest `make bench` ({results['finished'][:16].replace('T', ' ')} UTC): "
        f"{results['programmes']} programmes, wrk with {CONNECTIONS} connections and "
        f"{THREADS} threads for {DURATION} s per page, on {m['nproc']} × {m['cpu']}, "
        f"{m['ram_gb']} GB RAM (load average {m['load_average'][0]:.1f} before the run; "
        "the load generator shares the machine).\n\n"
        f"{text}\n"
        "<!-- bench:end -->"
    )
    readme = README.read_text(encoding="utf-8")
    if "<!-- bench:start -->" not in readme:
        say("README has no bench markers; not updated")
        return
    README.write_text(
        re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", lambda _: section, readme, flags=re.S),
        encoding="utf-8",
    )


def main() -> None:
    configure_environment()
    wrk = ensure_wrk()
    embedded = not os.environ.get("DATABASE_URL")
    from catalogue import embedded_postgres

    embedded_was_running = embedded and embedded_postgres.is_running()
    gunicorn = None
    try:
        import django

        django.setup()
        database = prepare_database()
        files = write_paths()
        counts = query_counts(files)
        for name, count in counts.items():
            if 500 in count["statuses"]:
                sys.exit(f"bench: {name} answers {count['statuses']}; fix that first")
            if any(status > 500 for status in count["statuses"]):
                # 503: a query hit the statement timeout. Measured anyway, as errors.
                say(f"warning: {name} answers {count['statuses']}")

        shutil.rmtree(PAGE_CACHE, ignore_errors=True)
        port = free_port()
        log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 (closed with the process)
        say(f"starting gunicorn on 127.0.0.1:{port} (log: {log.name})")
        static_path = files["static"].read_text(encoding="utf-8").strip()
        gunicorn = start_gunicorn(port, log, static_path)
        load_before = os.getloadavg()

        pages = {}
        for name, path_file in files.items():
            mode = "cycle" if name.startswith("list") else "random"
            say(f"{name}: first visits")
            first = first_visits(port, path_file)
            drain(port, static_path)
            if WARMUP:
                run_wrk(wrk, port, path_file, mode, WARMUP)
                drain(port, static_path)
            say(f"{name}: {DURATION} s")
            pages[name] = {
                **run_wrk(wrk, port, path_file, mode, DURATION),
                **counts[name],
                "first_visits": first,
            }
            drain(port, static_path)
        ceiling = pages["static"]["rps"] or 1
        for row in pages.values():
            row["ratio"] = round(row["rps"] / ceiling, 3)
        rss = [rss_mb(pid) for pid in worker_pids(gunicorn.pid)]

        results = {
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {**machine(), "load_average": list(load_before)},
            **database,
            "duration_s": DURATION,
            "connections": CONNECTIONS,
            "threads": THREADS,
            "workers": len(rss),
            "pages": pages,
            "worker_rss_mb": rss,
            "commit": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip(),
        }
        text = table(results)
        print()
        print(text)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        update_readme(results, text)
        say(f"wrote {RESULTS.relative_to(ROOT)} and the README's Performance section")
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        if embedded and not embedded_was_running:
            embedded_postgres.stop()


if __name__ == "__main__":
    main()
