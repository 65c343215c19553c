"""The thin adapter between the desk and the core's case state machine: which actions a
case allows (bot/staff/states.py decides), what each asks for, and running one through
the workflow (bot/staff/workflow.py), which checks every rule again. Nothing here
decides what is allowed; it only describes forms and dispatches.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from bot.auth import APPROVER, STAFF, Role
from bot.filing import CaseRecord
from bot.messages import Out
from bot.staff.fees import FeeMethod
from bot.staff.outcomes import OUTCOMES
from bot.staff.states import ACTOR_OF, COMPLAINT_RESULTS, Action, Actor, allowed_actions
from bot.staff.workflow import MAX_EXTENSION_DAYS, REOPEN_GROUNDS, Workflow, WorkflowError

InputKind = Literal["text", "textarea", "number", "select", "confirm"]


@dataclass(frozen=True)
class ActionInput:
    name: str
    kind: InputKind
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = 0
    optional: bool = False


@dataclass(frozen=True)
class ActionSpec:
    """One button on the case page; its label is `web.action.<name>`."""

    name: str
    inputs: tuple[ActionInput, ...] = ()
    primary: bool = False


def _text(name: str, *, optional: bool = False) -> ActionInput:
    return ActionInput(name, "text", optional=optional)


def _area(name: str, *, optional: bool = False) -> ActionInput:
    return ActionInput(name, "textarea", optional=optional)


OUTCOME = ActionInput("code", "select", tuple(OUTCOMES))
ACTIONS: dict[Action, ActionSpec] = {spec.name: spec for spec in (  # type: ignore[misc]
    ActionSpec(Action.ACCEPT, primary=True),
    ActionSpec(Action.CORRECT, (_area("what"),)),
    ActionSpec(Action.CORRECTED, (_area("correction"),)),
    ActionSpec(Action.CONSULT, (_text("party"), _area("note", optional=True))),
    ActionSpec(Action.RESUME, primary=True),
    ActionSpec(Action.EXTEND, (ActionInput("days", "number", minimum=1,
                                           maximum=MAX_EXTENSION_DAYS), _area("reason"))),
    ActionSpec(Action.APPROVE, primary=True),
    ActionSpec(Action.REJECT, (_area("reason"),)),
    ActionSpec(Action.CHARGE, (ActionInput("method", "select", tuple(m.value for m in FeeMethod)),
                               ActionInput("quantity", "number", minimum=1, maximum=100_000))),
    ActionSpec(Action.PAY, primary=True),
    ActionSpec(Action.ANSWER, (OUTCOME, _area("reply"), _text("article", optional=True),
                               _text("agency", optional=True)), primary=True),
    ActionSpec(Action.AMEND, (OUTCOME, _area("reply"), _area("reason"),
                              _text("article", optional=True), _text("agency", optional=True))),
    ActionSpec(Action.REOPEN, (ActionInput("ground", "select", REOPEN_GROUNDS),
                               _text("reference"),
                               ActionInput("days", "number", minimum=1, maximum=60,
                                           optional=True))),
    # Consequential and not undone by a click: the browser asks for the tick first.
    ActionSpec(Action.WITHDRAW, (ActionInput("written", "confirm"),)),
    ActionSpec(Action.CLOSE, primary=True),
    ActionSpec(Action.PROGRESS, primary=True),
    ActionSpec(Action.RESOLVE, (ActionInput("result", "select",
                                            tuple(r.value for r in COMPLAINT_RESULTS)),
                                _area("reply")), primary=True),
    ActionSpec(Action.ASSIGN, (ActionInput("assignee", "select"),)),
    ActionSpec(Action.NOTE, (_area("text"),)),
)}
# Who may press what: the state machine names an actor for each action; staff record
# on paper what a resident did (a correction or a withdrawal that came by letter).
ROLE_FOR: Mapping[Actor, Role] = {Actor.STAFF: STAFF, Actor.APPROVER: APPROVER,
                                  Actor.RESIDENT: STAFF}


def allowed_specs(case: CaseRecord, roles: frozenset[Role]) -> list[ActionSpec]:
    """Exactly the actions the state machine allows on the case now, that this person's
    roles may take, in the table's order."""
    return [ACTIONS[action] for action in allowed_actions(case)
            if action in ACTIONS and ROLE_FOR.get(ACTOR_OF[action]) in roles]


def _number(value: str, error: str, **values: object) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise WorkflowError(error, **values) from None


def run_action(workflow: Workflow, case: CaseRecord, name: str, actor: int,
               roles: frozenset[Role], form: Mapping[str, str]) -> list[Out]:
    """Run one move through the core; returns the notices for residents. Raises
    WorkflowError when the rules refuse, KeyError for an action not offered here."""
    spec = next((s for s in allowed_specs(case, roles) if s.name == name), None)
    if spec is None:
        raise KeyError(name)
    if any(i.kind == "confirm" and form.get(i.name) != "1" for i in spec.inputs):
        raise WorkflowError("web.case.confirm_needed")
    number = case.number

    def value(key: str) -> str:
        return form.get(key, "")

    def days() -> int:
        return _number(value("days"), "staff.extension_days", max=MAX_EXTENSION_DAYS)

    moves: dict[str, Callable[[], list[Out]]] = {
        Action.ACCEPT: lambda: workflow.accept(number, actor),
        Action.CORRECT: lambda: workflow.request_correction(number, actor, value("what")),
        Action.CORRECTED: lambda: _corrected(workflow, number, actor, value("correction")),
        Action.CONSULT: lambda: workflow.consult(number, actor, value("party"), value("note")),
        Action.RESUME: lambda: workflow.resume(number, actor),
        Action.EXTEND: lambda: workflow.request_extension(number, actor, days(),
                                                          value("reason")),
        Action.APPROVE: lambda: workflow.approve_extension(number, actor),
        Action.REJECT: lambda: workflow.reject_extension(number, actor, value("reason")),
        Action.CHARGE: lambda: workflow.charge_fee(
            number, actor, value("method"),
            _number(value("quantity"), "staff.fee_bad", method=value("quantity")[:20])),
        Action.PAY: lambda: workflow.record_payment(number, actor),
        Action.ANSWER: lambda: workflow.answer(number, actor, value("code"), value("reply"),
                                               article=value("article"),
                                               agency=value("agency")),
        Action.AMEND: lambda: workflow.amend(number, actor, value("code"), value("reply"),
                                             value("reason"), article=value("article"),
                                             agency=value("agency")),
        Action.REOPEN: lambda: workflow.reopen(
            number, actor, value("ground"), value("reference"),
            _number(value("days"), "staff.reopen_days") if value("days").strip() else None),
        Action.WITHDRAW: lambda: workflow.withdraw(number, None, actor),
        Action.CLOSE: lambda: workflow.close(number, actor),
        Action.PROGRESS: lambda: workflow.start_complaint(number, actor),
        Action.RESOLVE: lambda: workflow.finish_complaint(number, actor, value("result"),
                                                          value("reply")),
        Action.ASSIGN: lambda: workflow.assign(
            number, actor, _number(value("assignee"), "staff.assignee_not_staff",
                                   who=value("assignee")[:20])),
        Action.NOTE: lambda: workflow.note(number, actor, value("text")),
    }
    return moves[name]()


def _corrected(workflow: Workflow, number: str, actor: int, text: str) -> list[Out]:
    """A correction that came on paper, recorded by staff: the clock restarts (Art. 30)."""
    if not text.strip():
        raise WorkflowError("staff.need_text")
    workflow.corrected(number, None, text, actor=actor)
    return []
