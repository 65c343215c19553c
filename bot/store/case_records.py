"""Cases filed and read back, with their audit trail and evidence. A case and its first
event are one transaction (the later changes: bot.store.case_changes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from bot.messages import Out
from bot.store.base import dumps
from bot.store.case_changes import CHANGEABLE, CaseChangesMixin
from bot.store.records import CaseEvent, CaseRecord, EvidenceItem

PREFIXES = {"application": "YSQ", "complaint": "TS"}


class DuplicateSubmission(Exception):
    """The same submission (a double tap on Confirm) was filed already."""


# Builds the notices of a newly filed case (the receipt, the staff chat's notice) from
# its stored record, inside the filing transaction.
Compose = Callable[[CaseRecord], Sequence[Out]]


class CasesMixin(CaseChangesMixin):
    """Filing a case and reading cases back; the changes that follow are
    CaseChangesMixin's."""

    def _next_number(self, kind: str, year: int) -> tuple[int, str]:
        self.db.execute(
            "insert or ignore into counters (kind, year, last) values (?, ?, 0)", (kind, year)
        )
        self.db.execute(
            "update counters set last = last + 1 where kind = ? and year = ?", (kind, year)
        )
        row = self.one("select last from counters where kind = ? and year = ?", (kind, year))
        assert row is not None
        seq = int(row["last"])
        return seq, f"{PREFIXES[kind]}-{year}-{seq:06d}"

    def file_case(
        self,
        *,
        kind: str,
        year: int,
        user_id: int,
        chat_id: int | None,
        lang: str,
        applicant_type: str | None,
        data: dict[str, Any],
        received_at: str,
        due_date: str | None,
        due_provisional: bool,
        submission_key: str | None = None,
        evidence: list[dict[str, Any]] | None = None,
        draft_form: str | None = None,
        channel: str = "telegram",
        actor: str = "resident",
        carried_over: bool = False,
        extra: dict[str, Any] | None = None,
        compose: Compose | None = None,
    ) -> tuple[CaseRecord, list[Out]]:
        """File a case with its first event and evidence, and drop the draft, atomically.
        Numbers are sequential per kind and year: the counter is bumped inside the same
        write transaction, which SQLite serialises. `extra` sets columns a case imported
        in some later state already has (its status, outcome, dates)."""
        unknown = set(extra or {}) - CHANGEABLE
        if unknown:
            raise ValueError(f"not a case column: {sorted(unknown)}")
        now = self.now_iso()
        row: dict[str, Any] = {
            "kind": kind,
            "year": year,
            "user_id": user_id,
            "chat_id": chat_id,
            "lang": lang,
            "status": "received",
            "applicant_type": applicant_type,
            "data": dumps(data),
            "received_at": received_at,
            "due_date": due_date,
            "due_provisional": int(due_provisional),
            "submission_key": submission_key,
            "created_at": now,
            "updated_at": now,
            "channel": channel,
            "carried_over": int(carried_over),
            **(extra or {}),
        }
        if isinstance(row.get("outcome_detail"), dict):
            row["outcome_detail"] = dumps(row["outcome_detail"])
        queued: list[Out] = []
        try:
            self.db.execute("BEGIN IMMEDIATE")
            row["seq"], row["number"] = self._next_number(kind, year)
            columns = ", ".join(row)
            cursor = self.db.execute(
                f"insert into cases ({columns}) values ({', '.join('?' for _ in row)})",
                tuple(row.values()),
            )
            case_id = int(cursor.lastrowid or 0)
            self.db.execute(
                "insert into case_events (case_id, at, actor, action, status_to, note) "
                "values (?, ?, ?, 'submitted', ?, ?)",
                (case_id, now, actor, row["status"], "" if channel == "telegram" else channel),
            )
            for item in evidence or []:
                self.db.execute(
                    "insert into evidence (case_id, file_id, kind, mime, size, name) "
                    "values (?, ?, ?, ?, ?, ?)",
                    (
                        case_id,
                        item["file_id"],
                        item["kind"],
                        item.get("mime", ""),
                        int(item.get("size", 0)),
                        item.get("name", ""),
                    ),
                )
            if draft_form:
                self.db.execute(
                    "delete from drafts where user_id = ? and form = ?", (user_id, draft_form)
                )
            if compose is not None:
                stored = self.case_by_id(case_id)
                assert stored is not None
                queued = self.enqueue_all(compose(stored), chat_id, ref=row["number"])
            self.db.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            self.db.execute("ROLLBACK")
            if "submission_key" in str(exc) and submission_key:
                raise DuplicateSubmission(submission_key) from None
            raise
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        case = self.case_by_number(row["number"])
        assert case is not None
        return case, queued

    # reading ---------------------------------------------------------------------------
    def _records(
        self, where: str = "", params: tuple[Any, ...] = (), order: str = "created_at"
    ) -> list[CaseRecord]:
        table = self.db.table("cases")
        return [
            CaseRecord.from_row(row)
            for row in table.rows_where(where or None, params, order_by=order)
        ]

    def _record(self, where: str, params: tuple[Any, ...]) -> CaseRecord | None:
        found = self._records(where, params)
        return found[0] if found else None

    def case_by_number(self, number: str) -> CaseRecord | None:
        return self._record("number = ?", (number.strip().upper(),))

    def case_by_id(self, case_id: int) -> CaseRecord | None:
        return self._record("id = ?", (case_id,))

    def case_by_submission(self, key: str) -> CaseRecord | None:
        return self._record("submission_key = ?", (key,))

    def cases_of_user(self, user_id: int) -> list[CaseRecord]:
        return self._records("user_id = ?", (user_id,), order="created_at desc")

    def list_cases(
        self, kind: str | None = None, status: str | None = None, statuses: Iterable[str] = ()
    ) -> list[CaseRecord]:
        clauses: list[str] = []
        params: list[Any] = []
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        if status:
            clauses.append("status = ?")
            params.append(status)
        wanted = sorted(statuses)
        if wanted:
            clauses.append(f"status in ({', '.join('?' for _ in wanted)})")
            params.extend(wanted)
        return self._records(" and ".join(clauses), tuple(params))

    def case_events(self, case_id: int) -> list[CaseEvent]:
        return [
            CaseEvent.from_row(row)
            for row in self.db.table("case_events").rows_where(
                "case_id = ?", (case_id,), order_by="id"
            )
        ]

    def case_evidence(self, case_id: int) -> list[EvidenceItem]:
        return [
            EvidenceItem(
                file_id=row["file_id"] or "",
                kind=row["kind"] or "",
                name=row["name"] or "",
                mime=row["mime"] or "",
                size=row["size"] or 0,
            )
            for row in self.db.table("evidence").rows_where(
                "case_id = ?", (case_id,), order_by="id"
            )
        ]
