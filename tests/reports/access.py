"""Authorization rules for the coordinators' dashboard, key figures and report runs."""

from __future__ import annotations

from tests.access import DENIED, LOGIN, OK, PERSONAS, REDIRECT, Access, role_only


def _run(world):
    from tests.reports.factories import done_run

    return {"pk": done_run().pk}


def _download(fmt):
    def setup(world):
        return {**_run(world), "fmt": fmt}

    return setup


def _report_data(world):
    return {"kind": "keyfigures", "period_start": "2026-01-01", "period_end": "2026-06-30"}


def _sector_data(world):
    return {"sector": "municipality", "employed_with_support": 5, "placements": 2,
            "employees_total": 40}  # fmt: skip


def _association_data(world):
    from tests.reports.factories import open_term

    open_term()
    return {"employed_with_support": 1, "placements": 1, "employees_total": 3}


# An association's admins (the owner, and another association's admin acting for their own)
# report their own association's figures; no one else has an association to report for.
association_admins = dict.fromkeys(PERSONAS, DENIED) | {"anonymous": LOGIN, "owner": OK,
                                                         "other_admin": OK}  # fmt: skip

RULES = [
    Access("reports:dashboard", role_only("coordinator")),
    Access("reports:keyfigures", role_only("coordinator")),
    Access("reports:sector_figures", role_only("coordinator")),
    Access(
        "reports:sector_figures",
        role_only("coordinator", ok=REDIRECT),
        method="post",
        data=_sector_data,
    ),
    Access("reports:runs", role_only("coordinator")),
    Access("reports:runs", role_only("coordinator", ok=REDIRECT), method="post", data=_report_data),
    Access("reports:run_detail", role_only("coordinator"), setup=_run),
    Access("reports:run_status", role_only("coordinator"), setup=_run),
    Access("reports:run_download", role_only("coordinator"), setup=_download("csv"), label="csv"),
    Access("reports:run_download", role_only("coordinator"), setup=_download("pdf"), label="pdf"),
    Access("reports:association_figures", association_admins),
    Access(
        "reports:association_figures",
        dict(association_admins, owner=REDIRECT, other_admin=REDIRECT),
        method="post",
        data=_association_data,
    ),
]
