"""`make bench`: seed a large data set into PostgreSQL and print figures.

Each ``tests/perf/bench_<part>.py`` defines ``run(bench)``; it seeds what it needs (idempotently)
and calls ``bench.record(...)`` for each figure. Results are printed as a Markdown table and
written to ``results/bench-<timestamp>.json`` and ``results/bench-latest.md`` (ignored by git).

Usage: python -m tests.perf.run [part ...]      (DATABASE_URL defaults to a local PostgreSQL)
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results"


@dataclass
class Figure:
    part: str
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None
    note: str = ""


@dataclass
class Bench:
    part: str = ""
    figures: list[Figure] = field(default_factory=list)

    def record(self, name, value, unit, *, target="", ok=None, note=""):
        figure = Figure(self.part, name, round(float(value), 3), unit, target, ok, note)
        self.figures.append(figure)
        mark = "" if ok is None else (" ok" if ok else " MISSED")
        print(
            f"  {self.part:<12} {name:<55} {figure.value:>10} {unit:<6} {target}{mark}", flush=True
        )
        return figure

    @staticmethod
    def timings(func, *, repeat: int = 30, warmup: int = 3) -> dict:
        """Run ``func`` repeatedly; return p50/p95/max in milliseconds."""
        for _ in range(warmup):
            func()
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            func()
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        return {
            "p50": statistics.median(samples),
            "p95": samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))],
            "max": samples[-1],
        }


def _create_database() -> None:
    """Create the bench database on first use."""
    import psycopg
    from django.db import connection

    name = connection.settings_dict["NAME"]
    params = {k: v for k, v in connection.get_connection_params().items() if k != "dbname"}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def _analyze() -> None:
    """Fresh planner statistics after bulk seeding (autovacuum would get there later), so the
    load run measures the plans production gets."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"\n(VACUUM ANALYZE: {time.perf_counter() - start:.1f} s)", flush=True)


def main(argv: list[str]) -> int:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ideburna_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    # The load run's gunicorn uses the same key: sessions the bench makes must verify there.
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    import django

    django.setup()
    _create_database()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    wanted = set(argv)
    bench = Bench()
    package = importlib.import_module("tests.perf")
    # The HTTP load test runs last, on the data the other parts seeded.
    modules = sorted(
        pkgutil.iter_modules(package.__path__), key=lambda m: (m.name == "bench_http", m.name)
    )
    for info in modules:
        if not info.name.startswith("bench_"):
            continue
        part = info.name.removeprefix("bench_")
        if wanted and part not in wanted:
            continue
        if part == "http":
            _analyze()
        print(f"\n## {part}", flush=True)
        bench.part = part
        importlib.import_module(f"tests.perf.{info.name}").run(bench)

    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    rows = [asdict(f) for f in bench.figures]
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    lines = [
        "| part | figure | value | unit | target | | notes |",
        "|---|---|---:|---|---|---|---|",
    ]
    for f in bench.figures:
        mark = "" if f.ok is None else ("ok" if f.ok else "**missed**")
        lines.append(
            f"| {f.part} | {f.name} | {f.value} | {f.unit} | {f.target} | {mark} | {f.note} |"
        )
    table = "\n".join(lines)
    (RESULTS / "bench-latest.md").write_text(table + "\n")
    print("\n" + table)
    return 1 if any(f.ok is False for f in bench.figures) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
