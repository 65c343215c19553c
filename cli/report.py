"""`report`: the annual report's table of applications, from the case records."""

from __future__ import annotations

import click

from bot.services import build_desk
from bot.staff.report import annual_report, as_csv, as_json, as_markdown, report_year_default
from bot.staff.report_docx import as_docx
from cli.common import fail, handles_errors, settings

RENDER = {"md": as_markdown, "csv": as_csv, "json": as_json}
BINARY = {"docx": as_docx}


@click.command()
@click.option("--year", type=int, default=None,
              help="Report year (default: last year in January, else this year).")
@click.option("--format", "fmt", type=click.Choice([*RENDER, *BINARY]), default="md",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of the terminal (needed for docx).")
@handles_errors
def report(year: int | None, fmt: str, output: str | None) -> None:
    """Print the annual-report table of applications received and handled, by
    applicant type (national format), plus complaints received and handled.

    \b
    Examples:
      disclosure-bot report --year 2026
      disclosure-bot report --year 2026 --format csv > table.csv
      disclosure-bot report --year 2026 --format docx -o report-2026.docx
    """
    if fmt in BINARY and output is None:
        fail("a docx report goes to a file: add --output FILE")
    services = build_desk(settings())
    try:
        table = annual_report(services.repo, year or report_year_default(services.clock.today()))
        problems = table.check()
        if problems:
            fail("the table does not add up: " + "; ".join(problems))
        body = BINARY[fmt](table) if fmt in BINARY else RENDER[fmt](table).encode("utf-8")
        if output is None:
            click.echo(body.decode("utf-8"), nl=False)
        else:
            with open(output, "wb") as file:
                file.write(body)
            click.echo(f"Written to {output}.")
    finally:
        services.close()
