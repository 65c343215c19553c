"""The written documents the Regulations require, from templates in the knowledge
folder (knowledge/letters/*.yaml), as DOCX or PDF."""

from bot.letters.compose import KINDS, Letter, LetterError, compose

__all__ = ["KINDS", "Letter", "LetterError", "compose"]
