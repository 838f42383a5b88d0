import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.markdown import plain_text, render_markdown
from portal.uploads import IMAGES, FileValidator, RandomName, detect_kind


def test_markdown_is_rendered_and_scripts_are_removed():
    html = render_markdown(
        "**Beslut** om [Folkets hus](https://motala.se)\n\n<script>alert(1)</script>"
        "<img src=x onerror=alert(2)> [x](javascript:alert(3))"
    )
    assert "<strong>Beslut</strong>" in html
    assert 'href="https://motala.se"' in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_reused_converter_keeps_no_state_between_texts():
    """The converter is reused per thread (and results memoised): footnotes, abbreviations and
    references of one text must not leak into the next."""
    first = render_markdown(
        "Text[^1] och [länk][ref].\n\n[^1]: Fotnot.\n\n[ref]: https://example.se"
    )
    assert "Fotnot" in first and "https://example.se" in first
    second = render_markdown("Bara [länk][ref] och [^1].")
    assert "Fotnot" not in second and "example.se" not in second
    assert render_markdown("**fet**") == render_markdown("**fet**") == "<p><strong>fet</strong></p>"
    assert render_markdown("") == render_markdown(None) == ""


def test_plain_text_strips_markup():
    assert plain_text("# Rubrik\n\n*text*") == "Rubrik\ntext"


def _png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_detects_type_by_content_not_name():
    assert detect_kind(SimpleUploadedFile("logo.pdf", _png())) == "png"
    assert detect_kind(SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n...")) == "pdf"
    assert detect_kind(SimpleUploadedFile("logo.png", b"<html><script>x</script>")) is None


def test_html_named_png_is_refused_with_a_clear_message():
    validator = FileValidator(kinds=IMAGES, max_size=1024 * 1024)
    with pytest.raises(ValidationError) as info:
        validator(SimpleUploadedFile("logo.png", b"<html><body>hi</body></html>"))
    assert info.value.code == "bad_type"


def test_html_named_pdf_is_refused():
    with pytest.raises(ValidationError):
        FileValidator(kinds=("pdf",))(SimpleUploadedFile("plan.pdf", b"<!doctype html><p>x"))


def test_too_large_file_is_refused():
    validator = FileValidator(kinds=IMAGES, max_size=100)
    with pytest.raises(ValidationError) as info:
        validator(SimpleUploadedFile("big.png", _png((64, 64))))
    assert info.value.code == "too_large"


def test_valid_png_passes():
    FileValidator(kinds=IMAGES)(SimpleUploadedFile("x.png", _png()))


def test_truncated_png_is_refused():
    with pytest.raises(ValidationError):
        FileValidator(kinds=IMAGES)(SimpleUploadedFile("x.png", _png()[:40]))


def test_random_name_never_uses_the_users_file_name():
    name = RandomName("logos")(None, "../../etc/passwd.png")
    assert name.startswith("logos/") and "passwd" not in name and ".." not in name
