"""The portal under load on the production stack: gunicorn (DEBUG=0) + PostgreSQL + Redis + a
Celery worker (concurrency 2, as docker-compose.yml) on loopback, driven by wrk (8 connections, bounded in time).

For each key page: requests/s, p50/p95/p99, errors, SQL queries per page (counted in-process on
the same database) and throughput as a ratio of the floor (a minimal view and a static file).
Runs last in `make bench`, after the other parts have seeded their data.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("BENCH_PORT", "8097"))
BASE = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_SECONDS", "5")
CONNECTIONS = 8
TARGET_P95_MS = 100
TARGET_SEARCH_P95_MS = 150
TARGET_QUERIES = 10
MAIL_DIR = ROOT / "results" / "mail"


def key_pages() -> list[tuple[str, str, str | None, bool]]:
    """(label, path, persona, is_search). Each app contributes the pages that exist."""
    from tests.perf import pages

    return pages.key_pages()


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DEBUG="0",
        DEMO="0",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-" + "x" * 50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
        EMAIL_URL=f"file://{MAIL_DIR}",
        DATABASE_URL=os.environ["DATABASE_URL"],
        LOG_LEVEL="WARNING",
    )
    return env


def _uncached(path: str, user) -> tuple[int, float]:
    """SQL queries and in-process render time (p50 of 5, ms) of the page with the page cache
    off: what a visitor pays on a cache miss (a hit costs no query)."""
    import statistics

    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    from django.test.utils import override_settings

    client.get(path)  # warm caches the same way the server is warm
    with override_settings(PAGE_CACHE=False):
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        queries = len(ctx.captured_queries)  # now: the next request resets the query log
        times = []
        for _ in range(5):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
    return queries, statistics.median(times)


def _cookie_for(user) -> str:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _wrk(path: str, cookie: str | None) -> dict:
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "5s",
           "-s", str(ROOT / "tests/perf/wrk_report.lua")]  # fmt: skip
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*cmd, BASE + path], capture_output=True, text=True, timeout=120).stdout
    line = next(line for line in out.splitlines() if line.startswith("{"))
    data = json.loads(line)
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def _warm(path: str, cookie: str | None) -> None:
    """One request before the timed run: caches and each worker's first hit are not the
    steady state wrk measures (8 cold requests at once would each render the same page)."""
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie} if cookie else {})
    with contextlib.suppress(OSError):  # wrk reports the errors
        urllib.request.urlopen(request, timeout=60).read()


def _worker_peak_memory_mb(master_pid: int) -> float:
    peak = 0
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peak = max(peak, int(match.group(1)))
    return peak / 1024


def run(bench) -> None:
    if not shutil.which("wrk"):
        bench.record("load test", 0, "-", note="wrk is not installed (apt-get install wrk)")
        return
    MAIL_DIR.mkdir(parents=True, exist_ok=True)
    env = _env()
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "3", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    worker = subprocess.Popen(
        [python, "-m", "celery", "-A", "portal", "worker", "--concurrency", "2", "--loglevel", "WARNING"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(BASE + "/livez", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        home = urllib.request.urlopen(BASE + "/", timeout=10).read().decode()
        css = re.search(r"/static/css/site\.[0-9a-f]{12}\.css", home).group(0)
        floor = None
        rows = [
            ("floor: minimal view", "/livez", None, False),
            ("floor: static file", css, None, False),
        ]
        rows += key_pages()
        # BENCH_PAGES="calendar,my bookings": only the pages whose label contains one of these
        # (the floor is always measured); BENCH_LIVE=0 skips the live part below.
        wanted = [w.strip() for w in os.environ.get("BENCH_PAGES", "").split(",") if w.strip()]
        if wanted:
            rows = rows[:2] + [r for r in rows[2:] if any(w in r[0] for w in wanted)]
        for label, path, persona, is_search in rows:
            user = _persona(persona)
            cookie = _cookie_for(user) if user else None
            _warm(path, cookie)
            result = _wrk(path, cookie)
            queries, render_ms = (0, 0.0) if path in ("/livez", css) else _uncached(path, user)
            if label == "floor: minimal view":
                floor = result["rps"]
            target = TARGET_SEARCH_P95_MS if is_search else TARGET_P95_MS
            ok = (
                result["requests"] > 0
                and result["p95"] <= target
                and result["errors"] + result["non2xx"] == 0
                and queries <= TARGET_QUERIES
            )
            flag = " (> 10!)" if queries > TARGET_QUERIES else ""
            bench.record(
                f"{label} {path[:40]}",
                result["p95"],
                "ms p95",
                target=f"<= {target} ms, 0 errors, <= {TARGET_QUERIES} queries",
                ok=ok if not label.startswith("floor") else None,
                note=(
                    f"{result['rps']:.0f} req/s ({result['rps'] / floor:.2f} of floor), "
                    f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, "
                    f"errors {result['errors'] + result['non2xx']}, {queries} queries{flag}, "
                    f"uncached render p50 {render_ms:.0f} ms"
                ),
            )
        if os.environ.get("BENCH_LIVE", "1") != "0":
            _live(bench, env)
        bench.record("web worker peak memory", _worker_peak_memory_mb(gunicorn.pid), "MB")
    finally:
        for process in (gunicorn, worker):
            process.terminate()
            process.wait(timeout=30)


def _live(bench, env) -> None:
    """Parts' ``live(bench, port=, celery_app=, mail_dir=)``: figures that need the running stack
    (concurrent bookings over HTTP, the reminder run and report runs through the worker)."""
    import importlib
    import pkgutil

    from celery import Celery

    app = Celery("bench", broker=env["REDIS_URL"], backend=env["REDIS_URL"], set_as_current=False)
    here = Path(__file__).parent
    for module in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not module.name.startswith("bench_") or module.name == "bench_http":
            continue
        part = importlib.import_module(f"tests.perf.{module.name}")
        if hasattr(part, "live"):
            part.live(bench, port=PORT, celery_app=app, mail_dir=MAIL_DIR)


def _persona(name):
    if not name:
        return None
    from django.contrib.auth import get_user_model

    from tests.perf.pages import with_authenticator

    return with_authenticator(get_user_model().objects.filter(email=name).first())
