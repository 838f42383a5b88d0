"""Real-browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright, never a
downloaded browser. axe-core comes from the npm package installed under tests/e2e/node_modules."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.factories import make_role_groups
from tests.utils import skip_or_fail

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser context (Swedish, 1280 px) on the live server, with the role groups."""
    make_role_groups()
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        bypass_csp=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def login(page, email: str, password: str, totp_secret: str | None = None) -> None:
    """Log in through the real form; answer the two-factor step (staff) with the TOTP code
    computed from ``totp_secret`` (the factories' ``TOTP_SECRET`` by default)."""
    from tests.factories import TOTP_SECRET, totp_code

    page.goto("/konto/login/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    for attempt in range(3):
        if "/2fa/authenticate" not in page.url:
            break
        # A code is accepted once per 30-second period and only in its own period: wait for a
        # fresh period when this account already used the current one, or it is about to end.
        period = int(time.time() // 30)
        if attempt or _LAST_TOTP_PERIOD.get(email) == period or time.time() % 30 > 27:
            time.sleep(30 - time.time() % 30 + 0.2)
        _LAST_TOTP_PERIOD[email] = int(time.time() // 30)
        page.locator("input[name=code]").fill(totp_code(totp_secret or TOTP_SECRET))
        with page.expect_navigation():
            page.locator("form[action*='2fa/authenticate'] button[type=submit]").first.click()
    assert "/2fa/authenticate" not in page.url, f"the two-factor code was refused for {email}"


# The TOTP period each e-mail address last logged in with (a code is accepted once).
_LAST_TOTP_PERIOD: dict[str, int] = {}


def assert_accessible(page, *, context: str = "") -> None:
    """Run axe-core on the current page for WCAG 2.1 A and AA: no violations."""
    if not AXE.exists():
        skip_or_fail(f"axe-core is not installed ({AXE}); run `npm ci --prefix tests/e2e`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not violations, f"axe violations on {context or page.url}:\n" + "\n".join(violations)
