"""Summarise a pip-audit JSON report for .ci/security (policy documented there).

Usage: audit_summary.py REPORT.json PIP_AUDIT_EXIT_CODE REQUIRED(0|1) STDERR_FILE
Exit 1 on a known vulnerability; on an audit that could not judge the packages, exit 1 only
when REQUIRED is 1 (a loud warning otherwise).
"""

import json
import sys


def main(path, rc, required, err) -> int:
    try:
        with open(path) as handle:
            deps = json.load(handle)["dependencies"]
    except (OSError, ValueError, KeyError, TypeError):
        deps = None
    if deps is None:
        try:
            with open(err) as handle:
                tail = handle.read().strip().splitlines()[-1:] or ["no output"]
        except OSError:
            tail = ["no output"]
        print(
            f"pip-audit: COULD NOT RUN (exit {rc}; vulnerability service unreachable?): "
            f"{tail[0][:300]}",
            file=sys.stderr,
        )
        return 1 if required else 0
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if "skip_reason" in d]
    audited = len(deps) - len(skipped)
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(
                f"VULNERABLE {dep['name']} {dep.get('version')}: {vuln['id']} (fixed in {fixes})",
                file=sys.stderr,
            )
    print(
        f"pip-audit: {audited} of {len(deps)} locked packages audited, "
        f"{len(vulnerable)} vulnerable, {len(skipped)} skipped"
    )
    if vulnerable:
        return 1
    if skipped:
        what = (
            " SECURITY_AUDIT_REQUIRED=1: failing."
            if required
            else " Set SECURITY_AUDIT_REQUIRED=1 to fail instead."
        )
        print(
            f"WARNING: pip-audit could not audit {len(skipped)} package(s), e.g. "
            f"{skipped[0]['skip_reason']}. The vulnerability service is unreachable or this "
            f"index is a mirror without vulnerability data.{what}",
            file=sys.stderr,
        )
        return 1 if required else 0
    return 0


if __name__ == "__main__":
    report, code, required, stderr = sys.argv[1:5]
    sys.exit(main(report, int(code), required == "1", stderr))
