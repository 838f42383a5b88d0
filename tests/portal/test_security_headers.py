import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/om/", "/konto/login/", "/konto/signup/", "/tillganglighet/"]


@pytest.mark.parametrize("path", PAGES)
def test_strict_self_only_csp_without_inline_script(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


@pytest.mark.parametrize("path", PAGES)
def test_security_headers(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_inline_script_in_our_templates():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        str(p) for p in root.rglob("*.html")
        if "<script>" in p.read_text() or " onclick=" in p.read_text() or " style=" in p.read_text()
    ]  # fmt: skip
    assert not offenders


# --- Every public page of every app (from the authorization matrix) ----------------------------


def _public_get_rules():
    from tests.access import OK, all_rules

    return [r for r in all_rules() if r.method == "get" and r.expect.get("anonymous") == OK]


@pytest.mark.parametrize("rule", _public_get_rules(), ids=str)
def test_every_public_page_sends_the_security_headers(client, rule):
    from django.urls import reverse

    from tests.access import World

    kwargs = rule.setup(World()) if rule.setup else {}
    response = client.get(reverse(rule.url_name, kwargs=kwargs or None), **rule.extra)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    content_type = response.headers.get("Content-Type", "")
    if content_type.startswith("text/html"):
        csp = response.headers["Content-Security-Policy"]
        directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
        assert directives["script-src"] == ["'self'"], csp
        assert directives["frame-ancestors"] == ["'none'"], csp
        assert "unsafe-inline" not in directives.get("script-src", [])
        assert "unsafe-eval" not in csp


def test_production_sends_hsts_and_redirects_http_to_https():
    import json

    from tests.portal.test_settings import PRODUCTION, _run_manage

    code = (
        "import json; from django.test import Client; c = Client(); "
        "s = c.get('/livez', secure=True, HTTP_HOST='ideburna.example.se'); "
        "p = c.get('/livez', HTTP_HOST='ideburna.example.se'); "
        "print(json.dumps([s.status_code, s.headers.get('Strict-Transport-Security'), "
        "p.status_code, p.headers.get('Location')]))"
    )
    result = _run_manage("shell", "-c", code, env_extra=PRODUCTION)
    assert result.returncode == 0, result.stderr
    status, hsts, plain_status, location = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 200
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert plain_status == 301 and location.startswith("https://")


def test_no_hsts_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/om/").headers
