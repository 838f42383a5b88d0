"""The CI security step (.ci/security): its pip-audit policy and its bandit gate."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = ROOT / ".ci" / "audit_summary.py"


def _summary(tmp_path, report, required=False):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report) if report is not None else "not json")
    err = tmp_path / "err.txt"
    err.write_text("ConnectionError: Failed to resolve 'pypi.org'\n")
    return subprocess.run(
        [sys.executable, SUMMARY, path, "1", "1" if required else "0", err],
        capture_output=True,
        text=True,
    )


def test_the_ci_step_is_executable_and_run_by_ci():
    assert os.access(ROOT / ".ci" / "security", os.X_OK)
    assert ".ci/security" in (ROOT / ".ci" / "run").read_text()


def test_a_known_vulnerability_fails_even_when_the_audit_is_optional(tmp_path):
    report = {"dependencies": [
        {"name": "django", "version": "6.1.3", "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["6.1.4"]}]},
        {"name": "nh3", "version": "0.3.7", "vulns": []},
    ]}  # fmt: skip
    result = _summary(tmp_path, report)
    assert result.returncode == 1
    assert "VULNERABLE django 6.1.3: PYSEC-2026-1 (fixed in 6.1.4)" in result.stderr


def test_a_clean_audit_passes(tmp_path):
    result = _summary(
        tmp_path, {"dependencies": [{"name": "nh3", "version": "0.3.7", "vulns": []}]}
    )
    assert result.returncode == 0
    assert "1 of 1 locked packages audited, 0 vulnerable" in result.stdout


@pytest.mark.parametrize("required", [False, True])
def test_an_audit_that_checked_nothing_warns_loudly_and_fails_only_when_required(
    tmp_path, required
):
    report = {"dependencies": [{"name": "nh3", "skip_reason": "Dependency not found on PyPI"}]}
    result = _summary(tmp_path, report, required=required)
    assert "WARNING: pip-audit could not audit 1 package(s)" in result.stderr
    assert result.returncode == (1 if required else 0)
    unreachable = _summary(tmp_path, None, required=required)
    assert "COULD NOT RUN" in unreachable.stderr
    assert unreachable.returncode == (1 if required else 0)


def test_bandit_blocks_a_high_severity_finding(tmp_path):
    bandit = shutil.which("bandit", path=str(ROOT / ".venv" / "bin")) or shutil.which("bandit")
    if not bandit:
        pytest.skip("bandit is not installed")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "views.py").write_text(
        "import subprocess\n\ndef run(name):\n    subprocess.call('ls ' + name, shell=True)\n"
    )
    assert subprocess.run([bandit, "-q", "-r", bad, "-lll"], capture_output=True).returncode == 1
    apps = [a for a in ("portal", "associations", "resources", "bookings", "councils", "microfund")
            if (ROOT / a).is_dir()]  # fmt: skip
    clean = subprocess.run(
        [bandit, "-q", "-r", *apps, "-lll", "-x", "*/migrations/*"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert clean.returncode == 0, clean.stdout
