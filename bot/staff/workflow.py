"""How a case moves, by the Regulations' rules, and whom each move concerns.

Every move is one transaction with its audit event (Repository.update_case); the
messages it returns tell the resident, in their language, what changed for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from bot import callbacks
from bot.clock import Clock, to_iso
from bot.filing import CaseRecord
from bot.i18n import Catalogue
from bot.messages import Button, Out
from bot.remedies import AgencyFacts, remedy_for
from bot.staff.outcomes import OUTCOMES, WITHDRAWN_OUTCOME, outcome_label
from bot.store import Repository
from bot.textnorm import Lang
from bot.workdays import WorkCalendar

MAX_EXTENSION_DAYS = 20  # Art. 33: one extension of at most 20 working days
CORRECTION_NOTICE_DAYS = 7  # Art. 30: the correction notice goes out within 7 working days
COMPLAINT_RESULTS = ("resolved", "unfounded", "forwarded")

# action -> (case kind, statuses it may start from)
ALLOWED: dict[str, tuple[str, tuple[str, ...]]] = {
    "accept": ("application", ("received",)),
    "correct": ("application", ("received", "accepted")),
    "corrected": ("application", ("correction",)),
    "consult": ("application", ("accepted",)),
    "resume": ("application", ("consulting",)),
    "extend": ("application", ("accepted", "consulting")),
    "answer": ("application", ("received", "accepted")),
    "close": ("application", ("answered", "withdrawn")),
    "progress": ("complaint", ("received",)),
    "resolve": ("complaint", ("received", "in_progress")),
}


class WorkflowError(Exception):
    """A move the rules do not allow; `key` names the message that explains it."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _no_facts() -> AgencyFacts:
    empty: Mapping[str, Mapping[Lang, str]] = {}
    return empty


class Workflow:
    def __init__(self, repo: Repository, calendar: WorkCalendar, clock: Clock,
                 texts: Catalogue, correction_days: int, application_days: int,
                 agency_facts: Callable[[], AgencyFacts] = _no_facts) -> None:
        self.repo = repo
        self.calendar = calendar
        self.clock = clock
        self.texts = texts
        self.correction_days = correction_days
        self.application_days = application_days
        # The confirmed agency facts of the base in use now (it may be reloaded).
        self.agency_facts = agency_facts

    # looking up ------------------------------------------------------------------
    def get(self, number: str) -> CaseRecord:
        row = self.repo.case_by_number(number)
        if row is None:
            raise WorkflowError("staff.no_case", number=number.strip()[:40])
        return CaseRecord.from_row(row)

    def _check(self, case: CaseRecord, action: str) -> None:
        kind, statuses = ALLOWED[action]
        if case.kind != kind:
            raise WorkflowError("staff.wrong_kind", number=case.number)
        if case.status not in statuses:
            raise WorkflowError("staff.wrong_status", number=case.number,
                                status=self.texts.staff(f"status.{case.status}"))

    def _notify(self, case: CaseRecord, key: str, **values: Any) -> Out:
        lang: Lang = "en" if case.lang == "en" else "zh"
        text = self.texts.get(lang, key, number=case.number, **values)
        button = Button(self.texts.get(lang, "action.status"), callbacks.case_status(case.number))
        return Out(text, ((button,),), chat_id=case.chat_id)

    def _today(self) -> date:
        return self.clock.today()

    def _remedy(self, case: CaseRecord, outcome: str) -> str:
        """The remedy against this outcome, its last days counted from today."""
        lang: Lang = "en" if case.lang == "en" else "zh"
        remedy = remedy_for(outcome, self._today(), self.agency_facts())
        return remedy.render(self.texts, lang)

    # applications ------------------------------------------------------------------
    def accept(self, number: str, actor: str) -> list[Out]:
        case = self.get(number)
        self._check(case, "accept")
        return self.repo.update_case(case.id, actor=actor, action="accepted", status="accepted",
                                     notices=[self._notify(case, "notify.accepted",
                                                           due=self._due(case))])

    def request_correction(self, number: str, actor: str, what: str) -> list[Out]:
        """Art. 30: one notice listing everything to correct, with a deadline; the
        answer clock stops until the corrected application arrives."""
        case = self.get(number)
        self._check(case, "correct")
        if not what.strip():
            raise WorkflowError("staff.need_text")
        received = self.clock.local_date(case.received_at)
        if self.calendar.workdays_between(received, self._today()) > CORRECTION_NOTICE_DAYS:
            raise WorkflowError("staff.correction_late", days=CORRECTION_NOTICE_DAYS)
        deadline = self.calendar.add_workdays(self._today(), self.correction_days)
        lang: Lang = "en" if case.lang == "en" else "zh"
        out = self._notify(case, "notify.correction", what=what,
                           deadline=deadline.date.isoformat())
        button = Button(self.texts.get(lang, "correction.start"), callbacks.correction(case.number))
        notice = Out(out.text, ((button,), *out.buttons), chat_id=out.chat_id)
        return self.repo.update_case(case.id, actor=actor, action="correction_requested",
                                     note=what, status="correction", due_date=None,
                                     correction_due=deadline.date.isoformat(),
                                     notices=[notice])

    def corrected(self, number: str, user_id: int, text: str, lang: Lang,
                  staff_chat: int | None) -> list[Out]:
        """The resident's correction: the application counts as received anew today. The
        resident's confirmation and the staff chat's notice are queued with the change."""
        case = self.get(number)
        if case.user_id != user_id:
            raise WorkflowError("staff.no_case", number=number)
        self._check(case, "corrected")
        received = self.clock.now()
        due = self.calendar.add_workdays(self.clock.local_date(received), self.application_days)
        data = dict(case.data)
        data.setdefault("corrections", []).append({"at": to_iso(received), "text": text})
        shown_due = due.date.isoformat() + (self.texts.get(lang, "status.provisional")
                                            if due.provisional else "")
        notices = [Out(self.texts.get(lang, "correction.received", number=case.number,
                                      due=shown_due), chat_id=case.chat_id)]
        if staff_chat is not None:
            notices.append(Out(self.texts.staff("staff.corrected", number=case.number),
                               chat_id=staff_chat))
        return self.repo.update_case(case.id, actor="resident", action="corrected", note=text,
                                     status="accepted", data=data,
                                     received_at=to_iso(received),
                                     due_date=due.date.isoformat(),
                                     due_provisional=int(due.provisional),
                                     correction_due=None, notices=notices)

    def expire_corrections(self) -> list[Out]:
        """Art. 30: a correction deadline missed without good reason is a withdrawal."""
        today = self._today().isoformat()
        messages: list[Out] = []
        for row in self.repo.list_cases(kind="application", status="correction"):
            if row["correction_due"] and row["correction_due"] < today:
                case = CaseRecord.from_row(row)
                messages += self.repo.update_case(
                    case.id, actor="system", action="withdrawn", status="withdrawn",
                    outcome=WITHDRAWN_OUTCOME, answered_at=to_iso(self.clock.now()),
                    notices=[self._notify(case, "notify.withdrawn",
                                         remedy=self._remedy(case, WITHDRAWN_OUTCOME))])
        return messages

    def consult(self, number: str, actor: str, note: str) -> list[Out]:
        """Art. 32/34: consulting a third party or another agency pauses the clock."""
        case = self.get(number)
        self._check(case, "consult")
        return self.repo.update_case(case.id, actor=actor, action="consultation", note=note,
                                     status="consulting",
                                     clock_paused_at=self._today().isoformat(),
                                     notices=[self._notify(case, "notify.consulting")])

    def resume(self, number: str, actor: str) -> list[Out]:
        case = self.get(number)
        self._check(case, "resume")
        paused_since = case.clock_paused_at or self._today()
        paused = max(0, self.calendar.workdays_between(paused_since, self._today()))
        due = case.due_date or self._today()
        new_due = self.calendar.add_workdays(due, paused)
        return self.repo.update_case(
            case.id, actor=actor, action="consultation_done", note=f"+{paused}",
            status="accepted", clock_paused_at=None, due_date=new_due.date.isoformat(),
            due_provisional=int(new_due.provisional or case.due_provisional),
            notices=[self._notify(case, "notify.resumed", due=new_due.date.isoformat())])

    def extend(self, number: str, actor: str, days: int, reason: str) -> list[Out]:
        """Art. 33: one extension, at most 20 working days, with a reason given to the
        applicant."""
        case = self.get(number)
        self._check(case, "extend")
        if case.extended:
            raise WorkflowError("staff.already_extended", number=case.number)
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise WorkflowError("staff.extension_days", max=MAX_EXTENSION_DAYS)
        if not reason.strip():
            raise WorkflowError("staff.need_text")
        base = case.due_date or self._today()
        new_due = self.calendar.add_workdays(base, days)
        return self.repo.update_case(
            case.id, actor=actor, action="extended", note=reason, extended=1,
            extension_days=days, due_date=new_due.date.isoformat(),
            due_provisional=int(new_due.provisional or case.due_provisional),
            notices=[self._notify(case, "notify.extended", due=new_due.date.isoformat(),
                                  reason=reason)])

    def answer(self, number: str, actor: str, code: str, reply: str) -> list[Out]:
        case = self.get(number)
        self._check(case, "answer")
        if code not in OUTCOMES:
            raise WorkflowError("staff.bad_outcome", code=code[:10])
        if not reply.strip():
            raise WorkflowError("staff.need_text")
        lang: Lang = "en" if case.lang == "en" else "zh"
        notice = self._notify(case, "notify.answered", outcome=outcome_label(code, lang),
                              reply=reply, remedy=self._remedy(case, code))
        return self.repo.update_case(case.id, actor=actor, action="answered", note=code,
                                     status="answered", outcome=code, reply=reply,
                                     answered_at=to_iso(self.clock.now()), notices=[notice])

    def close(self, number: str, actor: str) -> list[Out]:
        case = self.get(number)
        self._check(case, "close")
        self.repo.update_case(case.id, actor=actor, action="closed", status="closed",
                              closed_at=to_iso(self.clock.now()))
        return []

    # complaints ----------------------------------------------------------------------
    def start_complaint(self, number: str, actor: str) -> list[Out]:
        case = self.get(number)
        self._check(case, "progress")
        return self.repo.update_case(case.id, actor=actor, action="in_progress",
                                     status="in_progress",
                                     notices=[self._notify(case, "notify.in_progress")])

    def finish_complaint(self, number: str, actor: str, result: str, reply: str) -> list[Out]:
        case = self.get(number)
        self._check(case, "resolve")
        if result not in COMPLAINT_RESULTS:
            raise WorkflowError("staff.bad_result")
        if not reply.strip():
            raise WorkflowError("staff.need_text")
        now = to_iso(self.clock.now())
        lang: Lang = "en" if case.lang == "en" else "zh"
        notice = self._notify(case, "notify.complaint_done",
                              result=self.texts.get(lang, f"status.{result}"), reply=reply)
        return self.repo.update_case(case.id, actor=actor, action=result, status=result,
                                     reply=reply, answered_at=now, closed_at=now,
                                     notices=[notice])

    # either --------------------------------------------------------------------------
    def assign(self, number: str, actor: str, assignee: int, label: str) -> list[Out]:
        case = self.get(number)
        self.repo.update_case(case.id, actor=actor, action="assigned", note=label,
                              assigned_to=assignee)
        return []

    def note(self, number: str, actor: str, text: str) -> list[Out]:
        case = self.get(number)
        if not text.strip():
            raise WorkflowError("staff.need_text")
        self.repo.update_case(case.id, actor=actor, action="note", note=text)
        return []

    def set_status(self, number: str, actor: str, status: str, *, note: str = "",
                   outcome: str = "", days: int = 0) -> list[Out]:
        """One entry point for offline work (the CLI), with the same rules as the bot."""
        case = self.get(number)
        moves: dict[str, Callable[[], list[Out]]] = {
            "accepted": (lambda: self.resume(number, actor)) if case.status == "consulting"
            else (lambda: self.accept(number, actor)),
            "correction": lambda: self.request_correction(number, actor, note),
            "consulting": lambda: self.consult(number, actor, note),
            "extended": lambda: self.extend(number, actor, days, note),
            "answered": lambda: self.answer(number, actor, outcome, note),
            "closed": lambda: self.close(number, actor),
            "in_progress": lambda: self.start_complaint(number, actor),
        }
        for result in COMPLAINT_RESULTS:
            moves[result] = lambda result=result: self.finish_complaint(  # type: ignore[misc]
                number, actor, result, note)
        if status not in moves:
            raise WorkflowError("staff.bad_status", status=status[:20],
                                choices=", ".join(moves))
        return moves[status]()

    def _due(self, case: CaseRecord) -> str:
        return case.due_date.isoformat() if case.due_date else "-"
