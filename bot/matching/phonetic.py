"""Pinyin of Chinese characters, so that homophone slips (申情 for 申请, 收废 for 收费,
the commonest typing error with a pinyin keyboard) still match.

pypinyin's full table takes a noticeable part of the start-up budget to import, and
matching needs only one toneless reading per character; that reduced table is built
once and cached beside the trimmed jieba dictionary.
"""

from __future__ import annotations

import marshal
import os
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

from bot.wholefile import replace_whole

_TABLE_VERSION = "1"


def _cache_file() -> list[Path]:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    name = f"pinyin-{_TABLE_VERSION}.marshal"
    return [root / "disclosure-bot" / name, Path(tempfile.gettempdir()) / name]


def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFKD", reading)
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha()).replace("v", "u")


def _build() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return {code: _toneless(readings.split(",")[0]) for code, readings in pinyin_dict.items()}


@lru_cache(maxsize=1)
def table() -> dict[int, str]:
    for path in _cache_file():
        try:
            loaded: dict[int, str] = marshal.loads(path.read_bytes())
            return loaded
        except (OSError, ValueError, EOFError, TypeError):
            continue
    built = _build()
    for path in _cache_file():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_whole(path, marshal.dumps(built))
            break
        except OSError:
            continue
    return built


def syllables(text: str) -> list[str]:
    """One toneless syllable per Chinese character; other characters are skipped."""
    readings = table()
    return [readings[ord(ch)] for ch in text if ord(ch) in readings]
