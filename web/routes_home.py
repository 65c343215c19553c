"""The dashboard, the annual report with its downloads, and the admins' pages."""

from __future__ import annotations

import calendar as monthly
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response

from bot.auth import ADMIN
from bot.filing import CaseRecord
from bot.insights import unanswered
from bot.kb.status import problems, unconfirmed_facts
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
from web.context import desk_of, guarded
from web.present import list_row, staff_label

REPORT_FORMATS: dict[str, tuple[Callable[[AnnualReport], str | bytes], str]] = {
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "json": (as_json, "application/json; charset=utf-8"),
    "docx": (as_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
WEEKS_SHOWN = 5


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
    groups = unanswered(services.repo, services.engine, top=50)
    return desk.render(request, "unanswered.html", groups=groups,
                       questions=services.repo.open_staff_questions())


@guarded(ADMIN)
async def knowledge_page(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    folder = services.settings.knowledge_dir
    files = sorted(folder.rglob("*.yaml"))
    newest = max((f.stat().st_mtime for f in files), default=None)
    changed = "-" if newest is None else services.clock.local(
        datetime.fromtimestamp(newest, UTC)).strftime("%Y-%m-%d %H:%M")
    return desk.render(
        request, "knowledge.html", folder=str(folder), topics=len(services.engine.kb.topics),
        files=len(files), problems=problems(folder), unconfirmed=unconfirmed_facts(folder),
        holidays_until=services.calendar.known_until().isoformat(),
        changed=changed)


@guarded(ADMIN)
async def staff_page(request: Request) -> Response:
    desk = desk_of(request)
    services = desk.services
    t = desk.texts(request)
    settings = services.settings
    people = [(uid, staff_label(uid, services.workflow.staff_name, t), uid in settings.admin_ids,
               uid in settings.approver_ids) for uid in sorted(settings.staff)]
    return desk.render(request, "staff.html", people=people)
