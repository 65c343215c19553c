"""Changes to a filed case: one named method per move, each one transaction with its
audit event and the notices that report it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.messages import Out
from bot.store.base import dumps
from bot.store.outbox import OutboxMixin
from bot.workdays import DueDate

# Every action an audit event can record (each has its text event.ACTION).
EVENT_ACTIONS = frozenset(
    {
        "submitted",
        "accepted",
        "amended",
        "answered",
        "assigned",
        "closed",
        "consultation",
        "consultation_done",
        "corrected",
        "correction_requested",
        "due_recomputed",
        "extended",
        "extension_rejected",
        "extension_requested",
        "fee_charged",
        "fee_lapsed",
        "fee_paid",
        "in_progress",
        "note",
        "remedy_recorded",
        "reopened",
        "withdrawn",
        "withdrawn_by_applicant",
        "resolved",
        "unfounded",
        "forwarded",
        "anonymised",
        "overdue_told",
        "letter_sent",
        "file_kept",
        "file_released",
    }
)
# Columns a named change may set; the rest are written once, when the case is filed.
CHANGEABLE = frozenset(
    {
        "status",
        "data",
        "due_date",
        "due_provisional",
        "assigned_to",
        "outcome",
        "outcome_detail",
        "reply",
        "answered_at",
        "closed_at",
        "restarted_at",
        "correction_requested_on",
        "correction_due",
        "clock_paused_at",
        "paused_days",
        "consult_party",
        "consult_due",
        "extended",
        "extension_days",
        "extension_requested_days",
        "extension_reason",
        "extension_requested_by",
        "fee_amount",
        "fee_due",
        "fee_paid_on",
        "review_result",
        "lawsuit_result",
        "lawsuit_after_review",
        "overdue_told_for",
    }
)


class CaseChangesMixin(OutboxMixin):
    def _change(
        self,
        notices: Sequence[Out],
        case_id: int,
        actor: str,
        action: str,
        note: str = "",
        **columns: Any,
    ) -> list[Out]:
        """Change a case, record its event and queue the notices that report the change
        (each with its chat), in one transaction. Returns the queued notices."""
        unknown = set(columns) - CHANGEABLE
        if unknown:
            raise ValueError(f"not a changeable case column: {sorted(unknown)}")
        if action not in EVENT_ACTIONS:
            raise ValueError(f"not a case event: {action}")
        now = self.now_iso()
        with self.db.atomic():
            current = self.one("select status, number from cases where id = ?", (case_id,))
            if current is None:
                raise KeyError(case_id)
            values = {**columns, "updated_at": now}
            for name in ("data", "outcome_detail"):
                if name in values:
                    values[name] = dumps(values[name])
            # sqlite-utils nests these in the open transaction (as savepoints).
            self.db.table("cases").update(case_id, values)
            self.db.table("case_events").insert(
                {
                    "case_id": case_id,
                    "at": now,
                    "actor": actor,
                    "action": action,
                    "status_from": current["status"],
                    "status_to": columns.get("status", current["status"]),
                    "note": note,
                }
            )
            return self.enqueue_all(notices, ref=current["number"])

    def accept_case(self, case_id: int, actor: str, notices: Sequence[Out] = ()) -> list[Out]:
        return self._change(notices, case_id, actor, "accepted", status="accepted")

    def request_correction(
        self,
        case_id: int,
        actor: str,
        what: str,
        requested_on: date,
        due: date,
        notices: Sequence[Out] = (),
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "correction_requested",
            what,
            status="correction",
            correction_requested_on=requested_on.isoformat(),
            correction_due=due.isoformat(),
        )

    def record_correction(
        self,
        case_id: int,
        text: str,
        data: dict[str, Any],
        restarted_at: str,
        due: DueDate,
        notices: Sequence[Out] = (),
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            "resident",
            "corrected",
            text,
            status="accepted",
            data=data,
            restarted_at=restarted_at,
            due_date=due.date.isoformat(),
            due_provisional=int(due.provisional),
        )

    def start_consultation(
        self,
        case_id: int,
        actor: str,
        party: str,
        note: str,
        since: date,
        answer_due: date,
        notices: Sequence[Out] = (),
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "consultation",
            f"{party}: {note}".strip(": "),
            status="consulting",
            clock_paused_at=since.isoformat(),
            consult_party=party,
            consult_due=answer_due.isoformat(),
        )

    def end_consultation(
        self, case_id: int, actor: str, paused_days: int, due: DueDate, notices: Sequence[Out] = ()
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "consultation_done",
            f"+{paused_days}",
            status="accepted",
            clock_paused_at=None,
            consult_due=None,
            paused_days=paused_days,
            due_date=due.date.isoformat(),
            due_provisional=int(due.provisional),
        )

    def request_extension(
        self, case_id: int, actor: str, days: int, reason: str, notices: Sequence[Out] = ()
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "extension_requested",
            f"+{days}: {reason}",
            extension_requested_days=days,
            extension_reason=reason,
            extension_requested_by=actor,
        )

    def approve_extension(
        self, case_id: int, actor: str, days: int, due: DueDate, notices: Sequence[Out] = ()
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "extended",
            f"+{days}",
            extended=1,
            extension_days=days,
            extension_requested_days=0,
            due_date=due.date.isoformat(),
            due_provisional=int(due.provisional),
        )

    def reject_extension(
        self, case_id: int, actor: str, reason: str, notices: Sequence[Out] = ()
    ) -> list[Out]:
        return self._change(
            notices, case_id, actor, "extension_rejected", reason, extension_requested_days=0
        )

    def charge_fee(
        self,
        case_id: int,
        actor: str,
        amount: int,
        basis: str,
        pay_by: date,
        paused_since: date,
        notices: Sequence[Out] = (),
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "fee_charged",
            f"{amount}: {basis}",
            status="fee_due",
            fee_amount=amount,
            fee_due=pay_by.isoformat(),
            clock_paused_at=paused_since.isoformat(),
        )

    def record_payment(
        self,
        case_id: int,
        actor: str,
        paid_on: date,
        paused_days: int,
        due: DueDate,
        notices: Sequence[Out] = (),
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "fee_paid",
            f"+{paused_days}",
            status="accepted",
            fee_paid_on=paid_on.isoformat(),
            clock_paused_at=None,
            paused_days=paused_days,
            due_date=due.date.isoformat(),
            due_provisional=int(due.provisional),
        )

    def record_answer(
        self,
        case_id: int,
        actor: str,
        outcome: str,
        reply: str,
        detail: dict[str, Any],
        at: str,
        notices: Sequence[Out] = (),
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "answered",
            outcome,
            status="answered",
            outcome=outcome,
            reply=reply,
            outcome_detail=detail,
            answered_at=at,
        )

    def amend_outcome(
        self,
        case_id: int,
        actor: str,
        outcome: str,
        reply: str,
        detail: dict[str, Any],
        reason: str,
        notices: Sequence[Out] = (),
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "amended",
            reason,
            outcome=outcome,
            reply=reply,
            outcome_detail=detail,
        )

    def reopen_case(
        self, case_id: int, actor: str, reason: str, due: DueDate, notices: Sequence[Out] = ()
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "reopened",
            reason,
            status="accepted",
            outcome=None,
            answered_at=None,
            closed_at=None,
            due_date=due.date.isoformat(),
            due_provisional=int(due.provisional),
        )

    def withdraw_case(
        self,
        case_id: int,
        actor: str,
        action: str,
        outcome: str,
        at: str,
        note: str = "",
        notices: Sequence[Out] = (),
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            action,
            note,
            status="withdrawn",
            outcome=outcome,
            answered_at=at,
            clock_paused_at=None,
        )

    def close_case(
        self, case_id: int, actor: str, at: str, notices: Sequence[Out] = ()
    ) -> list[Out]:
        return self._change(notices, case_id, actor, "closed", status="closed", closed_at=at)

    def assign_case(
        self, case_id: int, actor: str, assignee: int, label: str, notices: Sequence[Out] = ()
    ) -> list[Out]:
        return self._change(notices, case_id, actor, "assigned", label, assigned_to=assignee)

    def add_note(
        self, case_id: int, actor: str, text: str, notices: Sequence[Out] = ()
    ) -> list[Out]:
        return self._change(notices, case_id, actor, "note", text)

    def start_complaint(self, case_id: int, actor: str, notices: Sequence[Out] = ()) -> list[Out]:
        return self._change(notices, case_id, actor, "in_progress", status="in_progress")

    def finish_complaint(
        self,
        case_id: int,
        actor: str,
        result: str,
        reply: str,
        at: str,
        notices: Sequence[Out] = (),
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            result,
            status=result,
            reply=reply,
            answered_at=at,
            closed_at=at,
        )

    def record_letter(
        self, case_id: int, actor: str, kind: str, notices: Sequence[Out] = ()
    ) -> list[Out]:
        return self._change(notices, case_id, actor, "letter_sent", kind)

    def record_release(
        self, case_id: int, actor: str, name: str, notices: Sequence[Out] = ()
    ) -> list[Out]:
        return self._change(notices, case_id, actor, "file_released", name)

    def mark_overdue_told(self, case_id: int, due: date, notices: Sequence[Out] = ()) -> list[Out]:
        return self._change(
            notices,
            case_id,
            "system",
            "overdue_told",
            due.isoformat(),
            overdue_told_for=due.isoformat(),
        )

    def move_due_date(
        self, case_id: int, due: DueDate, note: str, notices: Sequence[Out] = ()
    ) -> list[Out]:
        """A recount after the holiday schedule changed."""
        return self._change(
            notices,
            case_id,
            "system",
            "due_recomputed",
            note,
            due_date=due.date.isoformat(),
            due_provisional=int(due.provisional),
        )

    def record_review(
        self,
        case_id: int,
        actor: str,
        review: str | None,
        lawsuit: str | None,
        after_review: bool,
        notices: Sequence[Out] = (),
    ) -> list[Out]:
        return self._change(
            notices,
            case_id,
            actor,
            "remedy_recorded",
            f"{review or ''}/{lawsuit or ''}",
            review_result=review,
            lawsuit_result=lawsuit,
            lawsuit_after_review=int(after_review),
        )

    def anonymise_case(self, case_id: int, data: dict[str, Any], placeholder: str) -> None:
        """Remove everything that identifies the resident from a closed case, with its
        audit event, in one step: their answers (`data` comes already anonymised), the
        staff's reply to them, every note, evidence file ids and names, the notices
        queued for them, and their user and chat ids. What the annual report counts
        (kind, dates, applicant type, status, outcome) stays."""
        now = self.now_iso()
        with self.db.atomic():
            row = self.one("select chat_id from cases where id = ?", (case_id,))
            self.db.execute("update cases set data = ?, reply = case when reply is null "
                            "then null else ? end, user_id = 0, chat_id = null, "
                            "anonymised_at = ?, updated_at = ? where id = ?",
                            (dumps(data), placeholder, now, now, case_id))
            # Only the outcome code (answered) and a day count (consultation_done) are
            # notes without personal content; every other note may quote the resident.
            self.db.execute("update case_events set note = '' where case_id = ? and "
                            "action not in ('answered', 'consultation_done')", (case_id,))
            self.db.execute("update evidence set file_id = '', name = '' where case_id = ?",
                            (case_id,))
            self.db.execute("delete from case_files where case_id = ?", (case_id,))
            if row is not None and row["chat_id"] is not None:
                self.db.execute("delete from outbox where chat_id = ? and sent_at is not null",
                                (row["chat_id"],))
            self.db.execute("insert into case_events (case_id, at, actor, action, note) "
                            "values (?, ?, 'system', 'anonymised', '')", (case_id, now))
