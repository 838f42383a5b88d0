"""The SVG charts escape their text and keep the table alternative; the PDF writer makes a
readable PDF with Swedish letters over several pages."""

from __future__ import annotations

import io

import pypdf

from portal.reports.charts import bar_chart
from portal.reports.pdf import render_table_pdf


def test_chart_escapes_labels_and_keeps_the_numbers_for_the_table():
    chart = bar_chart(
        "c1", "Titel <b>", "Beskrivning", ["<script>alert(1)</script>", "Mötesrum"],
        [("Ideella föreningar och organisationer", [3, 0]), ("Kommunen", [1, 2])],
    )  # fmt: skip
    svg = str(chart.svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<svg role="img" aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Titel &lt;b&gt;</title>' in svg
    assert chart.rows == [("<script>alert(1)</script>", [3, 1]), ("Mötesrum", [0, 2])]
    assert svg.count('class="bar bar-') == 4 + 2  # bars + legend keys


def test_pdf_has_every_row_over_several_pages():
    rows = [[f"Förening {i}", i] for i in range(150)]
    data = render_table_pdf("Nyckeltal för Motala", ["Förening", "Antal"], rows, "VT 2026")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Nyckeltal för Motala" in text
    assert "Förening 149" in text and "Förening 0" in text
