"""Text normalisation shared by matching, validation and the knowledge-base checks.

rapidfuzz 3 does no preprocessing of its own, so everything a resident might type
differently for the same meaning (full-width letters, traditional characters, case,
punctuation, emoji, stray spaces) is folded here before any comparison.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

import zhconv

Lang = Literal["zh", "en"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN = re.compile(r"[a-z]")
# Zero-width characters and bidirectional overrides carry no meaning for matching and
# are a favourite way to smuggle look-alike text past filters.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def _is_separator(ch: str) -> bool:
    category = unicodedata.category(ch)
    # P*: punctuation, S*: symbols (emoji are So), Z*: separators, C*: control/format.
    return category[0] in "PSZC"


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
    text = _INVISIBLE.sub("", text).lower()
    if _CJK.search(text):
        text = to_simplified(text)
    folded = "".join(" " if _is_separator(ch) else ch for ch in text)
    return " ".join(folded.split())


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
