"""Cases: filing them with a legally correct deadline, and what residents see of them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from bot import callbacks
from bot.clock import Clock, show, to_iso
from bot.forms.spec import FormSpec
from bot.i18n import Catalogue
from bot.messages import Button, Out
from bot.remedies import AgencyFacts, no_reply_remedy
from bot.staff.states import CLOCK_STOPPED, OPEN_STATUSES, Action, allowed_actions
from bot.store import Repository
from bot.store.case_records import DuplicateSubmission
from bot.store.records import CaseRecord
from bot.textnorm import Lang
from bot.workdays import DueDate, WorkCalendar

__all__ = ["CHANNELS", "OPEN_STATUSES", "CaseRecord", "CaseService", "IntakeError",
           "Receipt"]


class IntakeError(Exception):
    """An offline registration that cannot be filed; `key` explains it."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

# An application in these is waiting for its reply with the clock running.
UNANSWERED_STATUSES = ("received", "accepted")
# How each channel's receipt date is fixed (Art. 31); the date given at intake must be
# that day. The bot itself is the internet channel: the day both sides confirm.
CHANNELS = ("letter", "in-person", "fax", "email", "website")
# What residents see of a case's history: internal steps (notes, assignments, requests
# to the approver, recounts) are the office's business.
RESIDENT_EVENTS = frozenset({
    "submitted", "accepted", "correction_requested", "corrected", "consultation",
    "consultation_done", "extended", "fee_charged", "fee_paid", "answered", "amended",
    "reopened", "withdrawn", "withdrawn_by_applicant", "fee_lapsed", "closed",
    "in_progress", "resolved", "unfounded", "forwarded", "overdue_told",
    "letter_sent", "file_released",
})


@dataclass(frozen=True)
class Receipt:
    case: CaseRecord
    duplicate: bool = False
    # The receipt and the staff chat's notice, queued in the outbox with the case.
    notices: tuple[Out, ...] = ()


_CASE_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])(YSQ|TS)[\s\-_–—]*(20\d{2})[\s\-_–—]*(\d{1,6})(?![0-9])", re.IGNORECASE)


def find_case_number(text: str) -> str | None:
    """A tracking number typed in free text ("我的申请YSQ-2026-000001到哪一步了",
    "ysq 2026 1"), in its canonical form; None when there is none."""
    match = _CASE_NUMBER.search(unicodedata.normalize("NFKC", text))
    if match is None:
        return None
    prefix, year, seq = match.groups()
    return f"{prefix.upper()}-{year}-{int(seq):06d}"


class CaseService:
    def __init__(self, repo: Repository, texts: Catalogue, calendar: WorkCalendar,
                 clock: Clock, application_days: int, complaint_days: int,
                 staff_chat_id: int | None) -> None:
        self.repo = repo
        self.texts = texts
        self.calendar = calendar
        self.clock = clock
        self.days = {"application": application_days, "complaint": complaint_days}
        self.staff_chat_id = staff_chat_id
        # Set by the wiring: what staff are shown of a new case (the staff chat notice).
        self.staff_notice: Callable[[CaseRecord], Out] | None = None
        # Set by the wiring: the confirmed agency facts of the base in use now.
        self.agency_facts: Callable[[], AgencyFacts] | None = None

    def by_submission(self, token: str) -> CaseRecord | None:
        return self.repo.case_by_submission(token)

    def submit(self, form: FormSpec, user_id: int, chat_id: int, lang: Lang,
               answers: dict[str, Any], token: str) -> Receipt:
        """File the case. The confirmation moment is the receipt date: for an online
        application it is when both sides confirm (Art. 31); the clock starts the next
        day (Art. 33)."""
        received = self.clock.now()
        local_day = self.clock.local_date(received)
        due = self.calendar.add_workdays(local_day, self.days[form.case_kind])
        applicable = {spec.key for spec in form.applicable(answers)}
        data = {key: value for key, value in answers.items()
                if key in applicable and key != "evidence" and value not in (None, "")}
        try:
            case, notices = self.repo.file_case(
                kind=form.case_kind, year=local_day.year, user_id=user_id, chat_id=chat_id,
                lang=lang, applicant_type=answers.get("applicant_type"), data=data,
                received_at=to_iso(received), due_date=due.date.isoformat(),
                due_provisional=due.provisional, submission_key=token,
                evidence=list(answers.get("evidence") or []) if "evidence" in applicable
                else [], draft_form=form.name,
                compose=lambda stored: self._notices(stored, lang))
        except DuplicateSubmission:
            existing = self.by_submission(token)
            assert existing is not None
            return Receipt(existing, duplicate=True)
        return Receipt(case, notices=tuple(notices))

    def register(self, kind: str, channel: str, received_on: date,
                 fields: dict[str, Any], actor: str, applicant_type: str | None = None, *,
                 status: str = "received", due_date: date | None = None,
                 carried_over: bool = False) -> CaseRecord:
        """Offline intake (Art. 31): an application or complaint that came by letter, in
        person, by fax, e-mail or the website, with the receipt date its channel gives.
        The period counts from the day after that date (Art. 33)."""
        if kind not in self.days:
            raise IntakeError("intake.bad_kind", kind=kind[:20])
        if channel not in CHANNELS:
            raise IntakeError("intake.bad_channel", channel=channel[:20],
                              choices=", ".join(CHANNELS))
        if received_on > self.clock.today():
            raise IntakeError("intake.future", day=received_on.isoformat())
        if not isinstance(fields, dict) or not all(isinstance(k, str) for k in fields):
            raise IntakeError("intake.bad_fields")
        due = self.calendar.add_workdays(received_on, self.days[kind])
        if due_date is not None:
            due = DueDate(due_date, due.provisional)
        moment = datetime.combine(received_on, time(12, 0), tzinfo=self.clock.zone)
        applicant = applicant_type or fields.get("applicant_type")
        case, _ = self.repo.file_case(
            kind=kind, year=received_on.year, user_id=0, chat_id=None, lang="zh",
            applicant_type=applicant if isinstance(applicant, str) else None,
            data={k: v for k, v in fields.items() if v not in (None, "")},
            received_at=to_iso(moment), due_date=due.date.isoformat(),
            due_provisional=due.provisional, channel=channel, actor=actor,
            carried_over=carried_over, extra={"status": status} if status != "received" else {})
        return case

    # what residents see --------------------------------------------------------
    def due_text(self, case: CaseRecord, lang: Lang) -> str:
        if case.due_date is None:
            return self.texts.get(lang, "status.no_due")
        text = case.due_date.isoformat()
        if case.due_provisional:
            text += self.texts.get(lang, "status.provisional")
        return text

    def receipt_messages(self, receipt: Receipt, lang: Lang) -> list[Out]:
        case = receipt.case
        if receipt.duplicate:
            return [Out(self.texts.get(lang, "form.already_submitted", number=case.number))]
        return list(receipt.notices) or self._notices(case, lang)

    def _notices(self, case: CaseRecord, lang: Lang) -> list[Out]:
        """The receipt for the resident and the masked notice for the staff chat."""
        key = "receipt.application" if case.kind == "application" else "receipt.complaint"
        text = self.texts.get(lang, key, number=case.number,
                              received=show(case.received_at, self.clock.zone),
                              due=self.due_text(case, lang),
                              basis=self.complaint_basis(case, lang))
        button = Button(self.texts.get(lang, "action.status"), callbacks.case_status(case.number))
        messages = [Out(text, ((button,),), chat_id=case.chat_id)]
        if self.staff_chat_id is not None and self.staff_notice is not None:
            notice = self.staff_notice(case)
            messages.append(Out(notice.text, notice.buttons, chat_id=self.staff_chat_id))
        return messages

    def complaint_basis(self, case: CaseRecord, lang: Lang) -> str:
        """Why this office takes the complaint: disclosure work under Art. 47 and 51, the
        rest at the office's complaints desk (a confirmed agency fact, or named by what it
        is)."""
        if case.kind != "complaint":
            return ""
        if case.data.get("category") == "disclosure":
            return self.texts.get(lang, "complaint_basis.disclosure")
        facts = self.agency_facts() if self.agency_facts else {}
        desk = facts.get("complaint_desk", {}).get(lang) or \
            self.texts.get(lang, "complaint_basis.desk_unknown")
        return self.texts.get(lang, "complaint_basis.other", desk=desk)

    def status_label(self, case: CaseRecord, lang: Lang) -> str:
        return self.texts.get(lang, f"status.{case.status}")

    def kind_label(self, case: CaseRecord, lang: Lang) -> str:
        return self.texts.get(lang, f"kind.{case.kind}")

    def resident_cases(self, user_id: int) -> list[CaseRecord]:
        return self.repo.cases_of_user(user_id)

    def resident_case(self, user_id: int, number: str) -> CaseRecord | None:
        """A resident's own case, or None: someone else's case looks exactly like one
        that does not exist."""
        case = self.repo.case_by_number(number)
        if case is None or case.user_id != user_id or user_id == 0:
            return None
        return case

    def status_list(self, user_id: int, lang: Lang) -> Out:
        cases = self.resident_cases(user_id)
        if not cases:
            return Out(self.texts.get(lang, "status.none"))
        lines = [self.texts.get(lang, "status.list_title")]
        buttons = []
        for case in cases[:20]:
            lines.append(self.texts.get(
                lang, "status.line", number=case.number, kind=self.kind_label(case, lang),
                status=self.status_label(case, lang), due=self.progress_text(case, lang),
                updated=show(case.updated_at, self.clock.zone)))
            buttons.append((Button(case.number, callbacks.case_status(case.number)),))
        return Out("\n".join(lines), tuple(buttons[:10]))

    def overdue(self, case: CaseRecord) -> bool:
        """An application whose reply period passed with the clock running and no reply."""
        return (case.kind == "application" and case.status in UNANSWERED_STATUSES
                and case.due_date is not None and case.due_date < self.clock.today())

    def received_text(self, case: CaseRecord, lang: Lang) -> str:
        """The original receipt date, and beside it the clock's restart if any."""
        text = show(case.received_at, self.clock.zone)
        if case.restarted_at is not None:
            text += self.texts.get(lang, "status.restarted",
                                   at=show(case.restarted_at, self.clock.zone))
        return text

    def progress_text(self, case: CaseRecord, lang: Lang) -> str:
        """Where the deadline stands, in plain words: answered (on time or not), paused
        since when, or due when."""
        if case.answered_at is not None and case.status not in OPEN_STATUSES:
            answered = self.clock.local_date(case.answered_at)
            on_time = case.due_date is None or answered <= case.due_date
            return self.texts.get(lang, "status.answered_on" if on_time
                                  else "status.answered_late", at=answered.isoformat())
        if case.status in CLOCK_STOPPED and case.clock_paused_at is not None:
            return self.texts.get(lang, "status.paused_since",
                                  since=case.clock_paused_at.isoformat())
        if case.status in CLOCK_STOPPED:
            return self.texts.get(lang, "status.clock_stopped")
        return self.due_text(case, lang)

    def status_detail(self, user_id: int, number: str, lang: Lang) -> Out:
        case = self.resident_case(user_id, number)
        if case is None:
            return Out(self.texts.get(lang, "status.not_found", number=number.strip()[:40]))
        history = [self.texts.get(lang, "status.event", at=show(event.at, self.clock.zone),
                                  what=self.texts.get(lang, f"resident_event.{event.action}"))
                   for event in self.repo.case_events(case.id)
                   if event.action in RESIDENT_EVENTS]
        text = self.texts.get(lang, "status.detail", number=case.number,
                              kind=self.kind_label(case, lang),
                              status=self.status_label(case, lang),
                              received=self.received_text(case, lang),
                              due=self.progress_text(case, lang), history="\n".join(history))
        if self.overdue(case):
            assert case.due_date is not None
            facts = self.agency_facts() if self.agency_facts else None
            text += "\n\n" + no_reply_remedy(case.due_date, facts).render(self.texts, lang)
        buttons: tuple[tuple[Button, ...], ...] = ()
        if Action.WITHDRAW in allowed_actions(case):
            buttons = ((Button(self.texts.get(lang, "withdraw.button"),
                               callbacks.withdraw(case.number)),),)
        return Out(text, buttons)
