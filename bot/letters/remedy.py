"""The remedy paragraph of a reply letter: which remedy fits the outcome, by when, and to
which body.

This is the one place letters get it from: when the remedies module (bot/remedies.py)
lands, `remedy_paragraph` calls it and nothing else changes.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.letters.facts import AgencyFacts, Templates, chinese_date

REVIEW_DAYS = 60  # Reconsideration Law Art. 20
SUE_MONTHS = 6  # Administrative Litigation Law Art. 46


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def reconsideration_first(code: str) -> bool:
    """A refusal to disclose, in whole or in part, goes to reconsideration before any
    lawsuit (Reconsideration Law Art. 23(1)(4))."""
    return code == "2" or code.startswith("3.")


def remedy_paragraph(code: str, decided_on: date, facts: AgencyFacts,
                     templates: Templates) -> str:
    key = "refusal_first" if reconsideration_first(code) else "either"
    return templates.remedy(key).format(
        body=facts.get("reconsideration_body"), court=facts.get("court"),
        review_by=chinese_date(decided_on + timedelta(days=REVIEW_DAYS)),
        sue_by=chinese_date(_months_later(decided_on, SUE_MONTHS)))
