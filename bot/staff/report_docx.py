"""The annual report as a Word document, laid out as the national template's tables
(三, 四, 六), for the office to paste into its published report or print."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from bot.letters.paper import DOCX_FONT
from bot.staff.report import (
    AnnualReport,
    report_headers,
    result_labels,
)
from bot.staff.report import template_text as _t


def _document() -> DocxDocument:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(9)
    # East Asian text takes its font from the eastAsia attribute, not from the name.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)
    # Table 三 has ten columns: it needs the page on its side.
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    return document


def _fill(table: Table, rows: list[list[str]]) -> None:
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text


def as_docx(report: AnnualReport) -> bytes:
    """Tables 三 and 四 with the figures, 六 (fees) and the complaints as text, and the
    checks' findings, if any, so a table that does not balance is never printed
    unawares."""
    document = _document()
    document.add_heading(_t("report.title", year=report.year), level=1)
    problems = report.check()
    if problems:
        document.add_paragraph(_t("report.unbalanced", problems="; ".join(problems)))

    document.add_heading(_t("report.table3"), level=2)
    headers = report_headers()
    rows = [[_t("report.table3_note"), "", "", *headers]]
    rows += [[*levels, *(str(v) for v in values)] for _, levels, values in report.cells()]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    _fill(table, rows)
    table.cell(0, 0).merge(table.cell(0, 2))

    document.add_heading(_t("report.table4"), level=2)
    results = result_labels()
    remedy = [["", *results], *([label, *(str(v) for v in values)]
                                for _, label, values in report.remedy_rows())]
    table = document.add_table(rows=len(remedy), cols=len(remedy[0]))
    table.style = "Table Grid"
    _fill(table, remedy)

    document.add_heading(_t("report.table6"), level=2)
    document.add_paragraph(_t("report.fees_text", noticed=report.fees_noticed,
                              noticed_amount=report.fees_noticed_amount,
                              paid=report.fees_paid, paid_amount=report.fees_paid_amount))
    document.add_paragraph(_t("report.complaints_text", received=report.complaints_received,
                              handled=report.complaints_handled))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
