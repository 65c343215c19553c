"""The letters of a case (bot/letters): which the case can have now, a preview, and the
DOCX or PDF to print, sign and seal. Composed by the core from the knowledge folder's
templates, exactly as `/letter` in the bot and `cases letter` on the command line."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import Response

from bot.filing import CaseRecord
from bot.letters import FORMATS, KINDS, Letter, LetterError, compose, render
from bot.letters.facts import chinese_date
from bot.staff.workflow import WorkflowError
from web.context import Desk, desk_of, guarded

log = logging.getLogger(__name__)

MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf"}


def letter_of(desk: Desk, case: CaseRecord, kind: str) -> Letter:
    services = desk.services
    return compose(case, kind, services.repo.case_events(case.id),
                   services.settings.knowledge_dir, services.texts, services.clock.today())


def available(desk: Desk, case: CaseRecord) -> list[str]:
    """The kinds of letter the case can have now (the core says which need what)."""
    found = []
    for kind in KINDS:
        try:
            letter_of(desk, case, kind)
        except LetterError:
            continue
        found.append(kind)
    return found



@guarded()
async def letter_page(request: Request) -> Response:
    desk = desk_of(request)
    case = desk.case_in(request)
    kind = request.path_params["kind"]
    try:
        letter = letter_of(desk, case, kind)
    except LetterError as error:
        desk.flash(request.state.viewer, "! " + desk.texts(request)(error.key, **error.values))
        return desk.redirect(f"/cases/{case.number}")
    return desk.render(request, "letter.html", case=case, kind=kind, letter=letter,
                       dated=chinese_date(letter.dated), formats=FORMATS)


@guarded()
async def letter_file(request: Request) -> Response:
    desk = desk_of(request)
    case = desk.case_in(request)
    fmt = request.path_params["fmt"]
    if fmt not in MEDIA:
        return desk.refuse(request, 404, "web.error.not_found")
    kind = request.path_params["kind"]
    try:
        body = render(letter_of(desk, case, kind), fmt)
    except LetterError as error:
        desk.flash(request.state.viewer, "! " + desk.texts(request)(error.key, **error.values))
        return desk.redirect(f"/cases/{case.number}")
    log.info("web desk: %s letter of %s as %s", kind, case.number, fmt)
    return Response(body, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="{case.number}-{kind}.{fmt}"'})


@guarded()
async def letter_send(request: Request) -> Response:
    """The letter, as a PDF, to the resident through the bot: queued in the outbox with
    its audit event, delivered by the running bot (as `/letter NUMBER KIND send`)."""
    desk = desk_of(request)
    viewer = request.state.viewer
    t = desk.texts(request)
    case = desk.case_in(request)
    kind = request.path_params["kind"]
    try:
        document = render(letter_of(desk, case, kind), "pdf")
        desk.services.workflow.send_letter(case.number, viewer.user_id, kind, document,
                                           f"{case.number}-{kind}.pdf")
    except LetterError as error:
        desk.flash(viewer, "! " + t(error.key, **error.values))
        return desk.redirect(f"/cases/{case.number}")
    except WorkflowError as error:
        desk.flash(viewer, "! " + t(error.key, **error.values))
        return desk.redirect(f"/cases/{case.number}/letters/{kind}")
    log.info("web desk: %s letter of %s queued for the applicant", kind, case.number)
    desk.flash(viewer, t("web.letters.sent", kind=t(f"letter.kind.{kind}")))
    return desk.redirect(f"/cases/{case.number}")
