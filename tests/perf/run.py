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


def main(argv: list[str]) -> int:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ideburna_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    wanted = set(argv)
    bench = Bench()
    package = importlib.import_module("tests.perf")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        part = info.name.removeprefix("bench_")
        if wanted and part not in wanted:
            continue
        print(f"\n## {part}", flush=True)
        bench.part = part
        importlib.import_module(f"tests.perf.{info.name}").run(bench)

    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    rows = [asdict(f) for f in bench.figures]
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    lines = ["| part | figure | value | unit | target | |", "|---|---|---:|---|---|---|"]
    for f in bench.figures:
        mark = "" if f.ok is None else ("ok" if f.ok else "**missed**")
        lines.append(f"| {f.part} | {f.name} | {f.value} | {f.unit} | {f.target} | {mark} |")
    table = "\n".join(lines)
    (RESULTS / "bench-latest.md").write_text(table + "\n")
    print("\n" + table)
    return 1 if any(f.ok is False for f in bench.figures) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
