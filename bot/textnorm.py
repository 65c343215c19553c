"""Text normalisation shared by matching, validation and the knowledge-base checks.

rapidfuzz 3 does no preprocessing of its own, so everything a resident might type
differently for the same meaning (full-width letters, traditional characters, case,
punctuation, emoji, stray spaces) is folded here before any comparison.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal

from bot.imports import without_pkg_resources

with without_pkg_resources():
    import zhconv

Lang = Literal["zh", "en"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN = re.compile(r"[a-z]")
# A case number as residents type it (YSQ-2026-000001, ts 2026 45): a token that says
# nothing about the language of the text around it.
CASE_NUMBER_TOKEN = re.compile(r"(?i)\b(?:ysq|ts|q)[\s\-_]*\d{4}[\s\-_]*\d{1,6}\b")
# What renders as nothing yet changes how text reads or compares: every format character
# (Unicode category Cf: zero-width spaces and joiners, bidirectional controls such as
# U+202E, the soft hyphen, tag characters U+E0000-E007F), the Hangul fillers that pass for
# letters (U+115F, U+1160, U+3164, U+FFA0), the combining grapheme joiner and the blank
# braille pattern. A favourite way to forge names, e-mails and staff notices.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160"
    "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\u2800\u3164\ufe00-\ufe0e\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]")


def strip_invisible(text: str) -> str:
    """The one normalisation every field goes through before it is stored or shown:
    invisible and bidirectional characters removed (see _INVISIBLE)."""
    return _INVISIBLE.sub("", text)


# Marks that only belong to the emoji before them: the emoji presentation selector ("❤️",
# "☺️") and the keycap ("1️⃣"). Left alone they would outlive their emoji as a stray
# character, and "谢谢❤️" would no longer be "谢谢".
_EMOJI_MARKS = frozenset("\ufe0f\u20e3")


def _is_separator(ch: str) -> bool:
    category = unicodedata.category(ch)
    # P*: punctuation, S*: symbols (emoji are So), Z*: separators, C*: control/format.
    return category[0] in "PSZC" or ch in _EMOJI_MARKS


class _SeparatorsToSpace(dict[int, int | str]):
    """A `str.translate` table turning every separator into a space, filled as characters
    are first met: one dictionary lookup per character instead of a category lookup (the
    base's ~6,000 phrasings are normalised at every start)."""

    LIMIT = 20_000  # characters remembered: a stream of rare ones cannot grow it forever

    def __missing__(self, code: int) -> int | str:
        value: int | str = " " if _is_separator(chr(code)) else code
        if len(self) < self.LIMIT:
            self[code] = value
        return value


_TO_SPACE = _SeparatorsToSpace()


def conversion_tables_mark() -> str:
    """The size and time of each of zhconv's files (it has no version attribute): what
    is keyed by how text is folded (the checked base's duplicate phrasings) is missed
    once zhconv is upgraded."""
    folder = Path(str(zhconv.__file__)).parent
    return ";".join(f"{path.name}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
                    for path in sorted(folder.iterdir()) if path.is_file())


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    return str(zhconv.convert(text, "zh-cn"))


def normalize(text: str) -> str:
    """Fold a string to the canonical form used for matching.

    NFKC (full-width to half-width), lower case, traditional to simplified, and every run
    of punctuation, symbols, emoji or whitespace to a single space. Spaces are kept
    because English words need them; Chinese segmentation ignores them.
    """
    text = unicodedata.normalize("NFKC", text)
    text = strip_invisible(text).lower()
    if _CJK.search(text):
        text = to_simplified(text)
    return " ".join(text.translate(_TO_SPACE).split())


def compact(text: str) -> str:
    """`normalize` without any spaces: the key under which two phrasings count as equal."""
    return normalize(text).replace(" ", "")


def detect_language(text: str, default: Lang = "zh") -> Lang:
    """Chinese as soon as the text holds a Han character, English for Latin letters only."""
    if _CJK.search(text):
        return "zh"
    if _LATIN.search(unicodedata.normalize("NFKC", text).lower()):
        return "en"
    return default


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None
