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
from bot.services import Desk
from bot.staff.views import form_of
from bot.staff.workflow import REMEDY_RESULTS, REOPEN_GROUNDS, WorkflowError
from cli.case_common import KINDS, _run, _services, actor_option
from cli.cases_offline import import_cases, letter, register
from cli.common import fail, handles_errors

# A cell starting with one of these is a formula to Excel, LibreOffice or Sheets
# (=HYPERLINK(...), +cmd|' /C calc'!A0, @SUM(...)); tab and CR start one too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _record(services: Desk, case: CaseRecord, include_personal: bool) -> dict[str, Any]:
    form = form_of(case)
    fields: dict[str, Any] = {}
    for spec in form.applicable(case.data):
        value = case.data.get(spec.key)
        if value in (None, "") or spec.kind == "evidence":
            continue
        fields[spec.key] = value if include_personal or not spec.personal else spec.masked(value)
    return {
        "number": case.number, "type": case.kind, "status": case.status,
        "received_at": case.received_at.isoformat(), "channel": case.channel,
        "restarted_at": case.restarted_at.isoformat() if case.restarted_at else None,
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
      disclosure-bot cases accept YSQ-2026-000123 --actor 500
      disclosure-bot cases register --kind application --channel letter \\
          --received-on 2026-11-20 --fields letter.json --actor 500

    Every desk action is a subcommand taking the case number and --actor (your staff
    id); a move the rules refuse exits 1 with one line saying why.
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
    rows = services.repo.list_cases(kind, status)
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
    records = [_record(services, case, include_personal)
               for case in services.repo.list_cases()]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    buffer = io.StringIO()
    columns = ["number", "type", "status", "received_at", "restarted_at", "channel",
               "due_date", "due_provisional",
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
@actor_option
@handles_errors
def accept(number: str, actor: int) -> None:
    """Accept an application.

    \b
    Example:
      disclosure-bot cases accept YSQ-2026-000123 --actor 500
    """
    _run(lambda w: w.accept(number, actor))


@cases.command()
@click.argument("number")
@click.argument("what")
@actor_option
@handles_errors
def correct(number: str, what: str, actor: int) -> None:
    """Ask the applicant, once, for everything to correct (Art. 30, within 7 working days
    of receipt).

    \b
    Example:
      disclosure-bot cases correct YSQ-2026-000123 "请写明文件的年份" --actor 500
    """
    _run(lambda w: w.request_correction(number, actor, what))


@cases.command()
@click.argument("number")
@click.argument("text")
@actor_option
@handles_errors
def corrected(number: str, text: str, actor: int) -> None:
    """Record a correction that came on paper; the period counts anew from today.

    \b
    Example:
      disclosure-bot cases corrected YSQ-2026-000123 "2025年的补偿方案" --actor 500
    """
    def move(workflow: Any) -> list[Any]:
        workflow.corrected(number, None, text, actor=actor)
        return []

    _run(move)


@cases.command()
@click.argument("number")
@click.option("--party", required=True, help="The third party or agency consulted.")
@click.option("--note", default="", help="What is asked of it.")
@actor_option
@handles_errors
def consult(number: str, party: str, note: str, actor: int) -> None:
    """Consult a third party or another agency (Art. 32/34): the clock stops and the
    party has 15 working days to answer.

    \b
    Example:
      disclosure-bot cases consult YSQ-2026-000123 --party "某某公司" --note "商业秘密" --actor 500
    """
    _run(lambda w: w.consult(number, actor, party, note))


@cases.command()
@click.argument("number")
@actor_option
@handles_errors
def resume(number: str, actor: int) -> None:
    """End a consultation: the clock runs again, the paused days added to the deadline.

    \b
    Example:
      disclosure-bot cases resume YSQ-2026-000123 --actor 500
    """
    _run(lambda w: w.resume(number, actor))


@cases.command()
@click.argument("number")
@click.option("--days", type=int, required=True, help="Working days, 1 to 20.")
@click.option("--reason", required=True, help="Why, as the applicant will read it.")
@actor_option
@handles_errors
def extend(number: str, days: int, reason: str, actor: int) -> None:
    """Request the one extension (Art. 33) before the period ends; an approver decides.

    \b
    Example:
      disclosure-bot cases extend YSQ-2026-000123 --days 20 \\
          --reason "需要调取档案馆的档案" --actor 500
    """
    _run(lambda w: w.request_extension(number, actor, days, reason))


@cases.command()
@click.argument("number")
@actor_option
@handles_errors
def approve(number: str, actor: int) -> None:
    """Approve the requested extension (approvers only: DISCLOSURE_APPROVER_IDS).

    \b
    Example:
      disclosure-bot cases approve YSQ-2026-000123 --actor 700
    """
    _run(lambda w: w.approve_extension(number, actor))


@cases.command()
@click.argument("number")
@click.option("--reason", required=True, help="Why the extension is refused.")
@actor_option
@handles_errors
def reject(number: str, reason: str, actor: int) -> None:
    """Refuse the requested extension (approvers only).

    \b
    Example:
      disclosure-bot cases reject YSQ-2026-000123 --reason "可以按期答复" --actor 700
    """
    _run(lambda w: w.reject_extension(number, actor, reason))


@cases.command()
@click.argument("number")
@click.option("--method", type=click.Choice(["pieces", "pages"]), required=True,
              help="pieces: the applicant's nth application this month; pages: its pages.")
@click.option("--quantity", type=int, required=True, help="The nth application, or pages.")
@actor_option
@handles_errors
def fee(number: str, method: str, quantity: int, actor: int) -> None:
    """Send a fee notice by the official tiers (Art. 42): the clock stops until payment;
    20 working days to pay.

    \b
    Example:
      disclosure-bot cases fee YSQ-2026-000123 --method pages --quantity 150 --actor 500
    """
    _run(lambda w: w.charge_fee(number, actor, method, quantity))


@cases.command()
@click.argument("number")
@actor_option
@handles_errors
def paid(number: str, actor: int) -> None:
    """Record the fee as paid: the clock runs again.

    \b
    Example:
      disclosure-bot cases paid YSQ-2026-000123 --actor 500
    """
    _run(lambda w: w.record_payment(number, actor))


@cases.command()
@click.argument("number")
@click.option("--outcome", required=True, help="National outcome code, e.g. 1, 2, 3.4.")
@click.option("--reply", required=True, help="The reply with its reasons.")
@click.option("--article", default="", help="The article a refusal rests on, e.g. 15.")
@click.option("--agency", default="", help="4.1: the agency that holds it, or none.")
@actor_option
@handles_errors
def answer(number: str, outcome: str, reply: str, article: str, agency: str,
           actor: int) -> None:
    """Answer an application; each outcome states what it requires.

    \b
    Example:
      disclosure-bot cases answer YSQ-2026-000123 --outcome 3.4 --article 15 \\
          --reply "涉及第三方商业秘密，第三方不同意公开" --actor 500
    """
    _run(lambda w: w.answer(number, actor, outcome, reply, article=article, agency=agency))


@cases.command()
@click.argument("number")
@click.option("--outcome", required=True, help="The right outcome code.")
@click.option("--reason", required=True, help="Why the recorded outcome was wrong.")
@click.option("--reply", default="", help="A new reply text (default: keep it).")
@click.option("--article", default="")
@click.option("--agency", default="")
@actor_option
@handles_errors
def amend(number: str, outcome: str, reason: str, reply: str, article: str, agency: str,
          actor: int) -> None:
    """Amend a recorded outcome; the resident is told when what they were told changes.

    \b
    Example:
      disclosure-bot cases amend YSQ-2026-000123 --outcome 4.1 --agency none \\
          --reason "误选为予以公开，实际经检索没有该信息" --actor 500
    """
    _run(lambda w: w.amend(number, actor, outcome, reply, reason, article=article,
                           agency=agency))


@cases.command()
@click.argument("number")
@click.option("--ground", type=click.Choice(list(REOPEN_GROUNDS)), required=True)
@click.option("--reference", required=True, help="The decision's or judgment's number.")
@click.option("--days", type=int, default=None, help="The period it sets (default 20).")
@actor_option
@handles_errors
def reopen(number: str, ground: str, reference: str, days: int | None, actor: int) -> None:
    """Handle an answered case again after a reconsideration decision or judgment.

    \b
    Example:
      disclosure-bot cases reopen YSQ-2026-000123 --ground reconsideration \\
          --reference "平政复决〔2026〕12号" --actor 500
    """
    _run(lambda w: w.reopen(number, actor, ground, reference, days))


@cases.command()
@click.argument("number")
@click.option("--review", type=click.Choice(list(REMEDY_RESULTS)), default=None,
              help="The reconsideration's result.")
@click.option("--lawsuit", type=click.Choice(list(REMEDY_RESULTS)), default=None,
              help="The lawsuit's result.")
@click.option("--after-review", is_flag=True, help="The lawsuit followed a reconsideration.")
@actor_option
@handles_errors
def remedy(number: str, review: str | None, lawsuit: str | None, after_review: bool,
           actor: int) -> None:
    """Record a reconsideration's or lawsuit's result against the reply (annual report,
    table 四).

    \b
    Example:
      disclosure-bot cases remedy YSQ-2026-000123 --review corrected --actor 500
    """
    _run(lambda w: w.record_remedy(number, actor, review=review, lawsuit=lawsuit,
                                   after_review=after_review))


@cases.command()
@click.argument("number")
@actor_option
@handles_errors
def withdraw(number: str, actor: int) -> None:
    """Record the applicant's written withdrawal (outcome 6.3).

    \b
    Example:
      disclosure-bot cases withdraw YSQ-2026-000123 --actor 500
    """
    _run(lambda w: w.withdraw(number, None, actor))


@cases.command()
@click.argument("number")
@actor_option
@handles_errors
def close(number: str, actor: int) -> None:
    """Close an answered or withdrawn case.

    \b
    Example:
      disclosure-bot cases close YSQ-2026-000123 --actor 500
    """
    _run(lambda w: w.close(number, actor))


@cases.command()
@click.argument("number")
@click.argument("staff_id", type=int)
@actor_option
@handles_errors
def assign(number: str, staff_id: int, actor: int) -> None:
    """Assign a case to a staff member by Telegram user id; they are told.

    \b
    Example:
      disclosure-bot cases assign YSQ-2026-000123 501 --actor 500
    """
    _run(lambda w: w.assign(number, actor, staff_id))


@cases.command()
@click.argument("number")
@click.argument("text")
@actor_option
@handles_errors
def note(number: str, text: str, actor: int) -> None:
    """Add an internal note to a case (never shown to the resident).

    \b
    Example:
      disclosure-bot cases note YSQ-2026-000123 "called the applicant" --actor 500
    """
    _run(lambda w: w.note(number, actor, text))


@cases.command("set-status")
@click.argument("number")
@click.argument("status")
@click.option("--note", default="", help="Correction request, party or reply text.")
@click.option("--outcome", default="", help="Outcome code when answering, e.g. 1, 2, 3.4.")
@actor_option
@handles_errors
def set_status(number: str, status: str, note: str, outcome: str, actor: int) -> None:
    """Move a case to a status by the action the state machine gives for it.

    \b
    Examples:
      disclosure-bot cases set-status YSQ-2026-000123 accepted --actor 500
      disclosure-bot cases set-status YSQ-2026-000123 answered --outcome 1 \\
          --note "见附件" --actor 500
    """
    _run(lambda w: w.set_status(number, actor, status, note=note, outcome=outcome))


for _command in (register, import_cases, letter):
    cases.add_command(_command)
