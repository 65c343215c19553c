"""Every sentence shown to people, one catalogue file per language (bot/locales/*.yaml).

The office rewords the bot by editing those files; code refers to messages by key only.
A key missing in one language falls back to the other (and is logged); a key missing in
both is an error, never shown raw. tests/test_text_keys.py checks that every key the
code can ask for exists in both languages.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

from bot.language import normalize_lang
from bot.textnorm import Lang

__all__ = ["LANGUAGES", "Catalogue", "default_catalogue", "normalize_lang"]

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES: tuple[Lang, ...] = ("zh", "en")
_FORMATTER = Formatter()
log = logging.getLogger(__name__)

# libyaml when installed: the catalogues are read at every start, ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class MissingText(KeyError):
    """A text key that neither catalogue has: a bug, caught by the key test."""


class _Values(dict[str, Any]):
    """Leaves unknown fields visible instead of raising, so a typo in a catalogue
    shows up in the text rather than as an error in front of a resident."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Catalogue:
    def __init__(self, messages: dict[Lang, dict[str, str]], staff_lang: Lang = "zh") -> None:
        self._messages = messages
        self.staff_lang = staff_lang

    def for_staff_in(self, lang: Lang) -> Catalogue:
        """The same texts, with staff reading in `lang` (the staff_language setting)."""
        return Catalogue(self._messages, lang)

    def staff(self, key: str, **values: Any) -> str:
        """A text for staff: the staff chat, reminders, alerts."""
        return self.get(self.staff_lang, key, **values)

    @classmethod
    def load(cls, folder: Path = LOCALES_DIR) -> Catalogue:
        messages: dict[Lang, dict[str, str]] = {}
        for lang in LANGUAGES:
            data = yaml.load((folder / f"{lang}.yaml").read_text(encoding="utf-8"),
                             Loader=_LOADER)
            messages[lang] = {str(k): str(v) for k, v in (data or {}).items()}
        return cls(messages)

    def keys(self, lang: Lang) -> set[str]:
        return set(self._messages.get(lang, {}))

    def get(self, lang: Lang, key: str, **values: Any) -> str:
        template = self._messages.get(lang, {}).get(key)
        if template is None:
            other: Lang = "en" if lang == "zh" else "zh"
            template = self._messages.get(other, {}).get(key)
            if template is None:
                raise MissingText(key)
            log.warning("text %s missing in %s; shown in %s", key, lang, other)
        if not values:
            return template
        return _FORMATTER.vformat(template, (), _Values(values))


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    return Catalogue.load()
