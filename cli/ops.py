"""Operations commands: backup, restore, purge, doctor."""

from __future__ import annotations

from pathlib import Path

import click

from bot.clock import Clock
from bot.ops import OpsError, backup, check_backup, doctor, purge, restore
from bot.store import Repository, open_database
from cli.common import fail, handles_errors, settings


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@handles_errors
def backup_command(path: Path) -> None:
    """Copy the database to PATH consistently, even while the bot runs.

    \b
    Example:
      disclosure-bot backup /var/backups/disclosure-2026-11-26.db
    """
    try:
        pages = backup(settings().db_path, path)
    except OpsError as error:
        fail(str(error))
        return
    click.echo(f"Backed up {pages} pages to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--check-only", is_flag=True, help="Only check the file; change nothing.")
@click.option("--force", is_flag=True,
              help="Restore even when the backup holds fewer cases than the database.")
@handles_errors
def restore_command(path: Path, check_only: bool, force: bool) -> None:
    """Replace the database with the backup at PATH, after checking it. The bot must be
    stopped. The current database is kept beside it as DB.before-restore-DATE; a backup
    with fewer cases than the database is refused unless --force.

    \b
    Examples:
      disclosure-bot restore --check-only backup.db
      disclosure-bot restore backup.db
    """
    if check_only:
        problems = check_backup(path)
        if problems:
            fail("; ".join(problems))
        click.echo(f"{path} is a sound backup")
        return
    try:
        safety = restore(path, settings().db_path, force=force)
    except OpsError as error:
        fail(str(error))
        return
    if safety is not None:
        click.echo(f"The previous database is kept as {safety}")
    click.echo(f"Restored {path} to {settings().db_path}")


@click.command("purge")
@click.option("--older-than", "months", type=int, default=None,
              help="Months after closing (default: retention_months from the settings).")
@click.option("--apply", "really", is_flag=True, help="Change the data (default: dry run).")
@handles_errors
def purge_command(months: int | None, really: bool) -> None:
    """Anonymise personal data of cases closed longer ago than the retention period,
    keeping what the annual report needs. A dry run unless --apply.

    \b
    Examples:
      disclosure-bot purge --older-than 36
      disclosure-bot purge --older-than 36 --apply
    """
    config = settings()
    repo = Repository(open_database(config.db_path), Clock())
    plan = purge(repo, months or config.retention_months, really, config.staff)
    verb = "Anonymised" if really else "Would anonymise"
    click.echo(f"{verb} {len(plan.cases)} case(s): {', '.join(plan.cases) or '-'}")
    click.echo(f"{verb} {plan.questions} question(s) and {plan.staff_questions} left "
               "question(s)")
    if not really:
        click.echo("Dry run: nothing changed. Add --apply to do it.")


@click.command("doctor")
@click.option("--skip", multiple=True, help="Leave out a check (e.g. holidays), repeatable.")
@handles_errors
def doctor_command(skip: tuple[str, ...]) -> None:
    """Check configuration, token, database, knowledge base, holiday coverage and
    webhook settings; one line per check, exit 1 on any problem.

    \b
    Examples:
      disclosure-bot doctor
      disclosure-bot doctor --skip holidays     # e.g. as a container health check
    """
    checks = [c for c in doctor(settings(), Clock().today()) if c.name not in skip]
    for check in checks:
        click.echo(f"{'OK  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}")
    if not all(check.ok for check in checks):
        raise SystemExit(1)
