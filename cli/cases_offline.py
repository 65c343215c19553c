"""`cases register`, `cases import` and `cases letter`: what comes in and goes out on
paper. Registered on the `cases` group by cli/cases.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from bot.auth import STAFF as STAFF_ROLE
from bot.filing import CHANNELS, IntakeError
from bot.letters import KINDS as LETTER_KINDS
from bot.letters import LetterError, compose
from bot.letters.facts import LetterTemplateError
from bot.letters.render import FORMATS, render
from bot.staff.carryover import import_carried_over
from bot.staff.workflow import WorkflowError, actor_label
from cli.case_common import KINDS, _services, actor_option
from cli.common import fail, handles_errors


@click.command()
@click.option("--kind", type=click.Choice(list(KINDS)), required=True)
@click.option("--channel", type=click.Choice(list(CHANNELS)), required=True,
              help="letter: the day signed for (registered) or confirmed (ordinary mail); "
                   "in-person: the day handed in; fax, email, website: the day both "
                   "sides confirmed (Art. 31).")
@click.option("--received-on", "received_on", type=click.DateTime(["%Y-%m-%d"]),
              required=True, help="The Art. 31 receipt date for that channel.")
@click.option("--fields", "fields_file", type=click.File("r", encoding="utf-8"),
              required=True, help="A JSON object of form fields (as `cases export` shows), "
                                  "or - for standard input.")
@actor_option
@handles_errors
def register(kind: str, channel: str, received_on: Any, fields_file: Any, actor: int) -> None:
    """Register an application or complaint received offline; prints its number.

    \b
    Example:
      echo '{"applicant_type": "natural", "name": "张三", "description": "2025年征收补偿方案"}' \\
        | disclosure-bot cases register --kind application --channel letter \\
          --received-on 2026-11-20 --fields - --actor 500
    """
    services = _services()
    try:
        if STAFF_ROLE not in services.auth.roles(actor):
            fail(services.texts.get("en", "staff.not_staff", who=actor))
        try:
            fields = json.load(fields_file)
        except json.JSONDecodeError as exc:
            fail(f"--fields is not valid JSON: {exc.msg} (line {exc.lineno})")
            return
        try:
            case = services.cases.register(kind, channel, received_on.date(), fields,
                                           actor_label(actor))
        except IntakeError as error:
            fail(services.texts.get("en", error.key, **error.values))
            return
        click.echo(case.number)
    finally:
        services.close()


@click.command("import")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
@actor_option
@handles_errors
def import_cases(csv_file: Any, actor: int) -> None:
    """Import last year's open cases (carried over) from a CSV; all rows or none.

    \b
    Columns: kind, channel, received_on; optional applicant_type, status
    (received|accepted), due_date, original_number; any other column is a form field.
    Example:
      disclosure-bot cases import carried-over-2025.csv --actor 500
    """
    services = _services()
    try:
        if STAFF_ROLE not in services.auth.roles(actor):
            fail(services.texts.get("en", "staff.not_staff", who=actor))
        filed, problems = import_carried_over(services.cases, csv_file.read(),
                                              actor_label(actor))
        if problems:
            fail("; ".join(f"line {p.line}: {p.message}" for p in problems[:5]))
        for case in filed:
            click.echo(case.number)
        click.echo(f"{len(filed)} case(s) imported", err=True)
    finally:
        services.close()


@click.command()
@click.argument("number")
@click.option("--kind", type=click.Choice(list(LETTER_KINDS)), required=True,
              help="receipt (受理回执), correction (补正告知书), extension (延期答复告知书), "
                   "consultation (第三方意见征询函), fee (收费通知书), reply (答复书).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="docx",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The file to write.")
@handles_errors
def letter(number: str, kind: str, fmt: str, output: str) -> None:
    """Write a letter of the case from the templates in knowledge/letters/.

    \b
    Kinds: receipt, correction, extension, consultation, fee, reply.
    Example:
      disclosure-bot cases letter YSQ-2026-000123 --kind reply --format pdf --output reply.pdf
    """
    services = _services()
    try:
        try:
            case = services.workflow.get(number)
            written = compose(case, kind, services.repo.case_events(case.id),
                              services.settings.knowledge_dir, services.texts,
                              services.clock.today())
        except (WorkflowError, LetterError) as error:
            fail(services.texts.get("en", error.key, **error.values))
            return
        except LetterTemplateError as error:
            fail(str(error))
            return
        Path(output).write_bytes(render(written, fmt))
        click.echo(output)
    finally:
        services.close()
