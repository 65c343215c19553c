"""`kb`: the admins' knowledge-base commands."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.common import handles_errors, settings
from bot.kb.loader import validate_folder


@click.group()
def kb() -> None:
    """Check, reload and study the knowledge base.

    \b
    Examples:
      disclosure-bot kb validate
      disclosure-bot kb validate path/to/knowledge
    """


@kb.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@handles_errors
def validate(folder: Path | None) -> None:
    """Check every file of the knowledge base in FOLDER (default: the configured one).

    Exits 0 when the base is sound, 1 listing every problem with file and line.

    \b
    Example:
      disclosure-bot kb validate knowledge/
    """
    folder = folder or settings().knowledge_dir
    problems = validate_folder(folder)
    if problems:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"{len(problems)} problem(s) found in {folder}", err=True)
        raise SystemExit(1)
    click.echo(f"OK: the knowledge base in {folder} is sound")
