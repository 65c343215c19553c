"""The written documents the Regulations require, from templates in the knowledge
folder (knowledge/letters/*.yaml), as DOCX or PDF."""

from bot.letters.compose import KINDS, Letter, LetterError, compose
from bot.letters.render import FORMATS, render

__all__ = ["FORMATS", "KINDS", "Letter", "LetterError", "compose", "render"]
