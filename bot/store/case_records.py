"""Cases, their audit trail and evidence. A case and its first event are one
transaction; so is every later change with its event."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from bot.messages import Out
from bot.store.base import dumps, loads
from bot.store.outbox import OutboxMixin

PREFIXES = {"application": "YSQ", "complaint": "TS"}


class DuplicateSubmission(Exception):
    """The same submission (a double tap on Confirm) was filed already."""


# Builds the notices of a newly filed case (the receipt, the staff chat's notice) from
# its stored row, inside the filing transaction.
Compose = Callable[[dict[str, Any]], Sequence[Out]]


class CasesMixin(OutboxMixin):
    def _next_number(self, kind: str, year: int) -> tuple[int, str]:
        self.db.execute("insert or ignore into counters (kind, year, last) values (?, ?, 0)",
                        (kind, year))
        self.db.execute("update counters set last = last + 1 where kind = ? and year = ?",
                        (kind, year))
        row = self.one("select last from counters where kind = ? and year = ?", (kind, year))
        assert row is not None
        seq = int(row["last"])
        return seq, f"{PREFIXES[kind]}-{year}-{seq:06d}"

    def create_case(self, *, kind: str, year: int, user_id: int, chat_id: int, lang: str,
                    applicant_type: str | None, data: dict[str, Any], received_at: str,
                    due_date: str, due_provisional: bool, submission_key: str,
                    evidence: list[dict[str, Any]], draft_form: str) -> dict[str, Any]:
        return self.file_case(kind=kind, year=year, user_id=user_id, chat_id=chat_id, lang=lang,
                              applicant_type=applicant_type, data=data,
                              received_at=received_at, due_date=due_date,
                              due_provisional=due_provisional, submission_key=submission_key,
                              evidence=evidence, draft_form=draft_form)[0]

    def file_case(self, *, kind: str, year: int, user_id: int, chat_id: int, lang: str,
                  applicant_type: str | None, data: dict[str, Any], received_at: str,
                  due_date: str, due_provisional: bool, submission_key: str,
                  evidence: list[dict[str, Any]], draft_form: str,
                  compose: Compose | None = None) -> tuple[dict[str, Any], list[Out]]:
        """File a case with its first event and evidence, drop the draft, and queue its
        notices (`compose`), atomically: a stored case always has its receipt on the way.
        Numbers are sequential per kind and year: the counter is bumped inside the same
        write transaction, which SQLite serialises."""
        now = self.now_iso()
        queued: list[Out] = []
        try:
            self.db.execute("BEGIN IMMEDIATE")
            seq, number = self._next_number(kind, year)
            cursor = self.db.execute(
                "insert into cases (number, kind, year, seq, user_id, chat_id, lang, status, "
                "applicant_type, data, received_at, due_date, due_provisional, "
                "submission_key, created_at, updated_at) values "
                "(?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?)",
                (number, kind, year, seq, user_id, chat_id, lang, applicant_type, dumps(data),
                 received_at, due_date, int(due_provisional), submission_key, now, now))
            case_id = int(cursor.lastrowid or 0)
            self.db.execute(
                "insert into case_events (case_id, at, actor, action, status_to, note) "
                "values (?, ?, 'resident', 'submitted', 'received', '')", (case_id, now))
            for item in evidence:
                self.db.execute(
                    "insert into evidence (case_id, file_id, kind, mime, size, name) "
                    "values (?, ?, ?, ?, ?, ?)",
                    (case_id, item["file_id"], item["kind"], item.get("mime", ""),
                     int(item.get("size", 0)), item.get("name", "")))
            self.db.execute("delete from drafts where user_id = ? and form = ?",
                            (user_id, draft_form))
            if compose is not None:
                row = self._decode(self.one("select * from cases where id = ?", (case_id,)))
                assert row is not None
                queued = self.enqueue_all(compose(row), chat_id, ref=number)
            self.db.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            self.db.execute("ROLLBACK")
            if "submission_key" in str(exc):
                raise DuplicateSubmission(submission_key) from None
            raise
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        case = self.case_by_number(number)
        assert case is not None
        return case, queued

    @staticmethod
    def _decode(row: dict[str, Any] | None) -> dict[str, Any] | None:
        if row is not None:
            row["data"] = loads(row["data"]) or {}
        return row

    def case_by_number(self, number: str) -> dict[str, Any] | None:
        return self._decode(self.one("select * from cases where number = ?",
                                     (number.strip().upper(),)))

    def case_by_submission(self, key: str) -> dict[str, Any] | None:
        return self._decode(self.one("select * from cases where submission_key = ?", (key,)))

    def cases_of_user(self, user_id: int) -> list[dict[str, Any]]:
        rows = self.all("select * from cases where user_id = ? order by created_at desc",
                        (user_id,))
        return [row for row in map(self._decode, rows) if row is not None]

    def list_cases(self, kind: str | None = None, status: str | None = None,
                   statuses: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        clauses, params = [], []
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        if status:
            clauses.append("status = ?")
            params.append(status)
        if statuses:
            clauses.append(f"status in ({', '.join('?' for _ in statuses)})")
            params.extend(statuses)
        where = f"where {' and '.join(clauses)}" if clauses else ""
        rows = self.all(f"select * from cases {where} order by created_at", tuple(params))
        return [row for row in map(self._decode, rows) if row is not None]

    def case_events(self, case_id: int) -> list[dict[str, Any]]:
        return self.all("select * from case_events where case_id = ? order by id", (case_id,))

    def case_evidence(self, case_id: int) -> list[dict[str, Any]]:
        return self.all("select * from evidence where case_id = ? order by id", (case_id,))

    def update_case(self, case_id: int, *, actor: str, action: str, note: str = "",
                    notices: Sequence[Out] = (), **changes: Any) -> list[Out]:
        """Change a case, record the event and queue the notices that report the change
        (each with its chat), in one transaction. Returns the queued notices."""
        now = self.now_iso()
        with self.db.atomic():
            current = self.one("select status, number from cases where id = ?", (case_id,))
            if current is None:
                raise KeyError(case_id)
            if "data" in changes:
                changes["data"] = dumps(changes["data"])
            changes["updated_at"] = now
            assignments = ", ".join(f"{column} = ?" for column in changes)
            self.db.execute(f"update cases set {assignments} where id = ?",
                            (*changes.values(), case_id))
            self.db.execute(
                "insert into case_events (case_id, at, actor, action, status_from, status_to, "
                "note) values (?, ?, ?, ?, ?, ?, ?)",
                (case_id, now, actor, action, current["status"],
                 changes.get("status", current["status"]), note))
            return self.enqueue_all(notices, ref=current["number"])

    def anonymise_case(self, case_id: int, data: dict[str, Any], placeholder: str) -> None:
        """Remove everything that identifies the resident from a closed case, with its
        audit event, in one step: their answers (`data` comes already anonymised), the
        staff's reply to them, every note, evidence file ids and names, the notices
        queued for them, and their user and chat ids. What the annual report counts
        (kind, dates, applicant type, status, outcome) stays."""
        now = self.now_iso()
        with self.db.atomic():
            row = self.one("select chat_id from cases where id = ?", (case_id,))
            self.db.execute("update cases set data = ?, reply = case when reply is null "
                            "then null else ? end, user_id = 0, chat_id = null, "
                            "anonymised_at = ?, updated_at = ? where id = ?",
                            (dumps(data), placeholder, now, now, case_id))
            # Only the outcome code (answered) and a day count (consultation_done) are
            # notes without personal content; every other note may quote the resident.
            self.db.execute("update case_events set note = '' where case_id = ? and "
                            "action not in ('answered', 'consultation_done')", (case_id,))
            self.db.execute("update evidence set file_id = '', name = '' where case_id = ?",
                            (case_id,))
            if row is not None and row["chat_id"] is not None:
                self.db.execute("delete from outbox where chat_id = ? and sent_at is not null",
                                (row["chat_id"],))
            self.db.execute("insert into case_events (case_id, at, actor, action, note) "
                            "values (?, ?, 'system', 'anonymised', '')", (case_id, now))
