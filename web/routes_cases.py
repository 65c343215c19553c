"""The case list (filters, search, sorting, paging, counts per status), the case page,
and running an action on a case."""

from __future__ import annotations

import logging
import mimetypes
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from bot.clock import to_iso
from bot.files import FileUnavailable, fetch_file
from bot.filing import CHANNELS as OFFLINE_CHANNELS
from bot.forms.application import APPLICANT_TYPES
from bot.letters import KINDS as LETTER_KINDS
from bot.staff.documents import MAX_UPLOAD_BYTES, PURPOSES
from bot.staff.metrics import PAUSED_STATUSES, RUNNING_STATUSES
from bot.staff.outcomes import outcome_label
from bot.staff.states import OPEN_STATUSES, CaseStatus, status_names
from bot.staff.workflow import WorkflowError
from bot.store.case_search import SORTS, UNASSIGNED, CaseQuery
from web.actions import allowed_specs, run_action
from web.context import Desk, desk_of, guarded, read_form
from web.present import clock_facts, fields_of, history, list_row, parse_day, staff_label
from web.routes_letters import available as letters_available

log = logging.getLogger(__name__)

PAGE_SIZE = 25
KINDS = ("application", "complaint")
STATUSES = tuple(status.value for status in CaseStatus)
CHANNELS = ("telegram", *OFFLINE_CHANNELS)
FILTERS = ("kind", "status", "assignee", "channel", "applicant_type", "received_from",
           "received_to", "due_from", "due_to", "overdue", "within", "sort", "order")
MAX_WITHIN = 60


class BadFilter(ValueError):
    pass


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise BadFilter(value)
    return value


def build_query(desk: Desk, params: dict[str, str], text: str, viewer_id: int) -> CaseQuery:
    """Turn the list's query string into a CaseQuery; BadFilter when a value is wrong."""
    services = desk.services
    clock = services.clock
    statuses: tuple[str, ...] = ()
    status = _choice(params.get("status"), (*STATUSES, "open", "paused"))
    if status == "paused":
        statuses = PAUSED_STATUSES
    elif status == "open":
        statuses = status_names(OPEN_STATUSES)
    elif status:
        statuses = (status,)
    assignee = params.get("assignee") or ""
    assigned_to: int | None = None
    if assignee == "me":
        assigned_to = viewer_id
    elif assignee == "none":
        assigned_to = UNASSIGNED
    elif assignee:
        if not assignee.isdigit():
            raise BadFilter(assignee)
        assigned_to = int(assignee)
    try:
        received_from = parse_day(params.get("received_from"))
        received_to = parse_day(params.get("received_to"))
        due_from = parse_day(params.get("due_from"))
        due_to = parse_day(params.get("due_to"))
    except ValueError:
        raise BadFilter("date") from None
    today = clock.today()
    if params.get("overdue"):
        statuses = tuple(s for s in (statuses or RUNNING_STATUSES) if s in RUNNING_STATUSES)
        yesterday = today - timedelta(days=1)
        due_to = min(due_to, yesterday) if due_to else yesterday
    within = params.get("within") or ""
    if within:
        if not within.isdigit() or int(within) > MAX_WITHIN:
            raise BadFilter(within)
        limit = services.calendar.add_workdays(today, int(within)).date
        statuses = tuple(s for s in (statuses or RUNNING_STATUSES) if s in RUNNING_STATUSES)
        due_to = min(due_to, limit) if due_to else limit
    if params.get("overdue") or within:
        statuses = statuses or ("none",)  # a status filter that excludes every open case

    def instant(day: date | None) -> str | None:
        """The start of an office day, in UTC as cases store it."""
        if day is None:
            return None
        return to_iso(datetime(day.year, day.month, day.day, tzinfo=clock.zone))

    sort = params.get("sort") or "received"
    if sort not in SORTS:
        raise BadFilter(sort)
    return CaseQuery(
        kind=_choice(params.get("kind"), KINDS), statuses=statuses, assigned_to=assigned_to,
        channel=_choice(params.get("channel"), CHANNELS),
        applicant_type=_choice(params.get("applicant_type"), APPLICANT_TYPES),
        received_from=instant(received_from),
        received_before=instant(received_to + timedelta(days=1)) if received_to else None,
        due_from=due_from.isoformat() if due_from else None,
        due_to=due_to.isoformat() if due_to else None, text=text, sort=sort,
        descending=params.get("order", "desc") != "asc")


def _filters(request: Request) -> dict[str, str]:
    return {key: request.query_params.get(key, "").strip()[:40] for key in FILTERS
            if request.query_params.get(key, "").strip()}


@guarded()
async def case_list(request: Request) -> Response:
    desk = desk_of(request)
    viewer = request.state.viewer
    services = desk.services
    t = desk.texts(request)
    params = _filters(request)
    try:
        page = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        page = 1
    problem = ""
    try:
        query = build_query(desk, params, viewer.search, viewer.user_id)
    except BadFilter:
        problem = t("web.cases.bad_filter")
        params = {}
        query = CaseQuery(text=viewer.search)
    cases, total = services.repo.search_cases(query, limit=PAGE_SIZE,
                                              offset=(page - 1) * PAGE_SIZE)
    counts = services.repo.status_counts(query)
    name_of = services.workflow.staff_name
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)

    def link(**changes: str) -> str:
        merged = {**params, **changes}
        return "/cases?" + urlencode({k: v for k, v in merged.items() if v})

    return desk.render(
        request, "cases.html", rows=[list_row(c, services.views, name_of, t) for c in cases],
        total=total, page=page, pages=pages, counts=counts, params=params, link=link,
        problem=problem, search=viewer.search, kinds=KINDS, statuses=STATUSES,
        channels=CHANNELS, applicant_types=APPLICANT_TYPES, sorts=tuple(SORTS),
        staff=[(uid, name_of(uid)) for uid in sorted(services.settings.staff)])


@guarded()
async def case_search(request: Request) -> Response:
    """The text search is kept in the session, not the address: it may be a name."""
    desk = desk_of(request)
    form = await read_form(request)
    text = form.get("q")
    search = text.strip()[:100] if isinstance(text, str) else ""
    desk.services.repo.set_web_session_search(request.state.viewer.session_hash, search)
    keep = {key: str(form.get(key) or "").strip()[:40] for key in FILTERS}
    return desk.redirect("/cases?" + urlencode({k: v for k, v in keep.items() if v}))


@guarded()
async def case_page(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    t = desk.texts(request)
    case = desk.case_in(request)
    name_of = services.workflow.staff_name
    events = history(services.repo.case_events(case.id), name_of, t, services.clock)
    return desk.render(
        request, "case.html", case=case, kind=t(f"kind.{case.kind}"),
        status=t(f"status.{case.status}"), fields=fields_of(case, t),
        clock=clock_facts(case, services.workflow, services.views, t, services.clock),
        history=events, notes=[e for e in events if e["action"] == "note"],
        evidence=list(enumerate(services.repo.case_evidence(case.id), start=1)),
        actions=allowed_specs(case, request.state.viewer.roles),
        staff=[(uid, name_of(uid)) for uid in sorted(services.settings.staff)],
        assignee=staff_label(case.assigned_to, name_of, t),
        outcome=lambda code: outcome_label(code, t.lang),
        letters=letters_available(desk, case), documents=services.repo.case_files(case.id),
        purposes=PURPOSES, letter_kinds=LETTER_KINDS, upload_mb=MAX_UPLOAD_BYTES >> 20)


@guarded()
async def case_action(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    viewer = request.state.viewer
    t = desk.texts(request)
    case = desk.case_in(request)
    form = await read_form(request)
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    action = request.path_params["action"]
    try:
        outs = run_action(services.workflow, case, action, viewer.user_id, viewer.roles,
                          values)
    except KeyError:
        desk.flash(viewer, "! " + t("web.case.not_offered"))
        return desk.redirect(f"/cases/{case.number}")
    except WorkflowError as error:
        desk.flash(viewer, "! " + t(error.key, **error.values))
        return desk.redirect(f"/cases/{case.number}")
    # The workflow queued its notices in the outbox with the change (one transaction);
    # the running bot delivers them, as for the Telegram desk and the command line.
    queued = [out for out in outs if out.outbox_id]
    log.info("web desk: action %s on %s", action, case.number)
    desk.flash(viewer, t("web.case.done", action=t(f"web.action.{action}"),
                         count=len(queued)))
    return desk.redirect(f"/cases/{case.number}")


@guarded()
async def case_file(request: Request) -> Response:
    """An attachment of the case, fetched from Telegram where the bot received it."""
    desk = desk_of(request)
    services = desk.services
    case = desk.case_in(request)
    raw_index = request.path_params["item"]
    if not raw_index.isdigit():
        return desk.refuse(request, 404, "web.error.no_file")
    items = services.repo.case_evidence(case.id)
    index = int(raw_index)
    item = items[index - 1] if 1 <= index <= len(items) else None
    if item is None or not item.file_id:
        return desk.refuse(request, 404, "web.error.no_file")
    try:
        fetched = await fetch_file(services.settings.token.get_secret_value(),
                                   item.file_id, services.settings.base_url,
                                   transport=desk.file_transport)
    except FileUnavailable:
        log.warning("web desk: an attachment of %s could not be fetched", case.number)
        return desk.refuse(request, 502, "web.error.file_unavailable")
    suffix = Path(fetched.path).suffix[:8] or mimetypes.guess_extension(item.mime or "") or ""
    media = item.mime or mimetypes.guess_type(fetched.path)[0] or "application/octet-stream"
    name = f"{case.number}-{index}{suffix}"
    return Response(fetched.content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
