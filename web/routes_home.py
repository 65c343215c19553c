"""The dashboard, the annual report with its downloads, and the admins' pages."""

from __future__ import annotations

import calendar as monthly
import logging
import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.auth import ADMIN
from bot.clock import from_iso
from bot.filing import CaseRecord
from bot.insights import unanswered
from bot.kb.status import problems, unconfirmed_facts
from bot.runtime import running_bot_pid, tell_running_bot_to_reload
from bot.staff.admin import LearnError, listed, prepare_quietly
from bot.staff.metrics import due_by_day, summary
from bot.staff.outcomes import APPLICANT_COLUMNS, column_label
from bot.staff.report import (
    RESULTS,
    AnnualReport,
    annual_report,
    as_csv,
    as_json,
    report_year_default,
)
from bot.staff.report_docx import as_docx
from web.context import desk_of, guarded, read_form
from web.present import list_row, staff_label

REPORT_FORMATS: dict[str, tuple[Callable[[AnnualReport], str | bytes], str]] = {
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "json": (as_json, "application/json; charset=utf-8"),
    "docx": (as_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
WEEKS_SHOWN = 5
# Loads the bot itself made; a desk's own reload says nothing of the running bot.
RUNNING_BOT_LOADS = ("start", "reload")

log = logging.getLogger(__name__)


def month_grid(first: date, counts: dict[date, int]) -> list[list[tuple[date, int] | None]]:
    """The month as weeks from Monday; days outside it are None."""
    weeks = []
    for week in monthly.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([(day, counts.get(day, 0)) if day.month == first.month else None
                      for day in week])
    return weeks


@guarded()
async def dashboard(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    t = desk.texts(request)
    figures = summary(services.repo, services.calendar, services.clock)
    today = figures.today
    try:
        shown = date.fromisoformat(request.query_params.get("month", "") + "-01")
    except ValueError:
        shown = today.replace(day=1)
    last = shown.replace(day=monthly.monthrange(shown.year, shown.month)[1])
    counts = due_by_day(services.repo, shown, last)
    def rows(cases: list[CaseRecord]) -> list[object]:
        return [list_row(case, services.views, services.workflow.staff_name, t)
                for case in cases]

    previous = (shown - timedelta(days=1)).strftime("%Y-%m")
    following = (last + timedelta(days=1)).strftime("%Y-%m")
    return desk.render(
        request, "dashboard.html", figures=figures, due_week=rows(figures.due_this_week),
        overdue=rows(figures.overdue), paused=rows(figures.paused),
        month=shown.strftime("%Y-%m"), weeks=month_grid(shown, counts), today=today,
        previous=previous, following=following,
        week_end=today + timedelta(days=6 - today.weekday()))


def _year(request: Request, default: int) -> int:
    raw = request.query_params.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


@guarded()
async def report_page(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    year = _year(request, report_year_default(services.clock.today()))
    table = annual_report(services.repo, year)
    t = desk.texts(request)
    return desk.render(request, "report.html", year=year, rows=table.rows(),
                       columns=[column_label(key) for key in APPLICANT_COLUMNS],
                       problems=table.check(), report=table, remedy_rows=table.remedy_rows(),
                       result_labels=[*(t(f"report.result.{r}") for r in RESULTS),
                                      t("report.total")])


@guarded()
async def report_download(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    fmt = request.path_params["fmt"]
    if fmt not in REPORT_FORMATS:
        return desk.refuse(request, 404, "web.error.not_found")
    year = _year(request, report_year_default(services.clock.today()))
    render, media = REPORT_FORMATS[fmt]
    body = render(annual_report(services.repo, year))
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="annual-report-{year}.{fmt}"'})


@guarded(ADMIN)
async def unanswered_page(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    lang = desk.texts(request).lang
    groups = unanswered(services.repo, services.engine, top=50)
    topics = [{"id": topic.id, "title": topic.title[lang]} for topic in services.engine.kb.topics]
    return desk.render(request, "unanswered.html", groups=groups, topics=topics,
                       questions=services.repo.open_staff_questions())


@guarded(ADMIN)
async def learn(request: Request) -> Response:
    """One click: the question becomes a phrasing of the chosen topic (or of out of
    scope), as the bot's /unanswered buttons and `kb learn` do; the base is validated
    and reloaded here, and a bot running in another process is told to reload."""
    desk = desk_of(request)
    services = desk.services
    viewer = request.state.viewer
    t = desk.texts(request)
    form = await read_form(request)
    raw, target = str(form.get("question") or ""), str(form.get("target") or "")
    try:
        # Inside `disclosure-bot run` the desk shares the bot's base: reloading it is the
        # bot's reload.
        inside_bot = running_bot_pid(services.settings.db_path) == os.getpid()
        admin = services.assistant.admin
        learned = admin.attach(int(raw) if raw.isdigit() else 0, target, reload=False)
        # Indexing the edited base takes seconds: off the desk's loop, so that other
        # staff's pages go on loading meanwhile; the reload then only swaps it in.
        await run_in_threadpool(prepare_quietly, services.engine)
        admin.reload_learned(origin="reload" if inside_bot else "desk")
    except LearnError as error:
        desk.flash(viewer, "! " + (t(error.key, reason=error.reason) if error.read_only
                                   else t("web.unanswered.learn_failed", reason=error.reason)))
        return desk.redirect("/admin/unanswered")
    log.info("web desk: a question was added to %s", learned.group)
    message = t("web.unanswered.learned", question=learned.text[:80], topic=learned.group,
                file=learned.path.name)
    if learned.other_services_words:
        message += " " + t("web.unanswered.learned_other_services",
                           words=listed(learned.other_services_words, t.lang))
    pid = tell_running_bot_to_reload(services.settings.db_path, unless=os.getpid())
    if pid is not None:
        message += " " + t("web.unanswered.bot_told", pid=pid)
    desk.flash(viewer, message)
    return desk.redirect("/admin/unanswered")


@guarded(ADMIN)
async def knowledge_page(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    folder = services.settings.knowledge_dir
    files = sorted(folder.rglob("*.yaml"))
    newest = max((f.stat().st_mtime for f in files), default=None)
    changed = "-" if newest is None else services.clock.local(
        datetime.fromtimestamp(newest, UTC)).strftime("%Y-%m-%d %H:%M")
    loaded = services.repo.last_knowledge_load(RUNNING_BOT_LOADS)
    stale = loaded is not None and newest is not None and \
        from_iso(loaded["at"]).timestamp() < newest
    if loaded is not None:
        loaded = {**loaded, "at": from_iso(loaded["at"])}
    return desk.render(
        request, "knowledge.html", folder=str(folder), topics=len(services.engine.kb.topics),
        files=len(files), problems=problems(folder), unconfirmed=unconfirmed_facts(folder),
        holidays_until=services.calendar.known_until().isoformat(),
        changed=changed, loaded=loaded, stale=stale,
        passing=services.engine.words_in_passing())


@guarded(ADMIN)
async def staff_page(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    t = desk.texts(request)
    settings = services.settings
    people = [(uid, staff_label(uid, services.workflow.staff_name, t), uid in settings.admin_ids,
               uid in settings.approver_ids) for uid in sorted(settings.staff)]
    return desk.render(request, "staff.html", people=people)
