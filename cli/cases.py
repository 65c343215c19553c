"""`cases`: staff work on cases from the terminal, under the same rules as in the bot.

Notices to residents that a change produces are queued in the outbox; the running bot
delivers them.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click

from bot.filing import OPEN_STATUSES, CaseRecord
from bot.forms import form_for_case
from bot.services import Services, build_services
from bot.staff.workflow import WorkflowError
from cli.common import fail, handles_errors, settings

CLI_ACTOR = "cli"
# A cell starting with one of these is a formula to Excel, LibreOffice or Sheets
# (=HYPERLINK(...), +cmd|' /C calc'!A0, @SUM(...)); tab and CR start one too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
KINDS = {"application": "application", "complaint": "complaint"}


def _services() -> Services:
    return build_services(settings())


def _run(services: Services, action: Any) -> None:
    """Run a workflow move; queue its notices; print the outcome."""
    try:
        outs = action()
    except WorkflowError as error:
        fail(services.texts.get("en", error.key, **error.values))
        return
    # The workflow queued its notices in the outbox with the change; the running bot
    # delivers them.
    queued = [out for out in outs if out.outbox_id]
    click.echo("OK" + (f" ({len(queued)} notice(s) queued for residents)" if queued else ""))


def _record(services: Services, case: CaseRecord, include_personal: bool) -> dict[str, Any]:
    form = form_for_case(case.kind)
    fields: dict[str, Any] = {}
    for spec in form.applicable(case.data):
        value = case.data.get(spec.key)
        if value in (None, "") or spec.kind == "evidence":
            continue
        fields[spec.key] = value if include_personal or not spec.personal else spec.masked(value)
    return {
        "number": case.number, "type": case.kind, "status": case.status,
        "received_at": case.received_at.isoformat(),
        "due_date": case.due_date.isoformat() if case.due_date else None,
        "due_provisional": case.due_provisional, "applicant_type": case.applicant_type,
        "assigned_to": case.assigned_to, "outcome": case.outcome, "fields": fields,
    }


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe (OWASP's advice for CSV injection); everything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@click.group()
def cases() -> None:
    """List, show, export and handle cases.

    \b
    Examples:
      disclosure-bot cases list --overdue
      disclosure-bot cases show YSQ-2026-000123
      disclosure-bot cases export --format csv > cases.csv
      disclosure-bot cases set-status YSQ-2026-000123 accepted
    """


@cases.command("list")
@click.option("--type", "kind", type=click.Choice(list(KINDS)), help="Only this kind.")
@click.option("--status", help="Only this status, e.g. received, accepted, answered.")
@click.option("--overdue", is_flag=True, help="Only open cases past their due date.")
@handles_errors
def list_cases(kind: str | None, status: str | None, overdue: bool) -> None:
    """List cases, one per line.

    \b
    Example:
      disclosure-bot cases list --type application --status received
    """
    services = _services()
    today = services.clock.today()
    rows = [CaseRecord.from_row(r) for r in services.repo.list_cases(kind, status)]
    if overdue:
        rows = [c for c in rows if c.status in OPEN_STATUSES and c.due_date and c.due_date < today]
    for case in rows:
        due = case.due_date.isoformat() if case.due_date else "-"
        mark = " (provisional)" if case.due_provisional else ""
        click.echo(f"{case.number}\t{case.kind}\t{case.status}\tdue {due}{mark}")
    click.echo(f"{len(rows)} case(s)", err=True)


@cases.command()
@click.argument("number")
@handles_errors
def show(number: str) -> None:
    """Show one case in full, with its history.

    \b
    Example:
      disclosure-bot cases show YSQ-2026-000123
    """
    services = _services()
    try:
        case = services.workflow.get(number)
    except WorkflowError as error:
        fail(services.texts.get("en", error.key, **error.values))
        return
    for out in services.views.detail(case, "en"):
        if not out.file_id:
            click.echo(out.text)
        else:
            click.echo(f"[{out.file_kind} file_id={out.file_id}] {out.text}")


@cases.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True)
@click.option("--include-personal", is_flag=True,
              help="Export names, ID numbers and contacts unmasked.")
@handles_errors
def export(fmt: str, include_personal: bool) -> None:
    """Export every case; personal fields are masked unless --include-personal.

    \b
    Examples:
      disclosure-bot cases export > cases.json
      disclosure-bot cases export --format csv --include-personal > cases.csv
    """
    services = _services()
    records = [_record(services, CaseRecord.from_row(r), include_personal)
               for r in services.repo.list_cases()]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    buffer = io.StringIO()
    columns = ["number", "type", "status", "received_at", "due_date", "due_provisional",
               "applicant_type", "assigned_to", "outcome"]
    # Fields already exported as a column of their own (applicant_type) are not repeated.
    field_names = sorted({key for r in records for key in r["fields"]} - set(columns))
    writer = csv.writer(buffer)
    writer.writerow(columns + field_names)
    for record in records:
        writer.writerow([spreadsheet_safe(record[c]) for c in columns] +
                        [spreadsheet_safe(record["fields"].get(k, "")) for k in field_names])
    click.echo(buffer.getvalue(), nl=False)


@cases.command()
@click.argument("number")
@click.argument("staff_id", type=int)
@handles_errors
def assign(number: str, staff_id: int) -> None:
    """Assign a case to a staff member by Telegram user id.

    \b
    Example:
      disclosure-bot cases assign YSQ-2026-000123 123456789
    """
    services = _services()
    _run(services, lambda: services.workflow.assign(number, CLI_ACTOR, staff_id, str(staff_id)))


@cases.command()
@click.argument("number")
@click.argument("text")
@handles_errors
def note(number: str, text: str) -> None:
    """Add an internal note to a case (never shown to the resident).

    \b
    Example:
      disclosure-bot cases note YSQ-2026-000123 "called the applicant"
    """
    services = _services()
    _run(services, lambda: services.workflow.note(number, CLI_ACTOR, text))


@cases.command("set-status")
@click.argument("number")
@click.argument("status")
@click.option("--note", default="", help="Correction request, reason or reply text.")
@click.option("--outcome", default="", help="Outcome code when answering, e.g. 1, 2, 3.4.")
@click.option("--days", default=0, type=int, help="Working days, when extending.")
@handles_errors
def set_status(number: str, status: str, note: str, outcome: str, days: int) -> None:
    """Move a case on: accepted, correction, consulting, extended, answered, closed,
    in_progress, resolved, unfounded, forwarded.

    \b
    Examples:
      disclosure-bot cases set-status YSQ-2026-000123 accepted
      disclosure-bot cases set-status YSQ-2026-000123 extended --days 20 --note "archives"
      disclosure-bot cases set-status YSQ-2026-000123 answered --outcome 1 --note "见附件"
    """
    services = _services()
    _run(services, lambda: services.workflow.set_status(number, CLI_ACTOR, status, note=note,
                                                        outcome=outcome, days=days))
