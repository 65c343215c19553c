"""How a case moves, by the Regulations' rules, and whom each move concerns.

This is the desk's public core: the bot's staff commands, the command line and any other
desk call these methods and nothing below them. Each method checks the state machine
(bot/staff/states.py) and the rule of the article it applies, records the move with its
audit event in one transaction (a named repository method), and returns the messages it
causes: notices to the resident in their language, and to staff where someone must act.
`actor` is the staff member's Telegram user id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import callbacks
from bot.auth import APPROVER, STAFF
from bot.callbacks import staff as staff_button
from bot.clock import to_iso
from bot.messages import Button, Out
from bot.staff.documents import Documents
from bot.staff.duties import Duties
from bot.staff.fees import PAYMENT_DAYS, FeeMethod, fee
from bot.staff.outcomes import (
    APPLICANT_WITHDREW_OUTCOME,
    MAX_ARTICLE,
    NO_AGENCY,
    OUTCOMES,
    RULES,
)
from bot.staff.states import COMPLAINT_RESULTS, Action, CaseStatus, action_to, statuses_of
from bot.staff.workflow_base import (
    CONSULTATION_DAYS,
    CORRECTION_NOTICE_DAYS,
    MAX_EXTENSION_DAYS,
    MIN_REASON,
    REMEDY_RESULTS,
    REOPEN_GROUNDS,
    WorkflowError,
    _real_reason,
    actor_label,
)
from bot.store.records import CaseRecord

__all__ = ["CONSULTATION_DAYS", "CORRECTION_NOTICE_DAYS", "MAX_EXTENSION_DAYS",
           "REMEDY_RESULTS", "REOPEN_GROUNDS", "Workflow", "WorkflowError", "actor_label"]


class Workflow(Documents, Duties):
    """The moves of a case; see the module's docstring."""

    # applications --------------------------------------------------------------------
    def accept(self, number: str, actor: int) -> list[Out]:
        case = self.get(number)
        self._check(case, Action.ACCEPT, actor)
        lang = self.notices.lang_of(case)
        notices = self.notices.to_resident(
            case, "notify.accepted",
            due=self.notices.day(lang, case.due_date, case.due_provisional))
        return self.repo.accept_case(case.id, actor_label(actor), notices)

    def request_correction(self, number: str, actor: int, what: str) -> list[Out]:
        """Art. 30: one notice listing everything to correct, with a deadline; the
        answer clock stops until the corrected application arrives."""
        case = self.get(number)
        self._check(case, Action.CORRECT, actor)
        if not what.strip():
            raise WorkflowError("staff.need_text")
        received = self.clock.local_date(case.received_at)
        if self.calendar.workdays_between(received, self._today()) > CORRECTION_NOTICE_DAYS:
            raise WorkflowError("staff.correction_late", days=CORRECTION_NOTICE_DAYS)
        deadline = self.calendar.add_workdays(self._today(), self.correction_days)
        outs = self.notices.to_resident(
            case, "notify.correction", what=what,
            deadline=self.notices.day(self.notices.lang_of(case), deadline.date,
                                      deadline.provisional))
        if outs:
            lang = self.notices.lang_of(case)
            button = Button(self.texts.get(lang, "correction.start"),
                            callbacks.correction(case.number))
            outs = [Out(outs[0].text, ((button,), *outs[0].buttons), chat_id=outs[0].chat_id)]
        return self.repo.request_correction(case.id, actor_label(actor), what, self._today(),
                                            deadline.date, outs)

    def corrected(self, number: str, user_id: int | None, text: str, *,
                  actor: int | None = None, staff_chat: int | None = None) -> list[Out]:
        """The applicant's correction: the period counts anew from today (Art. 30), the
        original receipt date stays as it was. From the bot: `user_id`, the applicant, who
        gets the confirmation with the new date (and the staff chat a notice); a
        correction that came on paper is recorded by staff: `actor`."""
        case = self.get(number)
        if actor is not None:
            self._require_staff(actor)
        elif case.user_id != user_id:
            raise WorkflowError("staff.no_case", number=number)
        self._check(case, Action.CORRECTED)
        if case.correction_due is not None and self._today() > case.correction_due:
            raise WorkflowError("correction.too_late", number=case.number,
                                deadline=case.correction_due.isoformat())
        restarted = self.clock.now()
        due = self._add(self.clock.local_date(restarted), self.application_days)
        data = dict(case.data)
        data.setdefault("corrections", []).append({"at": to_iso(restarted), "text": text})
        notices: list[Out] = []
        if actor is None and case.chat_id is not None:
            lang = self.notices.lang_of(case)
            notices.append(Out(self.texts.get(
                lang, "correction.received", number=case.number,
                due=self.notices.day(lang, due.date, due.provisional)), chat_id=case.chat_id))
        if staff_chat is not None:
            notices.append(Out(self.texts.staff("staff.corrected", number=case.number),
                               chat_id=staff_chat))
        return self.repo.record_correction(case.id, text, data, to_iso(restarted), due, notices)

    def consult(self, number: str, actor: int, party: str, note: str = "") -> list[Out]:
        """Art. 32/34: a third party or another agency is consulted in writing; the
        clock stops and the party has 15 working days to answer."""
        case = self.get(number)
        self._check(case, Action.CONSULT, actor)
        if not party.strip():
            raise WorkflowError("staff.need_party")
        answer_due = self.calendar.add_workdays(self._today(), CONSULTATION_DAYS)
        return self.repo.start_consultation(case.id, actor_label(actor), party.strip(), note,
                                            self._today(), answer_due.date,
                                            self.notices.to_resident(case, "notify.consulting"))

    def resume(self, number: str, actor: int) -> list[Out]:
        case = self.get(number)
        self._check(case, Action.RESUME, actor)
        paused = self.paused_days(case)
        due = self.effective_due(case) or self._add(self._today(), self.application_days)
        lang = self.notices.lang_of(case)
        notices = self.notices.to_resident(case, "notify.resumed",
                                           due=self.notices.day(lang, due.date, due.provisional))
        return self.repo.end_consultation(case.id, actor_label(actor),
                                          case.paused_days + paused, due, notices)

    def request_extension(self, number: str, actor: int, days: int, reason: str) -> list[Out]:
        """Art. 33: one extension of at most 20 working days, decided before the period
        ends and approved by the office's head; the approvers are asked."""
        case = self.get(number)
        self._check(case, Action.EXTEND, actor)
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise WorkflowError("staff.extension_days", max=MAX_EXTENSION_DAYS)
        if not _real_reason(reason, MIN_REASON):
            raise WorkflowError("staff.need_reason", min=MIN_REASON)
        self._before_period_ends(case)
        asked = []
        for approver in sorted(self.auth.approvers):
            text = self.texts.staff("staff.extension_asked", number=case.number, days=days,
                                  reason=reason, who=self.staff_name(actor))
            button = Button(self.texts.staff("staff.btn.approve"),
                            staff_button("approve", case.number))
            asked.append(Out(text, ((button,),), chat_id=approver))
        return self.repo.request_extension(case.id, actor_label(actor), days, reason, asked)

    def _before_period_ends(self, case: CaseRecord) -> None:
        due = self.effective_due(case)
        if due is not None and self._today() > due.date:
            raise WorkflowError("staff.extension_too_late", number=case.number,
                                due=due.date.isoformat())

    def approve_extension(self, number: str, actor: int) -> list[Out]:
        case = self.get(number)
        self._check(case, Action.APPROVE, actor)
        self._require_approver(actor)
        self._before_period_ends(case)
        days = case.extension_requested_days
        base = case.due_date or self._today()
        new_due = self._add(base, days, case.due_provisional)
        lang = self.notices.lang_of(case)
        reason = case.extension_reason or ""
        if case.clock_paused_at is not None:
            # The real date is not known until the consultation ends: say so.
            notices = self.notices.to_resident(case, "notify.extended_paused", days=days,
                                               reason=reason)
        else:
            notices = self.notices.to_resident(
                case, "notify.extended", reason=reason,
                due=self.notices.day(lang, new_due.date, new_due.provisional))
        return self.repo.approve_extension(case.id, actor_label(actor), days, new_due, notices)

    def reject_extension(self, number: str, actor: int, reason: str) -> list[Out]:
        case = self.get(number)
        self._check(case, Action.REJECT, actor)
        self._require_approver(actor)
        if not reason.strip():
            raise WorkflowError("staff.need_text")
        requester = case.extension_requested_by or ""
        told: list[Out] = []
        if requester.startswith("staff:") and requester[6:].lstrip("-").isdigit():
            text = self.texts.staff("staff.extension_rejected", number=case.number,
                                    reason=reason)
            told.append(Out(text, chat_id=int(requester[6:])))
        return self.repo.reject_extension(case.id, actor_label(actor), reason, told)

    def _require_approver(self, actor: int) -> None:
        if APPROVER not in self.auth.roles(actor):
            raise WorkflowError("staff.not_approver")

    def charge_fee(self, number: str, actor: int, method: str, quantity: int) -> list[Out]:
        """Art. 42: a fee notice by the official tiers; the clock stops until payment and
        the applicant has 20 working days to pay."""
        case = self.get(number)
        self._check(case, Action.CHARGE, actor)
        try:
            chosen = FeeMethod(method)
            amount = fee(chosen, quantity)
        except ValueError:
            raise WorkflowError("staff.fee_bad", method=str(method)[:20]) from None
        if amount == 0:
            raise WorkflowError("staff.fee_free", quantity=quantity)
        pay_by = self.calendar.add_workdays(self._today(), PAYMENT_DAYS)
        lang = self.notices.lang_of(case)
        notices = self.notices.to_resident(
            case, "notify.fee", amount=amount,
            deadline=self.notices.day(lang, pay_by.date, pay_by.provisional))
        return self.repo.charge_fee(case.id, actor_label(actor), amount,
                                    f"{chosen.value}={quantity}", pay_by.date, self._today(),
                                    notices)

    def record_payment(self, number: str, actor: int) -> list[Out]:
        case = self.get(number)
        self._check(case, Action.PAY, actor)
        paused = self.paused_days(case)
        due = self.effective_due(case) or self._add(self._today(), self.application_days)
        lang = self.notices.lang_of(case)
        notices = self.notices.to_resident(case, "notify.fee_paid",
                                           due=self.notices.day(lang, due.date, due.provisional))
        return self.repo.record_payment(case.id, actor_label(actor), self._today(),
                                        case.paused_days + paused, due, notices)

    def _outcome_detail(self, case: CaseRecord, code: str, reply: str, article: str,
                        agency: str) -> dict[str, Any]:
        """Refuse an outcome that does not fit the case or lacks what it requires."""
        if code not in OUTCOMES:
            raise WorkflowError("staff.bad_outcome", code=code[:10])
        rule = RULES[code]
        if rule.needs_expired_correction and not (
                case.correction_due and self._today() > case.correction_due):
            raise WorkflowError("staff.outcome_needs_expired_correction", code=code)
        if rule.needs_correction_made and case.restarted_at is None:
            raise WorkflowError("staff.outcome_needs_correction", code=code)
        if rule.needs_unpaid_fee and not (case.fee_due and self._today() > case.fee_due
                                          and case.fee_paid_on is None):
            raise WorkflowError("staff.outcome_needs_unpaid_fee", code=code)
        detail: dict[str, Any] = {}
        if rule.needs_article:
            number = article.strip().removeprefix("第").removesuffix("条")
            if not number.isdigit() or not 1 <= int(number) <= MAX_ARTICLE:
                raise WorkflowError("staff.outcome_needs_article", code=code, max=MAX_ARTICLE)
            detail["article"] = int(number)
        if rule.needs_agency:
            if not agency.strip():
                raise WorkflowError("staff.outcome_needs_agency", code=code)
            detail["agency"] = "" if agency.strip().lower() in NO_AGENCY else agency.strip()
        if not reply.strip() or not _real_reason(reply, rule.min_reason):
            raise WorkflowError("staff.outcome_needs_reason", code=code,
                                min=max(rule.min_reason, 1))
        return detail

    def answer(self, number: str, actor: int, code: str, reply: str, *, article: str = "",
               agency: str = "") -> list[Out]:
        case = self.get(number)
        self._check(case, Action.ANSWER, actor)
        detail = self._outcome_detail(case, code, reply, article, agency)
        notices = self._answer_notice(case, "notify.answered", code, reply, detail)
        return self.repo.record_answer(case.id, actor_label(actor), code, reply, detail,
                                       self._now(), notices)

    def _answer_notice(self, case: CaseRecord, key: str, code: str, reply: str,
                       detail: dict[str, Any]) -> list[Out]:
        lang = self.notices.lang_of(case)
        agency = detail.get("agency", "")
        # The agency's name is a proper name: it stays as written, in any language.
        extra = self.texts.get(lang, "notify.ask_agency", agency=agency) if agency else ""
        return self.notices.to_resident(
            case, key, outcome=self.texts.get(lang, f"outcome_plain.{code}"), reply=reply,
            extra=extra, remedy=self.remedy(case, code, agency))

    def amend(self, number: str, actor: int, code: str, reply: str, reason: str, *,
              article: str = "", agency: str = "") -> list[Out]:
        """Correct a recorded outcome (the annual report counts the amended one); the
        resident is told when what they were told changes."""
        case = self.get(number)
        self._check(case, Action.AMEND, actor)
        if not _real_reason(reason, MIN_REASON):
            raise WorkflowError("staff.need_reason", min=MIN_REASON)
        reply = reply.strip() or (case.reply or "")
        detail = self._outcome_detail(case, code, reply, article, agency)
        unchanged = code == case.outcome and reply == (case.reply or "") and \
            detail.get("agency") == case.outcome_detail.get("agency")
        notices = [] if unchanged else self._answer_notice(case, "notify.amended", code,
                                                           reply, detail)
        return self.repo.amend_outcome(case.id, actor_label(actor), code, reply, detail,
                                       f"{case.outcome}→{code}: {reason}", notices)

    def reopen(self, number: str, actor: int, ground: str, reference: str,
               days: int | None = None) -> list[Out]:
        """A reconsideration decision or a court judgment orders a new reply: the case
        is handled again with a new period (the decision's own, or 20 working days)."""
        case = self.get(number)
        self._check(case, Action.REOPEN, actor)
        if ground not in REOPEN_GROUNDS:
            raise WorkflowError("staff.reopen_ground", choices=", ".join(REOPEN_GROUNDS))
        if not _real_reason(reference, 4):
            raise WorkflowError("staff.reopen_reference")
        period = days or self.application_days
        if not 1 <= period <= 60:
            raise WorkflowError("staff.reopen_days")
        due = self._add(self._today(), period)
        lang = self.notices.lang_of(case)
        notices = self.notices.to_resident(
            case, "notify.reopened", ground=self.texts.get(lang, f"reopen.{ground}"),
            due=self.notices.day(lang, due.date, due.provisional))
        return self.repo.reopen_case(case.id, actor_label(actor), f"{ground}: {reference}",
                                     due, notices)

    def withdraw(self, number: str, user_id: int | None, actor: int | None = None
                 ) -> list[Out]:
        """The applicant withdraws (from the bot: `user_id`; in writing, recorded by staff:
        `actor`). The national table counts it under 6.3 (other)."""
        case = self.get(number)
        if user_id is not None and case.user_id != user_id:
            raise WorkflowError("staff.no_case", number=number)
        self._check(case, Action.WITHDRAW, actor)
        who = "resident" if actor is None else actor_label(actor)
        return self.repo.withdraw_case(
            case.id, who, "withdrawn_by_applicant", APPLICANT_WITHDREW_OUTCOME, self._now(),
            notices=self.notices.to_resident(case, "notify.withdrawn_by_applicant"))

    def close(self, number: str, actor: int) -> list[Out]:
        case = self.get(number)
        self._check(case, Action.CLOSE, actor)
        return self.repo.close_case(case.id, actor_label(actor), self._now())

    def record_remedy(self, number: str, actor: int, *, review: str | None = None,
                      lawsuit: str | None = None, after_review: bool = False) -> list[Out]:
        """The result of a reconsideration or lawsuit against the office's reply, for the
        annual report's table 四 (upheld, corrected, other, pending)."""
        case = self.get(number)
        self._check(case, Action.NOTE, actor)
        if case.kind != "application" or not case.outcome:
            raise WorkflowError("staff.remedy_needs_outcome", number=case.number)
        for value in (review, lawsuit):
            if value is not None and value not in REMEDY_RESULTS:
                raise WorkflowError("staff.remedy_result", choices=", ".join(REMEDY_RESULTS))
        if review is None and lawsuit is None:
            raise WorkflowError("staff.remedy_result", choices=", ".join(REMEDY_RESULTS))
        return self.repo.record_review(case.id, actor_label(actor),
                                       review or case.review_result,
                                       lawsuit or case.lawsuit_result,
                                       after_review or case.lawsuit_after_review)

    # complaints ----------------------------------------------------------------------
    def start_complaint(self, number: str, actor: int) -> list[Out]:
        case = self.get(number)
        self._check(case, Action.PROGRESS, actor)
        return self.repo.start_complaint(case.id, actor_label(actor),
                                         self.notices.to_resident(case, "notify.in_progress"))

    def finish_complaint(self, number: str, actor: int, result: str, reply: str) -> list[Out]:
        case = self.get(number)
        self._check(case, Action.RESOLVE, actor)
        if result not in COMPLAINT_RESULTS:
            raise WorkflowError("staff.bad_result")
        if not reply.strip():
            raise WorkflowError("staff.need_text")
        lang = self.notices.lang_of(case)
        notices = self.notices.to_resident(
            case, "notify.complaint_done",
            result=self.texts.get(lang, f"status.{result}"), reply=reply)
        return self.repo.finish_complaint(case.id, actor_label(actor), result, reply,
                                          self._now(), notices)

    # either --------------------------------------------------------------------------
    def staff_name(self, user_id: int) -> str:
        return self.repo.staff_name(user_id) or str(user_id)

    def assign(self, number: str, actor: int, assignee: int, *, take: bool = False
               ) -> list[Out]:
        """Give a case to a staff member, who is told. Taking a case someone else holds
        is refused: reassigning is an explicit /assign, and the previous holder is told."""
        case = self.get(number)
        self._check(case, Action.ASSIGN, actor)
        if STAFF not in self.auth.roles(assignee):
            raise WorkflowError("staff.assignee_not_staff", who=assignee)
        holder = case.assigned_to
        if take and holder is not None and holder != assignee:
            raise WorkflowError("staff.held_by_other", number=case.number,
                                who=self.staff_name(holder))
        if holder == assignee:
            raise WorkflowError("staff.already_assigned", number=case.number,
                                who=self.staff_name(assignee))
        outs: list[Out] = []
        if assignee != actor:
            outs.append(Out(self.texts.staff("staff.assigned_to_you", number=case.number,
                                           who=self.staff_name(actor)),
                            ((Button(self.texts.staff("staff.btn.view"),
                                     staff_button("view", case.number)),),),
                            chat_id=assignee))
        if holder is not None and holder not in (actor, assignee):
            outs.append(Out(self.texts.staff("staff.reassigned_away", number=case.number,
                                             who=self.staff_name(assignee)), chat_id=holder))
        return self.repo.assign_case(case.id, actor_label(actor), assignee,
                                     self.staff_name(assignee), outs)

    def note(self, number: str, actor: int, text: str) -> list[Out]:
        case = self.get(number)
        self._check(case, Action.NOTE, actor)
        if not text.strip():
            raise WorkflowError("staff.need_text")
        return self.repo.add_note(case.id, actor_label(actor), text)

    def set_status(self, number: str, actor: int, status: str, *, note: str = "",
                   outcome: str = "", days: int = 0) -> list[Out]:
        """Move a case to a status: the state machine names the action that leads there,
        which then runs with all its rules."""
        case = self.get(number)
        try:
            CaseStatus(status)
        except ValueError:
            raise WorkflowError("staff.bad_status", status=status[:20], choices=", ".join(
                s.value for s in CaseStatus)) from None
        if status not in statuses_of(case.kind):
            raise WorkflowError("staff.wrong_kind", number=case.number)
        action = action_to(case, status)
        if action is None:
            raise WorkflowError("staff.wrong_status", number=case.number,
                                status=self.texts.staff(f"status.{case.status}"))
        moves: dict[Action, Callable[[], list[Out]]] = {
            Action.ACCEPT: lambda: self.accept(number, actor),
            Action.RESUME: lambda: self.resume(number, actor),
            Action.PAY: lambda: self.record_payment(number, actor),
            Action.CORRECT: lambda: self.request_correction(number, actor, note),
            Action.CONSULT: lambda: self.consult(number, actor, note),
            Action.ANSWER: lambda: self.answer(number, actor, outcome, note),
            Action.CLOSE: lambda: self.close(number, actor),
            Action.PROGRESS: lambda: self.start_complaint(number, actor),
            Action.RESOLVE: lambda: self.finish_complaint(number, actor, status, note),
            Action.WITHDRAW: lambda: self.withdraw(number, None, actor),
        }
        if action not in moves:
            raise WorkflowError("staff.wrong_status", number=case.number,
                                status=self.texts.staff(f"status.{case.status}"))
        return moves[action]()
