"""The case state machine, written once: the kinds and statuses of a case, the actions
on it, who performs each, and which actions each state allows.

The workflow refuses what `allowed_actions` does not list; the staff views, the buttons,
the command line and any other desk show exactly these actions. Which statuses are
open (still waiting for the office's decision) and which are closed is derived from the
table, not listed a second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Protocol


class CaseKind(StrEnum):
    APPLICATION = "application"
    COMPLAINT = "complaint"


class CaseStatus(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    CORRECTION = "correction"  # waiting for the applicant's correction (Art. 30)
    CONSULTING = "consulting"  # third party or other agency consulted, clock paused (Art. 32/34)
    FEE_DUE = "fee_due"  # fee notice sent, clock stopped until payment (Art. 42)
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"  # by the applicant, or deemed (Art. 30, fee unpaid)
    CLOSED = "closed"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    UNFOUNDED = "unfounded"
    FORWARDED = "forwarded"


class Action(StrEnum):
    ACCEPT = "accept"
    CORRECT = "correct"  # ask for a correction
    CORRECTED = "corrected"  # the applicant's correction arrives
    CONSULT = "consult"
    RESUME = "resume"
    EXTEND = "extend"  # request an extension
    APPROVE = "approve"  # the approver grants the requested extension
    REJECT = "reject"  # the approver refuses it
    CHARGE = "charge"  # send a fee notice
    PAY = "pay"  # the fee was paid
    ANSWER = "answer"
    AMEND = "amend"  # correct a recorded outcome
    REOPEN = "reopen"  # after a reconsideration decision or court judgment
    WITHDRAW = "withdraw"  # by the applicant
    EXPIRE = "expire"  # a correction or payment deadline passed (deemed withdrawal)
    CLOSE = "close"
    NOTE = "note"
    ASSIGN = "assign"
    PROGRESS = "progress"  # a complaint is being handled
    RESOLVE = "resolve"  # a complaint's result


class Actor(StrEnum):
    STAFF = "staff"
    APPROVER = "approver"
    RESIDENT = "resident"
    SYSTEM = "system"


ACTOR_OF: Mapping[Action, Actor] = {
    **{action: Actor.STAFF for action in Action},
    Action.APPROVE: Actor.APPROVER,
    Action.REJECT: Actor.APPROVER,
    Action.CORRECTED: Actor.RESIDENT,
    Action.WITHDRAW: Actor.RESIDENT,
    Action.EXPIRE: Actor.SYSTEM,
}

COMPLAINT_RESULTS = (CaseStatus.RESOLVED, CaseStatus.UNFOUNDED, CaseStatus.FORWARDED)

S, A = CaseStatus, Action
_KEEP = None  # the action leaves the status as it is
_ON_OPEN = {A.NOTE: _KEEP, A.ASSIGN: _KEEP}

# kind -> status -> action -> the status it leads to (None: unchanged).
TRANSITIONS: Mapping[CaseKind, Mapping[CaseStatus, Mapping[Action, CaseStatus | None]]] = {
    CaseKind.APPLICATION: {
        S.RECEIVED: {A.ACCEPT: S.ACCEPTED, A.CORRECT: S.CORRECTION, A.EXTEND: _KEEP,
                     A.APPROVE: _KEEP, A.REJECT: _KEEP, A.CHARGE: S.FEE_DUE,
                     A.ANSWER: S.ANSWERED, A.WITHDRAW: S.WITHDRAWN, **_ON_OPEN},
        S.ACCEPTED: {A.CORRECT: S.CORRECTION, A.CONSULT: S.CONSULTING, A.EXTEND: _KEEP,
                     A.APPROVE: _KEEP, A.REJECT: _KEEP, A.CHARGE: S.FEE_DUE,
                     A.ANSWER: S.ANSWERED, A.WITHDRAW: S.WITHDRAWN, **_ON_OPEN},
        S.CORRECTION: {A.CORRECTED: S.ACCEPTED, A.EXPIRE: S.WITHDRAWN,
                       A.WITHDRAW: S.WITHDRAWN, **_ON_OPEN},
        S.CONSULTING: {A.RESUME: S.ACCEPTED, A.EXTEND: _KEEP, A.APPROVE: _KEEP,
                       A.REJECT: _KEEP, A.WITHDRAW: S.WITHDRAWN, **_ON_OPEN},
        S.FEE_DUE: {A.PAY: S.ACCEPTED, A.EXPIRE: S.WITHDRAWN, A.WITHDRAW: S.WITHDRAWN,
                    **_ON_OPEN},
        S.ANSWERED: {A.CLOSE: S.CLOSED, A.AMEND: _KEEP, A.REOPEN: S.ACCEPTED,
                     A.NOTE: _KEEP, A.ASSIGN: _KEEP},
        S.WITHDRAWN: {A.CLOSE: S.CLOSED, A.AMEND: _KEEP, A.REOPEN: S.ACCEPTED,
                      A.NOTE: _KEEP},
        S.CLOSED: {A.AMEND: _KEEP, A.REOPEN: S.ACCEPTED, A.NOTE: _KEEP},
    },
    CaseKind.COMPLAINT: {
        S.RECEIVED: {A.PROGRESS: S.IN_PROGRESS, A.RESOLVE: S.RESOLVED, **_ON_OPEN},
        S.IN_PROGRESS: {A.RESOLVE: S.RESOLVED, **_ON_OPEN},
        S.RESOLVED: {A.NOTE: _KEEP},
        S.UNFOUNDED: {A.NOTE: _KEEP},
        S.FORWARDED: {A.NOTE: _KEEP},
    },
}

# Actions that decide a case; a status from which one can be reached is open.
_DECIDING = frozenset({A.ANSWER, A.RESOLVE, A.EXPIRE, A.WITHDRAW})


class CaseFacts(Protocol):
    """What the guards need to know about a case beyond its status."""

    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def correction_requested(self) -> bool: ...
    @property
    def extended(self) -> bool: ...
    @property
    def extension_pending(self) -> bool: ...
    @property
    def fee_charged(self) -> bool: ...
    @property
    def outcome(self) -> str | None: ...


def _guard(case: CaseFacts, action: Action) -> bool:
    """Facts of the case that rule an action out although its status would allow it."""
    if action is A.CORRECT:
        return not case.correction_requested  # Art. 30: one notice only
    if action is A.EXTEND:
        return not case.extended and not case.extension_pending  # Art. 33: once
    if action in (A.APPROVE, A.REJECT):
        return case.extension_pending
    if action is A.CHARGE:
        return not case.fee_charged
    if action is A.AMEND:
        return bool(case.outcome)
    return True


def moves(kind: str, status: str) -> Mapping[Action, CaseStatus | None]:
    try:
        return TRANSITIONS[CaseKind(kind)][CaseStatus(status)]
    except (ValueError, KeyError):
        return {}


def allowed_actions(case: CaseFacts, actor: Actor | None = None) -> tuple[Action, ...]:
    """The actions the rules allow on this case now, in the table's order; only those
    of `actor` when given."""
    return tuple(action for action in moves(case.kind, case.status)
                 if _guard(case, action) and (actor is None or ACTOR_OF[action] is actor))


def is_allowed(case: CaseFacts, action: Action) -> bool:
    return action in allowed_actions(case)


def target_status(case: CaseFacts, action: Action) -> CaseStatus:
    """The status the action leads to from the case's current one."""
    target = moves(case.kind, case.status).get(action)
    return target if target is not None else CaseStatus(case.status)


def action_to(case: CaseFacts, status: str) -> Action | None:
    """The one allowed action that leads to `status`, for `set-status`."""
    found = [action for action in allowed_actions(case)
             if moves(case.kind, case.status)[action] == status
             or (action is A.RESOLVE and status in COMPLAINT_RESULTS)]
    return found[0] if found else None


def _reachable_decision(kind: CaseKind, status: CaseStatus) -> bool:
    seen: set[CaseStatus] = set()
    todo = [status]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for action, target in TRANSITIONS[kind].get(current, {}).items():
            if action in _DECIDING:
                return True
            if target is not None and action not in (A.REOPEN, A.AMEND):
                todo.append(target)
    return False


def _open_statuses() -> frozenset[CaseStatus]:
    return frozenset(status for kind, table in TRANSITIONS.items() for status in table
                     if _reachable_decision(kind, status))


OPEN_STATUSES: frozenset[CaseStatus] = _open_statuses()
CLOSED_STATUSES: frozenset[CaseStatus] = frozenset(CaseStatus) - OPEN_STATUSES
# The clock does not run in these (Art. 30, 32, 34, 42).
CLOCK_STOPPED = frozenset({S.CORRECTION, S.CONSULTING, S.FEE_DUE})


def status_names(statuses: Iterable[CaseStatus]) -> tuple[str, ...]:
    return tuple(sorted(status.value for status in statuses))


def statuses_of(kind: str) -> frozenset[str]:
    """Every status a case of this kind can be in."""
    table = TRANSITIONS.get(CaseKind(kind), {}) if kind in set(CaseKind) else {}
    found = {status.value for status in table}
    found |= {target.value for moves_ in table.values() for target in moves_.values()
              if target is not None}
    return frozenset(found)
