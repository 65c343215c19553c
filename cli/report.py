"""`report`: the annual report's table of applications, from the case records."""

from __future__ import annotations

import click

from bot.services import build_desk
from bot.staff.report import annual_report, as_csv, as_json, as_markdown, report_year_default
from cli.common import fail, handles_errors, settings

RENDER = {"md": as_markdown, "csv": as_csv, "json": as_json}


@click.command()
@click.option("--year", type=int, default=None,
              help="Report year (default: last year in January, else this year).")
@click.option("--format", "fmt", type=click.Choice(list(RENDER)), default="md",
              show_default=True)
@handles_errors
def report(year: int | None, fmt: str) -> None:
    """Print the annual-report table of applications received and handled, by
    applicant type (national format), plus complaints received and handled.

    \b
    Examples:
      disclosure-bot report --year 2026
      disclosure-bot report --year 2026 --format csv > table.csv
    """
    services = build_desk(settings())
    try:
        table = annual_report(services.repo, year or report_year_default(services.clock.today()))
        problems = table.check()
        if problems:
            fail("the table does not add up: " + "; ".join(problems))
        click.echo(RENDER[fmt](table), nl=False)
    finally:
        services.close()
