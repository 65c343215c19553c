"""Operations: backups, restores, retention, and the start-up health check."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.alerts import db_error_reason
from bot.config import Settings
from bot.forms import FORMS
from bot.kb.loader import Problem, inspect_folder, load_knowledge_base
from bot.runtime import running_bot_pid
from bot.staff.states import CLOSED_STATUSES
from bot.store import Repository, open_database
from bot.store.database import MIGRATIONS, database_problems, private_file
from bot.store.files import NotADatabase, copy_database, count_cases, inspect_file, schema_version
from bot.store.records import CaseRecord
from bot.workdays import HolidayFileError, WorkCalendar

PURGED = "[已匿名化]"
REQUIRED_TABLES = {"cases", "case_events", "drafts", "users", "questions", "counters"}


class OpsError(Exception):
    """An operation refused; the message says why, in one line."""


def backup(db_path: Path, target: Path) -> int:
    """A consistent copy through SQLite's online backup, safe while the bot runs."""
    if target.exists():
        raise OpsError(f"{target} exists already; choose a new file name")
    if not db_path.exists():
        raise OpsError(f"there is no database at {db_path}")
    private_file(target)  # a backup holds the same personal data as the database
    return copy_database(db_path, target)


def check_backup(path: Path) -> list[str]:
    """What is wrong with a file as a database to restore; empty when it is fine."""
    if not path.is_file():
        return [f"{path} is not a file"]
    try:
        facts = inspect_file(path)
    except NotADatabase:
        return ["the file is not an SQLite database"]
    if not facts.intact:
        return ["the file fails SQLite's integrity check"]
    tables, version = facts.tables, facts.version
    problems = []
    if not tables >= REQUIRED_TABLES:
        problems.append("the file is not a disclosure-bot database (tables missing: "
                        f"{', '.join(sorted(REQUIRED_TABLES - tables))})")
    if version > len(MIGRATIONS):
        problems.append(f"the file is from a newer version (schema {version}); upgrade first")
    return problems


def restore(source: Path, db_path: Path, *, force: bool = False,
            stamp: str = "") -> Path | None:
    """Replace the database with a checked backup; refused while the bot runs, and when
    the backup holds fewer cases than the database unless `force`. The current database
    is first copied beside itself (returned), so a wrong restore can be undone."""
    problems = check_backup(source)
    if problems:
        raise OpsError("; ".join(problems))
    if running_bot_pid(db_path) is not None:
        raise OpsError("the bot is running; stop it before restoring")
    safety: Path | None = None
    if db_path.exists():
        now_held, backup_holds = count_cases(db_path), count_cases(source)
        if backup_holds < now_held and not force:
            raise OpsError(f"the backup holds {backup_holds} case(s) and the database "
                           f"{now_held}: restoring would lose {now_held - backup_holds}; "
                           "add --force to restore anyway")
        stamp = stamp or date.today().isoformat()
        safety = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
        counter = 1
        while safety.exists():
            counter += 1
            safety = db_path.with_name(f"{db_path.name}.before-restore-{stamp}-{counter}")
        backup(db_path, safety)
    private_file(db_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    copy_database(source, db_path)
    open_database(db_path).close()  # bring an older backup's schema up to date
    return safety


@dataclass(frozen=True)
class PurgePlan:
    cases: list[str]
    questions: int
    staff_questions: int


def _kept_keys() -> set[str]:
    """What the fields declare survives the retention period (answers chosen from a
    list); everything else, and anything no field declares, goes."""
    return {spec.key for form in FORMS.values() for spec in form.fields if not spec.purged}


def purge(repo: Repository, older_than_months: int, apply: bool,
          staff: frozenset[int] = frozenset()) -> PurgePlan:
    """Anonymise personal data of cases closed before the retention period, keeping
    what the annual report counts (kind, dates, applicant type, outcome). Questions
    residents typed are anonymised after the same period, and residents not seen since
    are forgotten (the `staff` ids are kept). Dry run unless `apply`."""
    cutoff = (repo.clock.today() - timedelta(days=30 * older_than_months)).isoformat()
    kept = _kept_keys()
    cutoff_day = repo.clock.today() - timedelta(days=30 * older_than_months)

    def ended_before_cutoff(case: CaseRecord) -> bool:
        ended = case.closed_at or case.answered_at
        return ended is not None and repo.clock.local_date(ended) < cutoff_day

    targets = [case for case in repo.list_cases()
               if case.status in CLOSED_STATUSES and case.anonymised_at is None
               and ended_before_cutoff(case)]
    old_questions, old_left = repo.questions_to_anonymise(cutoff, PURGED)
    if apply:
        for case in targets:
            data = {key: value if key in kept else PURGED
                    for key, value in case.data.items()}
            data.pop("corrections", None)
            repo.anonymise_case(case.id, data, PURGED)
        repo.anonymise_questions_before(cutoff, PURGED)
        repo.forget_people_before(cutoff, staff)
        # The web desk's expired links and sessions (a session keeps its last search).
        repo.forget_web_access_before(repo.now_iso())
    return PurgePlan([case.number for case in targets], old_questions, old_left)


def _database_check(path: Path) -> tuple[bool, str]:
    """Never creates anything: a mistyped path is reported, not filled with a new
    database. A missing file in an existing folder is fine before the first run."""
    problems = database_problems(path)
    if problems:
        return False, "; ".join(problems)
    if not path.exists():
        return True, f"{path}: not created yet; the first `run` creates it"
    try:
        version = schema_version(path)
    except sqlite3.Error as exc:
        return False, f"{path}: {db_error_reason(exc)}"
    return version <= len(MIGRATIONS), (f"{path}: schema {version}/{len(MIGRATIONS)}, "
                                         "quick check ok")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _kb_notes(settings: Settings, warnings: list[Problem]) -> str:
    """Unconfirmed agency facts and other warnings: reported, not failed, since an
    unconfirmed fact is left out of the answers rather than shown."""
    unconfirmed = [fact.key for fact in load_knowledge_base(settings.knowledge_dir)
                   .unconfirmed()]
    notes = ""
    if unconfirmed:
        notes += (f"; {len(unconfirmed)} agency fact(s) unconfirmed, left out of answers "
                  f"until the office confirms them: {', '.join(unconfirmed)}")
    if len(warnings) > len(unconfirmed):
        notes += f"; {len(warnings) - len(unconfirmed)} other warning(s), see kb validate"
    return notes


def doctor(settings: Settings, today: date) -> list[Check]:
    checks: list[Check] = []

    def add(name: str, ok: bool, detail: str) -> None:
        checks.append(Check(name, ok, detail))

    try:
        settings.require_token()
        add("token", True, "TELEGRAM_BOT_TOKEN is set and well formed")
    except Exception as exc:  # ConfigError: the message never holds the token
        add("token", False, str(exc))
    add("database", *_database_check(settings.db_path))
    problems, warnings = inspect_folder(settings.knowledge_dir)
    add("knowledge base", not problems,
        f"{settings.knowledge_dir}: " + (f"{len(problems)} problem(s), first: {problems[0]}"
                                         if problems else "sound" + _kb_notes(settings, warnings)))
    try:
        calendar = WorkCalendar.for_knowledge(settings.knowledge_dir)
        horizon = calendar.add_workdays(today, 60)
        add("holidays", not horizon.provisional,
            f"official calendar known until {calendar.known_until()}; the next 60 working "
            f"days reach {horizon.date}" + ("" if not horizon.provisional else
                                            ": add next year to knowledge/holidays.yaml"))
    except HolidayFileError as exc:
        add("holidays", False, str(exc))
    hook = settings.webhook
    if hook.enabled or hook.url:
        problems_hook = []
        if not hook.url.startswith("https://"):
            problems_hook.append("the public URL must be https://")
        if not hook.secret_token.get_secret_value():
            problems_hook.append("set DISCLOSURE_WEBHOOK_SECRET")
        add("webhook", not problems_hook, "; ".join(problems_hook) or
            f"{hook.url} -> {hook.listen}:{hook.port}/{hook.path.strip('/')}")
    else:
        add("webhook", True, "not used (long polling)")
    return checks
