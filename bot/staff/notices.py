"""What residents are told about their case: in their language, in plain words, with
the real dates (never a date the clock has not reached yet while it is paused) and the
provisional mark whenever the holiday schedule of a year counted is not published."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot import callbacks
from bot.i18n import Catalogue
from bot.messages import Button, Out
from bot.store import Repository
from bot.store.records import CaseRecord
from bot.textnorm import Lang

_CJK = re.compile(r"[\u3400-\u9fff]")


class Notices:
    def __init__(self, repo: Repository, texts: Catalogue) -> None:
        self.repo = repo
        self.texts = texts

    def lang_of(self, case: CaseRecord) -> Lang:
        """The language the resident chose last, else the one they filed in."""
        stored = self.repo.user_lang(case.user_id) if case.user_id else None
        chosen = stored or case.lang
        return "en" if chosen == "en" else "zh"

    def staff_text(self, lang: Lang, text: str) -> str:
        """Staff write in Chinese; an English reader is told so and gets the original."""
        if lang == "en" and _CJK.search(text):
            return self.texts.get("en", "notify.original_chinese", text=text)
        return text

    def day(self, lang: Lang, day: date | None, provisional: bool) -> str:
        if day is None:
            return self.texts.get(lang, "status.no_due")
        mark = self.texts.get(lang, "status.provisional") if provisional else ""
        return day.isoformat() + mark

    def to_resident(self, case: CaseRecord, key: str, **values: Any) -> list[Out]:
        """One notice to the resident's chat; none for a case filed on paper (the
        letter is their notice)."""
        if case.chat_id is None:
            return []
        lang = self.lang_of(case)
        shown = {name: self.staff_text(lang, value) if name in STAFF_WRITTEN else value
                 for name, value in values.items()}
        text = self.texts.get(lang, key, number=case.number, **shown)
        button = Button(self.texts.get(lang, "action.status"), callbacks.case_status(case.number))
        return [Out(text, ((button,),), chat_id=case.chat_id)]


# Values that staff typed, as opposed to dates and labels the bot fills in.
STAFF_WRITTEN = frozenset({"what", "reason", "reply", "answer", "agency", "party"})
