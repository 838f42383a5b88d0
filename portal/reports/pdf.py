"""A small dependency-free PDF writer: a title and a monospaced table, over as many A4 pages
(landscape) as it takes. Text is WinAnsi-encoded, so Swedish letters (å, ä, ö) print."""

from __future__ import annotations

PAGE_W, PAGE_H = 842, 595  # A4 landscape, points
MARGIN = 36
FONT_SIZE = 8
LEADING = 11
CHAR_W = FONT_SIZE * 0.6  # Courier


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _lines(title: str, header: list[str], rows: list[list], subtitle: str = "") -> list[str]:
    max_chars = int((PAGE_W - 2 * MARGIN) / CHAR_W)
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    columns = max((len(r) for r in cells), default=0)
    widths = [0] * columns
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = min(max(widths[i], len(cell)), 28)
    lines = []
    for index, row in enumerate(cells):
        text = "  ".join(cell[: widths[i]].ljust(widths[i]) for i, cell in enumerate(row))
        lines.append(text[:max_chars].rstrip())
        if index == 0 and header:
            lines.append("-" * min(max_chars, sum(widths) + 2 * (columns - 1)))
    return [title, subtitle, ""] + lines if subtitle else [title, ""] + lines


def render_table_pdf(title: str, header: list[str], rows: list[list], subtitle: str = "") -> bytes:
    lines = _lines(title, header, rows, subtitle)
    per_page = int((PAGE_H - 2 * MARGIN) / LEADING)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[title]]

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>")
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding /WinAnsiEncoding >>"
    )
    page_ids = []
    for number, page_lines in enumerate(pages, start=1):
        stream = [b"BT", f"{MARGIN} {PAGE_H - MARGIN} Td {LEADING} TL".encode()]
        for i, line in enumerate(page_lines):
            is_title = number == 1 and i == 0
            size = 14 if is_title else FONT_SIZE
            stream.append(f"/{'F2' if is_title else 'F1'} {size} Tf".encode())
            stream.append(b"(" + _escape(line) + b") Tj T*")
        footer = f"{number} / {len(pages)}"
        stream.append(b"ET")
        stream.append(
            f"BT /F1 {FONT_SIZE} Tf {PAGE_W - MARGIN - 40} {MARGIN / 2} Td".encode()
            + b" ("
            + _escape(footer)
            + b") Tj ET"
        )
        content = b"\n".join(stream)
        content_id = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                f"/Resources << /Font << /F1 {font} 0 R /F2 {bold} 0 R >> >> "
                f"/Contents {content_id} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    return write_pdf(objects, root=catalog)


def write_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file of ``objects`` (numbered from 1, in order), its cross-reference table and
    trailer; ``root`` is the number of the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
