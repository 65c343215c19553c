"""The remedy paragraph of a reply letter. Which remedy fits the outcome and its last
days come from bot/remedies.py, the one place that knows the law on it; the letter lays
them out in the wording of its template (knowledge/letters/remedy.yaml)."""

from __future__ import annotations

from datetime import date

from bot.letters.facts import AgencyFacts, Templates, chinese_date
from bot.remedies import remedy_for


def remedy_paragraph(code: str, decided_on: date, facts: AgencyFacts,
                     templates: Templates, refer_to: str = "") -> str:
    remedy = remedy_for(code, decided_on, facts.confirmed(), refer_to=refer_to)
    key = "refusal_first" if remedy.sue_by is None else "either"
    return templates.remedy(key).format(
        body=facts.get("reconsideration_body", blank="＿＿＿＿（复议机关）"),
        review_by=chinese_date(remedy.reconsider_by),
        sue_by=chinese_date(remedy.sue_by) if remedy.sue_by else "")
