"""Cases: filing them with a legally correct deadline, and what residents see of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot import callbacks
from bot.clock import Clock, from_iso, show, to_iso
from bot.forms.spec import FormSpec
from bot.i18n import Catalogue
from bot.messages import Button, Out
from bot.remedies import AgencyFacts, no_reply_remedy
from bot.store import Repository
from bot.store.case_records import DuplicateSubmission
from bot.textnorm import Lang
from bot.workdays import WorkCalendar

OPEN_STATUSES = ("received", "accepted", "correction", "consulting", "in_progress")
# An application in these is waiting for its reply with the clock running.
UNANSWERED_STATUSES = ("received", "accepted")


@dataclass(frozen=True)
class CaseRecord:
    id: int
    number: str
    kind: str
    status: str
    user_id: int
    chat_id: int
    lang: str
    applicant_type: str | None
    data: dict[str, Any]
    received_at: datetime
    due_date: date | None
    due_provisional: bool
    updated_at: datetime
    assigned_to: int | None = None
    outcome: str | None = None
    extended: bool = False
    clock_paused_at: date | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CaseRecord:
        return cls(
            id=row["id"], number=row["number"], kind=row["kind"], status=row["status"],
            user_id=row["user_id"], chat_id=row["chat_id"], lang=row["lang"] or "zh",
            applicant_type=row["applicant_type"], data=row["data"],
            received_at=from_iso(row["received_at"]),
            due_date=date.fromisoformat(row["due_date"]) if row["due_date"] else None,
            due_provisional=bool(row["due_provisional"]),
            updated_at=from_iso(row["updated_at"]), assigned_to=row.get("assigned_to"),
            outcome=row.get("outcome"), extended=bool(row.get("extended")),
            clock_paused_at=date.fromisoformat(row["clock_paused_at"])
            if row.get("clock_paused_at") else None)


@dataclass(frozen=True)
class Receipt:
    case: CaseRecord
    duplicate: bool = False
    # The receipt and the staff chat's notice, queued in the outbox with the case.
    notices: tuple[Out, ...] = ()


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
        row = self.repo.case_by_submission(token)
        return CaseRecord.from_row(row) if row else None

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
            row, notices = self.repo.file_case(
                kind=form.case_kind, year=local_day.year, user_id=user_id, chat_id=chat_id,
                lang=lang, applicant_type=answers.get("applicant_type"), data=data,
                received_at=to_iso(received), due_date=due.date.isoformat(),
                due_provisional=due.provisional, submission_key=token,
                evidence=list(answers.get("evidence") or []) if "evidence" in applicable
                else [], draft_form=form.name,
                compose=lambda stored: self._notices(CaseRecord.from_row(stored), lang))
        except DuplicateSubmission:
            existing = self.by_submission(token)
            assert existing is not None
            return Receipt(existing, duplicate=True)
        return Receipt(CaseRecord.from_row(row), notices=tuple(notices))

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
                              due=self.due_text(case, lang))
        button = Button(self.texts.get(lang, "action.status"), callbacks.case_status(case.number))
        messages = [Out(text, ((button,),), chat_id=case.chat_id)]
        if self.staff_chat_id is not None and self.staff_notice is not None:
            notice = self.staff_notice(case)
            messages.append(Out(notice.text, notice.buttons, chat_id=self.staff_chat_id))
        return messages

    def status_label(self, case: CaseRecord, lang: Lang) -> str:
        return self.texts.get(lang, f"status.{case.status}")

    def kind_label(self, case: CaseRecord, lang: Lang) -> str:
        return self.texts.get(lang, f"kind.{case.kind}")

    def resident_cases(self, user_id: int) -> list[CaseRecord]:
        return [CaseRecord.from_row(row) for row in self.repo.cases_of_user(user_id)]

    def resident_case(self, user_id: int, number: str) -> CaseRecord | None:
        """A resident's own case, or None: someone else's case looks exactly like one
        that does not exist."""
        row = self.repo.case_by_number(number)
        if row is None or row["user_id"] != user_id:
            return None
        return CaseRecord.from_row(row)

    def status_list(self, user_id: int, lang: Lang) -> Out:
        cases = self.resident_cases(user_id)
        if not cases:
            return Out(self.texts.get(lang, "status.none"))
        lines = [self.texts.get(lang, "status.list_title")]
        buttons = []
        for case in cases[:20]:
            lines.append(self.texts.get(
                lang, "status.line", number=case.number, kind=self.kind_label(case, lang),
                status=self.status_label(case, lang), due=self.due_text(case, lang),
                updated=show(case.updated_at, self.clock.zone)))
            buttons.append((Button(case.number, callbacks.case_status(case.number)),))
        return Out("\n".join(lines), tuple(buttons[:10]))

    def status_detail(self, user_id: int, number: str, lang: Lang) -> Out:
        case = self.resident_case(user_id, number)
        if case is None:
            return Out(self.texts.get(lang, "status.not_found", number=number.strip()[:40]))
        events = self.repo.case_events(case.id)
        history = [self.texts.get(lang, "status.event", at=show(from_iso(e["at"]),
                                  self.clock.zone), what=self.texts.get(
                                      lang, f"event.{e['action']}"))
                   for e in events if e["action"] != "note"]
        text = self.texts.get(lang, "status.detail", number=case.number,
                              kind=self.kind_label(case, lang),
                              status=self.status_label(case, lang),
                              received=show(case.received_at, self.clock.zone),
                              due=self.due_text(case, lang), history="\n".join(history))
        unanswered = case.kind == "application" and case.status in UNANSWERED_STATUSES
        if unanswered and case.due_date is not None and case.due_date < self.clock.today():
            facts = self.agency_facts() if self.agency_facts else None
            text += "\n\n" + no_reply_remedy(case.due_date, facts).render(self.texts, lang)
        return Out(text)
