"""Registering an application or complaint that came offline (Art. 31): by letter, in
person, by fax, e-mail or the website, with the receipt date its channel gives. Each
field is checked by the form's own rules (bot/forms), the case filed by the core
(CaseService.register), exactly as `disclosure-bot cases register` does."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bot.filing import CHANNELS, IntakeError
from bot.forms.runner import FORMS
from bot.forms.spec import FieldSpec, FormSpec
from bot.staff.workflow import actor_label
from bot.validators import InvalidField
from web.context import desk_of, guarded, read_form

log = logging.getLogger(__name__)

FORM_OF = {"application": "apply", "complaint": "complain"}
LONG_FIELDS = ("description", "details", "address", "when_where")


def _form(kind: str) -> FormSpec:
    return FORMS[FORM_OF.get(kind, "apply")]


def read_fields(form: FormSpec, raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers, each read by its field's rule in form order (later fields depend on
    earlier ones, e.g. a person's name only for a natural person), and the problems by
    field: the text key that explains each."""
    answers: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for spec in form.fields:
        if spec.kind == "evidence" or not spec.applies(answers):
            continue
        value = raw.get(spec.key, "").strip()
        if not value:
            if not spec.is_optional(answers):
                problems[spec.key] = "web.register.required"
            continue
        try:
            answers[spec.key] = _read(spec, value, answers)
        except InvalidField as error:
            problems[spec.key] = f"invalid.{error.code}"
    return answers, problems


def _read(spec: FieldSpec, value: str, answers: dict[str, Any]) -> Any:
    if spec.kind == "choice":
        if value not in spec.choices:
            raise InvalidField("choice")
        return value
    return spec.read(value, answers)


def _page(request: Request, kind: str, values: dict[str, str], problems: dict[str, str],
          status_code: int = 200) -> Response:
    desk = desk_of(request)
    form = _form(kind)
    fields = [spec for spec in form.fields if spec.kind != "evidence"]
    return desk.render(request, "register.html", status_code=status_code, kind=kind,
                       kinds=tuple(FORM_OF), fields=fields, channels=CHANNELS, values=values,
                       problems=problems, long_fields=LONG_FIELDS,
                       today=desk.services.clock.today().isoformat())


@guarded()
async def register_page(request: Request) -> Response:
    kind = request.query_params.get("kind", "application")
    return _page(request, kind if kind in FORM_OF else "application", {}, {})


@guarded()
async def register(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    viewer = request.state.viewer
    raw = {key: value[:3000] for key, value in (await read_form(request)).items()
           if isinstance(value, str)}
    kind = raw.get("kind", "")
    if kind not in FORM_OF:
        return _page(request, "application", raw, {"kind": "web.register.required"}, 400)
    answers, problems = read_fields(_form(kind), raw)
    channel = raw.get("channel", "")
    if channel not in CHANNELS:
        problems["channel"] = "web.register.required"
    try:
        received_on = date.fromisoformat(raw.get("received_on", ""))
    except ValueError:
        problems["received_on"] = "web.register.bad_date"
    if problems:
        return _page(request, kind, raw, problems, 400)
    try:
        case = services.cases.register(kind, channel, received_on, answers,
                                       actor_label(viewer.user_id))
    except IntakeError as error:
        desk.flash(viewer, "! " + desk.texts(request)(error.key, **error.values))
        return _page(request, kind, raw, {}, 400)
    log.info("web desk: %s registered from %s", case.number, channel)
    desk.flash(viewer, desk.texts(request)("web.register.done", number=case.number))
    return desk.redirect(f"/cases/{case.number}")
