"""A letter on paper: DOCX through python-docx, PDF through reportlab with its built-in
Chinese font (STSong-Light, a CID font every PDF reader has), so nothing needs a system
font installed."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from bot.letters.compose import Letter
from bot.letters.facts import chinese_date

PDF_FONT = "STSong-Light"
DOCX_FONT = "宋体"


def to_docx(letter: Letter) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(14)
    # East Asian text takes its font from the eastAsia attribute, not from the name.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(letter.title)
    run.bold = True
    run.font.size = Pt(20)
    number = document.add_paragraph(f"（{letter.number}）")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in letter.paragraphs:
        document.add_paragraph(text)
    for text in (letter.office, chinese_date(letter.dated), letter.seal):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=12, leading=20,
                          wordWrap="CJK", firstLineIndent=0, spaceAfter=6)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=TA_CENTER,
                           spaceAfter=10)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    return title, body, right


def to_pdf(letter: Letter) -> bytes:
    title, body, right = _pdf_styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm,
                                 topMargin=37 * mm, bottomMargin=35 * mm, title=letter.title)
    story = [Paragraph(escape(letter.title), title),
             Paragraph(escape(f"（{letter.number}）"), title)]
    story += [Paragraph(escape(text), body) for text in letter.paragraphs]
    story.append(Spacer(1, 12 * mm))
    story += [Paragraph(escape(text), right)
              for text in (letter.office, chinese_date(letter.dated), letter.seal)]
    document.build(story)
    return buffer.getvalue()

