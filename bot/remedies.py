"""The remedy a resident has against a reply to an application, or against no reply,
with its last days computed: the paragraph that ends every notice and reply letter.

API (pure: no Telegram, no SQL):

    remedy_for(outcome, notice_date, facts) -> Remedy
        outcome: a national outcome code (bot/staff/outcomes.py, e.g. "3.4");
        notice_date: the day the reply is sent; the periods count from it;
        facts: the agency's confirmed facts, KnowledgeBase.agency
               ({"reconsideration_body": {"zh": ..., "en": ...}, ...});
        refer_to: optional, for "4.1" when the reply names the agency that holds it.
        Raises ValueError for an unknown outcome code.
    no_reply_remedy(due_date, facts) -> Remedy
        due_date: the last day of the reply period, which passed without a reply.
    Remedy.render(texts, lang) -> str      the paragraph in `lang` (bot/i18n.py keys)
    Remedy.key, .starts, .reconsider_by, .sue_by   for letters that lay it out their way

The law the texts and dates rest on (docs/legal-review.md has the table):
- reconsideration within 60 days of knowing of the act (Reconsideration Law 2023,
  Art. 20); for no reply, from the day the reply period expired (行政复议法实施条例
  Art. 16);
- a refusal, including the withheld part of a partial disclosure, goes to
  reconsideration before any lawsuit (Reconsideration Law Art. 23); for no reply,
  Art. 23(1)(3) may also require it and courts differ, so reconsideration first is
  advised and the text says why;
- a lawsuit without reconsideration within 6 months (Litigation Law Art. 46); for no
  reply, from the day the reply period expired (2018 interpretation Art. 66); after
  reconsideration, within 15 days of the decision (Litigation Law Art. 45).
The last days are counted from the notice date (or the due date) itself, without the
extension for a last day falling on a holiday: a resident who acts by them is in time.
An unconfirmed agency fact is absent from `facts`: the text then names the body by
what it is and tells the resident to ask the office, never a guessed name.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.i18n import Catalogue
from bot.staff.outcomes import OUTCOMES
from bot.textnorm import Lang

AgencyFacts = Mapping[str, Mapping[Lang, str]]

RECONSIDERATION_DAYS = 60  # Reconsideration Law Art. 20
LAWSUIT_MONTHS = 6  # Litigation Law Art. 46; 2018 interpretation Art. 66 for no reply

# Outcome code (or its group, the part before the dot) -> the paragraph's text key.
_KEYS: dict[str, str] = {
    "1": "remedy.disclosed",
    "2": "remedy.refused",  # the withheld part is a refusal
    "3": "remedy.refused",
    "4.1": "remedy.not_held",
    "4": "remedy.cannot_provide",
    "5.1": "remedy.petition",
    "5": "remedy.not_handled",
    "6.1": "remedy.withdrawn",
    "6.2": "remedy.withdrawn",
    "6": "remedy.other",
}
# Outcomes whose remedy is reconsideration only: no lawsuit date is offered.
_RECONSIDERATION_FIRST = ("remedy.refused",)


@dataclass(frozen=True)
class Remedy:
    key: str  # the locale key of the paragraph
    starts: date  # the day the periods count from
    reconsider_by: date  # last day to apply for reconsideration
    sue_by: date | None  # last day to sue without reconsideration; None: not offered
    facts: AgencyFacts = field(default_factory=dict, repr=False, compare=False)
    refer_to: str = ""

    def render(self, texts: Catalogue, lang: Lang) -> str:
        return texts.get(lang, self.key, **self.values(texts, lang))

    def values(self, texts: Catalogue, lang: Lang) -> dict[str, str]:
        return {
            "body": _fact(self.facts, "reconsideration_body", lang)
            or texts.get(lang, "remedy.body_unknown"),
            "supervisor": _fact(self.facts, "supervisor", lang)
            or texts.get(lang, "remedy.supervisor_unknown"),
            "start": self.starts.isoformat(),
            "date": self.reconsider_by.isoformat(),
            "sue_by": self.sue_by.isoformat() if self.sue_by else "",
            "refer": texts.get(lang, "remedy.refer_to", agency=self.refer_to)
            if self.refer_to else texts.get(lang, "remedy.refer_generic"),
        }


def remedy_for(outcome: str, notice_date: date, facts: AgencyFacts | None = None, *,
               refer_to: str = "") -> Remedy:
    """The remedy against a reply with `outcome`, sent on `notice_date`."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome code {outcome!r}")
    key = _KEYS.get(outcome) or _KEYS[outcome.split(".")[0]]
    sue_by = None if key in _RECONSIDERATION_FIRST else add_months(notice_date, LAWSUIT_MONTHS)
    return Remedy(key, notice_date, notice_date + timedelta(days=RECONSIDERATION_DAYS),
                  sue_by, facts or {}, refer_to.strip())


def no_reply_remedy(due_date: date, facts: AgencyFacts | None = None) -> Remedy:
    """The remedy when the reply period ended on `due_date` without a reply: the periods
    run from that day (行政复议法实施条例 Art. 16; 2018 interpretation Art. 66)."""
    return Remedy("remedy.no_reply", due_date,
                  due_date + timedelta(days=RECONSIDERATION_DAYS),
                  add_months(due_date, LAWSUIT_MONTHS), facts or {})


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _fact(facts: AgencyFacts, key: str, lang: Lang) -> str:
    value = facts.get(key)
    return value.get(lang, "") if value else ""
