"""The desk's words: web/locales/{zh,en}.yaml by key, on top of the core catalogue, so
statuses, outcomes, field labels and workflow messages read exactly as in the bot."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.i18n import LANGUAGES, Catalogue, default_catalogue
from bot.textnorm import Lang

WEB_LOCALES = Path(__file__).parent / "locales"
LANG_COOKIE = "desk_lang"


def merged(core: Catalogue, web: Catalogue) -> Catalogue:
    messages: dict[Lang, dict[str, str]] = {}
    for lang in LANGUAGES:
        entries = {key: core.get(lang, key) for key in core.keys(lang)}
        entries.update({key: web.get(lang, key) for key in web.keys(lang)})
        messages[lang] = entries
    return Catalogue(messages)


@lru_cache(maxsize=1)
def desk_catalogue() -> Catalogue:
    return merged(default_catalogue(), Catalogue.load(WEB_LOCALES))


def pick_lang(cookie: str | None) -> Lang:
    """Chinese unless the person switched to English."""
    return "en" if cookie == "en" else "zh"


class Texts:
    """Bound to one request's language, for templates: `t("web.nav.cases")`."""

    def __init__(self, catalogue: Catalogue, lang: Lang) -> None:
        self.catalogue = catalogue
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        return self.catalogue.get(self.lang, key, **values)
