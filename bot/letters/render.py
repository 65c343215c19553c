"""A letter on paper, DOCX or PDF (bot/letters/paper.py does the layout)."""

from __future__ import annotations

from bot.letters.compose import Letter

FORMATS = ("docx", "pdf")


def render(letter: Letter, fmt: str) -> bytes:
    # python-docx and reportlab take a third of a second to import: every process that
    # can print a letter (the bot, the desk, the command line) would pay it at start.
    from bot.letters import paper

    if fmt == "docx":
        return paper.to_docx(letter)
    if fmt == "pdf":
        return paper.to_pdf(letter)
    raise ValueError(f"unknown format {fmt!r}: use {' or '.join(FORMATS)}")
