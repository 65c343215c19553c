"""Every text the desk can ask for exists in both languages, and nothing else is kept."""

from __future__ import annotations

import re
from pathlib import Path

from bot.forms.application import APPLICANT_TYPES
from bot.i18n import LANGUAGES, Catalogue
from bot.staff.admin import LOAD_ORIGINS
from bot.staff.documents import PURPOSES
from bot.store.case_search import SORTS
from web.actions import ACTIONS
from web.texts import WEB_LOCALES, desk_catalogue

WEB = Path(__file__).resolve().parents[2] / "web"
NOT_TEXTS = {"web.access"}  # the access log's logger name
LITERAL = re.compile(r"""["'](web\.[a-z_]+(?:\.[a-z_0-9]+)*)["']""")


def literal_keys() -> set[str]:
    found: set[str] = set()
    for path in [*WEB.glob("*.py"), *WEB.glob("templates/*.html")]:
        found |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    return {key for key in found if not key.endswith(".")} - NOT_TEXTS


def family_keys() -> set[str]:
    actions = list(ACTIONS.values())
    return {
        *(f"web.action.{a.name}" for a in actions),
        *(f"web.field.{i.name}" for a in actions for i in a.inputs),
        *(f"web.choice.{i.name}.{c}" for a in actions for i in a.inputs
          if i.kind == "select" and i.name not in ("code", "assignee") for c in i.choices),
        *(f"web.sort.{s}" for s in SORTS),
        *(f"web.error.{code}" for code in (400, 401, 403, 404, 413, 429, 500, 502)),
        *(f"web.weekday.{d}" for d in range(7)),
        *(f"web.file.{kind}" for kind in ("photo", "document")),
        *(f"web.lang.{lang}" for lang in LANGUAGES),
        *(f"web.actor.{actor}" for actor in ("resident", "system", "cli")),
        *(f"web.role.{role}" for role in ("staff", "admin", "approver")),
        *(f"web.order.{o}" for o in ("asc", "desc")),
        *(f"web.documents.purpose.{p}" for p in PURPOSES),
        *(f"web.knowledge.origin.{o}" for o in LOAD_ORIGINS),
    }


def test_every_key_exists_in_both_languages() -> None:
    web = Catalogue.load(WEB_LOCALES)
    wanted = literal_keys() | family_keys()
    for lang in LANGUAGES:
        assert wanted - web.keys(lang) == set(), lang


def test_no_unused_texts_and_the_languages_agree() -> None:
    web = Catalogue.load(WEB_LOCALES)
    assert web.keys("zh") == web.keys("en")
    assert web.keys("zh") - literal_keys() - family_keys() == set()


def test_core_texts_the_desk_shows_exist() -> None:
    texts = desk_catalogue()
    for lang in LANGUAGES:
        for kind in APPLICANT_TYPES:
            assert texts.get(lang, f"choice.applicant_type.{kind}") != \
                f"choice.applicant_type.{kind}"
