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
