"""Opening the SQLite file: WAL, foreign keys, a busy timeout, and the migrations."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

Migration = Callable[[Database], None]

# The database holds residents' names, ID numbers and contacts: only the service user
# reads it (0640 lets a group of operators read backups too). SQLite gives its -wal and
# -shm files the mode of the database file, so setting it on the file covers them.
PRIVATE_MODE = 0o600
GROUP_MODE = 0o640
BUSY_TIMEOUT_MS = 2000


def private_file(path: Path | str, mode: int = PRIVATE_MODE) -> None:
    """Create `path` (if missing) and its SQLite companions with `mode`, whatever the
    umask; an existing file that is more open than that is tightened."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o750 if mode & 0o070 else 0o700)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, mode))
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"),
                      Path(f"{path}-journal")):
        if candidate.exists():
            os.chmod(candidate, mode)


def _initial_schema(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("users").create({"id": int, "lang": str, "created_at": str, "updated_at": str},
                             pk="id")
    db.table("questions").create({
        "id": int, "user_key": str, "lang": str, "text": str, "topic": str,
        "score": float, "outcome": str, "channel": str, "asked_at": str,
    }, pk="id", not_null={"user_key", "lang", "text", "outcome", "asked_at"})
    db.table("questions").create_index(["asked_at"])
    db.table("questions").create_index(["topic"])
    db.table("feedback").create({"question_id": int, "vote": int, "at": str}, pk="question_id",
                          foreign_keys=[("question_id", "questions", "id")])
    db.table("drafts").create({
        "user_id": int, "form": str, "chat_id": int, "lang": str, "step": str, "data": str,
        "updated_at": str, "expires_at": str,
    }, pk=("user_id", "form"))
    db.table("counters").create({"kind": str, "year": int, "last": int}, pk=("kind", "year"))
    db.table("cases").create({
        "id": int, "number": str, "kind": str, "year": int, "seq": int, "user_id": int,
        "chat_id": int, "lang": str, "status": str, "applicant_type": str, "data": str,
        "received_at": str, "due_date": str, "due_provisional": int, "clock_paused_at": str,
        "extended": int, "assigned_to": int, "outcome": str, "reply": str,
        "submission_key": str, "created_at": str, "updated_at": str, "closed_at": str,
        "anonymised_at": str,
    }, pk="id", not_null={"number", "kind", "year", "seq", "user_id", "status", "data",
                          "received_at", "created_at", "updated_at"},
        defaults={"due_provisional": 0, "extended": 0})
    db.table("cases").create_index(["number"], unique=True)
    db.table("cases").create_index(["kind", "year", "seq"], unique=True)
    db.table("cases").create_index(["submission_key"], unique=True)
    db.table("cases").create_index(["user_id"])
    db.table("cases").create_index(["status"])
    db.table("case_events").create({
        "id": int, "case_id": int, "at": str, "actor": str, "action": str,
        "status_from": str, "status_to": str, "note": str,
    }, pk="id", foreign_keys=[("case_id", "cases", "id")], not_null={"case_id", "at", "action"})
    db.table("case_events").create_index(["case_id"])
    db.table("evidence").create({
        "id": int, "case_id": int, "file_id": str, "kind": str, "mime": str, "size": int,
        "name": str,
    }, pk="id", foreign_keys=[("case_id", "cases", "id")])
    db.table("evidence").create_index(["case_id"])
    db.table("processed_updates").create({"update_id": int, "at": str}, pk="update_id")
    db.table("outbox").create({
        "id": int, "chat_id": int, "text": str, "buttons": str, "created_at": str,
        "sent_at": str, "attempts": int, "last_error": str,
    }, pk="id", defaults={"attempts": 0})
    db.table("outbox").create_index(["sent_at"])
    db.table("staff_questions").create({
        "id": int, "number": str, "user_id": int, "chat_id": int, "lang": str, "text": str,
        "asked_at": str, "answered_at": str, "answer": str,
    }, pk="id")


def _case_handling(db: Database) -> None:
    """What staff handling needs: when a case was answered (the annual report counts by
    it), the correction deadline, and the extension granted."""
    cases = db.table("cases")
    cases.add_column("answered_at", str)
    cases.add_column("correction_due", str)
    cases.add_column("extension_days", int, not_null_default=0)
    db.table("staff_questions").add_column("answered_by", int)
    # Staff are assigned cases by @username; only staff members' usernames are kept.
    db.table("users").add_column("username", str)


def _reliable_outbox(db: Database) -> None:
    """The outbox becomes the way every notice of a state change travels: written in the
    change's own transaction, claimed by one sender at a time, delivered part by part
    (long texts are split), with a file when the message carries one, and the case or
    question it concerns so staff can be told when it could not be delivered."""
    outbox = db.table("outbox")
    outbox.add_column("file_id", str)
    outbox.add_column("file_kind", str)
    outbox.add_column("ref", str)
    outbox.add_column("claimed_at", str)
    outbox.add_column("failed_at", str)
    outbox.add_column("parts_sent", int, not_null_default=0)
    outbox.add_column("unknown_outcomes", int, not_null_default=0)


def _regulated_workflow(db: Database) -> None:
    """What the Regulations' workflow records: the clock's restart after a correction
    beside the untouched receipt date, the consulted party and its answer period, the
    extension asked for and by whom, fees, the outcome's particulars, the channel an
    application came through, carried-over cases, reconsideration and lawsuit results,
    and staff members' names."""
    cases = db.table("cases")
    for name, kind in (("restarted_at", str), ("correction_requested_on", str),
                       ("consult_party", str), ("consult_due", str),
                       ("extension_reason", str), ("extension_requested_by", str),
                       ("fee_amount", int), ("fee_due", str), ("fee_paid_on", str),
                       ("outcome_detail", str), ("review_result", str),
                       ("lawsuit_result", str), ("overdue_told_for", str)):
        cases.add_column(name, kind)
    for name in ("paused_days", "extension_requested_days", "carried_over",
                 "lawsuit_after_review"):
        cases.add_column(name, int, not_null_default=0)
    cases.add_column("channel", str, not_null_default="telegram")
    db.table("users").add_column("display_name", str)


def _web_desk(db: Database) -> None:
    """The web desk's one-time login links and sessions. Only hashes of their tokens
    are stored, so a copy of the database opens no session."""
    db.table("web_logins").create({
        "token_hash": str, "user_id": int, "created_at": str, "expires_at": str,
        "used_at": str,
    }, pk="token_hash", not_null={"user_id", "created_at", "expires_at"})
    db.table("web_sessions").create({
        "token_hash": str, "user_id": int, "csrf": str, "search": str, "flash": str,
        "created_at": str, "expires_at": str, "ended_at": str,
    }, pk="token_hash", not_null={"user_id", "csrf", "created_at", "expires_at"})
    db.table("web_sessions").create_index(["expires_at"])


def _case_documents(db: Database) -> None:
    """Documents made or kept by the office: a letter travels through the outbox with
    its bytes (so a failed upload is retried with its file); signed and sealed copies
    and released files uploaded at the web desk are kept with the case; and each load
    of the knowledge base by a running bot is recorded, so the desk can show it."""
    outbox = db.table("outbox")
    outbox.add_column("document", bytes)
    outbox.add_column("file_name", str)
    db.table("case_files").create({
        "id": int, "case_id": int, "purpose": str, "letter_kind": str, "name": str,
        "media_type": str, "size": int, "content": bytes, "uploaded_by": str,
        "uploaded_at": str, "sent_at": str,
    }, pk="id", not_null={"case_id", "purpose", "name", "content", "uploaded_by",
                          "uploaded_at"}, foreign_keys=[("case_id", "cases", "id")])
    db.table("case_files").create_index(["case_id"])
    db.table("knowledge_loads").create({
        "id": int, "at": str, "origin": str, "topics": int, "digest": str,
    }, pk="id", not_null={"at", "origin"})


def _chosen_topics(db: Database) -> None:
    """The topic a resident chose from those offered beside a reply ("did you mean", or
    the other topics under a close call's answer): the admins' best label for a question
    the base did not answer, or answered with another topic."""
    db.table("questions").add_column("chosen", str)


# Append only: each entry runs once, in order, and its position is the schema version.
MIGRATIONS: list[Migration] = [_initial_schema, _case_handling, _reliable_outbox,
                               _regulated_workflow, _web_desk, _case_documents,
                               _chosen_topics]


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database) -> int:
    """Apply the migrations this file has not seen; returns how many ran."""
    applied = 0
    for version, migration in enumerate(MIGRATIONS, start=1):
        if schema_version(db) >= version:
            continue
        with db.atomic():
            migration(db)
            db.execute(f"PRAGMA user_version = {version}")
        applied += 1
    return applied


def open_database(path: Path | str, *, migrate_schema: bool = True,
                  mode: int = PRIVATE_MODE) -> Database:
    """Open (creating the folder and file as needed, private to the service) and bring
    the schema up to date. A lock held elsewhere is waited for only briefly: the caller
    tells the person the database is busy rather than freezing."""
    if str(path) != ":memory:":
        private_file(path, mode)
    conn = sqlite3.connect(str(path), check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if str(path) != ":memory:":
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    if migrate_schema:
        migrate(db)
    return db


MIN_FREE_BYTES = 50 * 1024 * 1024


class DatabaseProblem(Exception):
    """The database cannot be used; the message names the reason in one line."""


def database_problems(path: Path | str, *, must_exist: bool = False,
                      min_free: int = MIN_FREE_BYTES) -> list[str]:
    """What keeps the bot from using the database at `path`, checked without creating or
    changing anything: the folder (mistyped paths), write access (read-only files and
    mounts), free disk, and SQLite's quick integrity check."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        return [f"{folder} does not exist (is DISCLOSURE_DB mistyped?)"]
    problems = []
    if not path.exists():
        if must_exist:
            return [f"there is no database at {path} (is DISCLOSURE_DB mistyped?)"]
        if not os.access(folder, os.W_OK):
            problems.append(f"{folder} is read-only: the database cannot be created there")
    elif not os.access(path, os.R_OK | os.W_OK) or not os.access(folder, os.W_OK):
        problems.append(f"{path} is read-only (the bot must write the file and its folder)")
    free = _free_bytes(folder)
    if free is not None and free < min_free:
        problems.append(f"disk full: {free // (1024 * 1024)} MB free on {folder}, at least "
                        f"{min_free // (1024 * 1024)} MB needed")
    if path.exists():
        integrity = quick_check(path)
        if integrity != "ok":
            problems.append(f"{path} is malformed ({integrity}); restore a backup")
    return problems


def quick_check(path: Path) -> str:
    """SQLite's quick_check on a read-only connection: "ok", or what is wrong."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            return str(conn.execute("PRAGMA quick_check").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"not a database: {exc}" if "not a database" in str(exc) else str(exc)


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None
