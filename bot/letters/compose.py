"""A letter's text: the template of its kind filled from the case record.

Each kind needs something the case must have (a correction notice needs the correction
requested, a reply letter an outcome...); a case without it raises LetterError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.clock import OFFICE_ZONE
from bot.i18n import Catalogue
from bot.letters.facts import AgencyFacts, Templates, chinese_date
from bot.letters.remedy import remedy_paragraph
from bot.staff.outcomes import RULES
from bot.store.records import CaseEvent, CaseRecord

KINDS = ("receipt", "correction", "extension", "consultation", "fee", "reply")
SEAL = "（印章）"
_DIGITS = "零一二三四五六七八九"


class LetterError(Exception):
    """The case cannot have this letter (yet); `key` names the text that says why."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Letter:
    kind: str
    title: str
    number: str
    paragraphs: tuple[str, ...]
    office: str
    dated: date
    seal: str = SEAL

    def text(self) -> str:
        return "\n".join([self.title, f"（{self.number}）", *self.paragraphs, self.office,
                          chinese_date(self.dated), self.seal])


def article(number: int) -> str:
    """第三十六条 for 36 (the Regulations have 56 articles)."""
    tens, ones = divmod(number, 10)
    text = ("" if tens < 2 else _DIGITS[tens]) + ("十" if tens else "") + \
        (_DIGITS[ones] if ones or not tens else "")
    return f"第{text}条"


def _local_day(case: CaseRecord, moment: Any) -> date:
    return moment.astimezone(OFFICE_ZONE).date()  # type: ignore[no-any-return]


def _requires(case: CaseRecord, kind: str) -> None:
    if case.kind != "application":
        raise LetterError("letter.applications_only", number=case.number)
    missing = {"correction": not case.correction_requested,
               "extension": not case.extended,
               "consultation": not case.consult_party,
               "fee": case.fee_amount is None,
               "reply": not case.outcome}.get(kind, False)
    if missing:
        raise LetterError(f"letter.needs.{kind}", number=case.number)


def compose(case: CaseRecord, kind: str, events: list[CaseEvent], knowledge_dir: Path,
            texts: Catalogue, today: date) -> Letter:
    if kind not in KINDS:
        raise LetterError("letter.bad_kind", kind=kind[:20], choices=", ".join(KINDS))
    _requires(case, kind)
    templates, facts = Templates(knowledge_dir), AgencyFacts.load(knowledge_dir)
    template = templates.load(kind)
    dated = _local_day(case, case.answered_at) if kind == "reply" and case.answered_at \
        else today
    values = _values(case, events, facts, texts, dated)
    if kind == "reply":
        assert case.outcome is not None
        decision = str(template.get("decisions", {}).get(case.outcome, ""))
        values["decision"] = decision.format_map(values)
        values["remedy"] = remedy_paragraph(case.outcome, dated, facts, templates,
                                            case.outcome_detail.get("agency", ""))
    paragraphs = tuple(str(p).format_map(values) for p in template["paragraphs"])
    return Letter(kind, str(template.get("title", "")), case.number, paragraphs,
                  facts.get("name"), dated)


def _values(case: CaseRecord, events: list[CaseEvent], facts: AgencyFacts,
            texts: Catalogue, dated: date) -> dict[str, Any]:
    data = case.data
    what = next((e.note for e in reversed(events) if e.action == "correction_requested"), "")
    rule = RULES.get(case.outcome or "")
    articles = sorted({*(rule.basis if rule else ()),
                       *([case.outcome_detail["article"]]
                         if "article" in case.outcome_detail else [])})
    agency = case.outcome_detail.get("agency", "")
    fee_method, _, quantity = next(
        (e.note.split(": ", 1)[1] for e in reversed(events) if e.action == "fee_charged"
         and ": " in e.note), "=").partition("=")
    return {
        "number": case.number,
        "applicant": data.get("name") or data.get("org_name") or "申请人",
        "description": data.get("description", ""),
        "channel": texts.get("zh", f"channel.{case.channel}"),
        "received": chinese_date(_local_day(case, case.received_at)),
        "due": chinese_date(case.due_date) if case.due_date else "",
        "due_mark": "（节假日安排尚未公布，日期为暂定）" if case.due_provisional else "",
        "what": what,
        "correction_requested": chinese_date(case.correction_requested_on)
        if case.correction_requested_on else "",
        "correction_due": chinese_date(case.correction_due) if case.correction_due else "",
        "extension_days": case.extension_days,
        "extension_reason": case.extension_reason or "",
        "party": case.consult_party or "",
        "consult_due": chinese_date(case.consult_due) if case.consult_due else "",
        "fee_amount": case.fee_amount or 0,
        "fee_basis": {"pages": f"按量计收，{quantity} 页",
                      "pieces": f"按件计收，本月第 {quantity} 件申请"}.get(fee_method, ""),
        "fee_due": chinese_date(case.fee_due) if case.fee_due else "",
        "basis": "《中华人民共和国政府信息公开条例》" + "、".join(article(a) for a in articles),
        "reasons": case.reply or "",
        "agency_line": (f"该信息由{agency}负责，您可以向其提出申请（《条例》第三十六条第五项）。"
                        if agency else "经检索，该政府信息不存在（《条例》第三十六条第四项）。"),
        "phone": facts.get("phone"),
        "address": facts.get("address"),
        "today": chinese_date(dated),
    }
