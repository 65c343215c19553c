"""What the store hands out: domain records, never rows. Column names stay in here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.clock import from_iso
from bot.store.base import loads


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _moment(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


@dataclass(frozen=True)
class CaseRecord:
    id: int
    number: str
    kind: str
    status: str
    user_id: int
    chat_id: int | None
    lang: str
    applicant_type: str | None
    data: dict[str, Any]
    # The day the office received the application (Art. 31): never changed, not even by
    # a correction; the clock's restart after a correction is kept beside it.
    received_at: datetime
    due_date: date | None
    due_provisional: bool
    updated_at: datetime
    created_at: datetime | None = None
    channel: str = "telegram"
    assigned_to: int | None = None
    outcome: str | None = None
    outcome_detail: dict[str, Any] = field(default_factory=dict)
    reply: str | None = None
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    restarted_at: datetime | None = None
    correction_requested_on: date | None = None
    correction_due: date | None = None
    clock_paused_at: date | None = None
    paused_days: int = 0
    consult_party: str | None = None
    consult_due: date | None = None
    extended: bool = False
    extension_days: int = 0
    extension_requested_days: int = 0
    extension_reason: str | None = None
    extension_requested_by: str | None = None
    fee_amount: int | None = None
    fee_due: date | None = None
    fee_paid_on: date | None = None
    carried_over: bool = False
    review_result: str | None = None  # reconsideration: upheld / corrected / other / pending
    lawsuit_result: str | None = None
    lawsuit_after_review: bool = False
    anonymised_at: datetime | None = None
    overdue_told_for: date | None = None  # the due date whose passing the resident was told

    # facts the state machine's guards read -------------------------------------------
    @property
    def correction_requested(self) -> bool:
        return self.correction_requested_on is not None

    @property
    def extension_pending(self) -> bool:
        return self.extension_requested_days > 0

    @property
    def fee_charged(self) -> bool:
        return self.fee_amount is not None

    @property
    def overdue_told(self) -> bool:
        return self.overdue_told_for is not None and self.overdue_told_for == self.due_date

    @property
    def clock_start(self) -> datetime:
        """Where the reply period counts from: the receipt, or the correction."""
        return self.restarted_at or self.received_at

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CaseRecord:
        get = row.get
        data = row["data"]
        return cls(
            id=row["id"], number=row["number"], kind=row["kind"], status=row["status"],
            user_id=row["user_id"], chat_id=get("chat_id"), lang=row["lang"] or "zh",
            applicant_type=row["applicant_type"],
            data=loads(data) or {} if isinstance(data, str) else dict(data or {}),
            received_at=from_iso(row["received_at"]),
            due_date=_day(row["due_date"]), due_provisional=bool(row["due_provisional"]),
            updated_at=from_iso(row["updated_at"]), created_at=_moment(get("created_at")),
            channel=get("channel") or "telegram",
            assigned_to=get("assigned_to"), outcome=get("outcome") or None,
            outcome_detail=loads(get("outcome_detail")) or {}, reply=get("reply"),
            answered_at=_moment(get("answered_at")), closed_at=_moment(get("closed_at")),
            restarted_at=_moment(get("restarted_at")),
            correction_requested_on=_day(get("correction_requested_on")),
            correction_due=_day(get("correction_due")),
            clock_paused_at=_day(get("clock_paused_at")), paused_days=get("paused_days") or 0,
            consult_party=get("consult_party"), consult_due=_day(get("consult_due")),
            extended=bool(get("extended")), extension_days=get("extension_days") or 0,
            extension_requested_days=get("extension_requested_days") or 0,
            extension_reason=get("extension_reason"),
            extension_requested_by=get("extension_requested_by"),
            fee_amount=get("fee_amount"), fee_due=_day(get("fee_due")),
            fee_paid_on=_day(get("fee_paid_on")), carried_over=bool(get("carried_over")),
            review_result=get("review_result"), lawsuit_result=get("lawsuit_result"),
            lawsuit_after_review=bool(get("lawsuit_after_review")),
            anonymised_at=_moment(get("anonymised_at")),
            overdue_told_for=_day(get("overdue_told_for")))


@dataclass(frozen=True)
class CaseEvent:
    at: datetime
    actor: str
    action: str
    status_from: str | None
    status_to: str | None
    note: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CaseEvent:
        return cls(at=from_iso(row["at"]), actor=row["actor"] or "", action=row["action"],
                   status_from=row.get("status_from"), status_to=row.get("status_to"),
                   note=row["note"] or "")


@dataclass(frozen=True)
class EvidenceItem:
    file_id: str
    kind: str
    name: str
    mime: str = ""
    size: int = 0


@dataclass(frozen=True)
class CaseFile:
    """A document kept with a case (a signed copy of a letter, released information),
    without its bytes."""

    id: int
    case_id: int
    purpose: str
    letter_kind: str
    name: str
    media_type: str
    size: int
    uploaded_by: str
    uploaded_at: datetime
    sent_at: datetime | None
