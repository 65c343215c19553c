"""Finding cases: the staff's filters, text search, sorting and paging, in SQL.

Text search uses LIKE over the case's values rather than SQLite FTS5: FTS5's tokenizers
split Chinese into whole runs of characters (unicode61) or need three characters
(trigram), and staff search for two-character words and names. A district office files
hundreds of cases a year, which LIKE reads in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.store.base import StoreBase
from bot.store.records import CaseRecord

SORTS = {
    "number": "kind, year, seq",
    "received": "received_at",
    "due": "due_date is null, due_date",
    "status": "status, received_at",
    "updated": "updated_at",
}
UNASSIGNED = 0  # assignee filter value for cases nobody holds


@dataclass(frozen=True)
class CaseQuery:
    kind: str | None = None
    statuses: tuple[str, ...] = ()
    assigned_to: int | None = None  # UNASSIGNED for nobody
    channel: str | None = None
    applicant_type: str | None = None
    received_from: str | None = None  # UTC ISO instants, inclusive / exclusive
    received_before: str | None = None
    due_from: str | None = None  # ISO dates, inclusive
    due_to: str | None = None
    text: str = ""
    sort: str = "received"
    descending: bool = True


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class CaseSearchMixin(StoreBase):
    def _where(self, query: CaseQuery, *, with_status: bool = True
               ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []

        def add(clause: str, *values: Any) -> None:
            clauses.append(clause)
            params.extend(values)

        if query.kind:
            add("kind = ?", query.kind)
        if with_status and query.statuses:
            add(f"status in ({', '.join('?' for _ in query.statuses)})", *query.statuses)
        if query.assigned_to == UNASSIGNED:
            add("assigned_to is null")
        elif query.assigned_to is not None:
            add("assigned_to = ?", query.assigned_to)
        if query.channel:
            add("channel = ?", query.channel)
        if query.applicant_type:
            add("applicant_type = ?", query.applicant_type)
        if query.received_from:
            add("received_at >= ?", query.received_from)
        if query.received_before:
            add("received_at < ?", query.received_before)
        if query.due_from:
            add("due_date >= ?", query.due_from)
        if query.due_to:
            add("due_date <= ?", query.due_to)
        if query.text.strip():
            pattern = _like(query.text.strip())
            add("(number like ? escape '\\' or reply like ? escape '\\' or exists "
                "(select 1 from json_each(cases.data) where json_each.value like ? escape '\\'))",
                pattern, pattern, pattern)
        return (f"where {' and '.join(clauses)}" if clauses else ""), params

    def search_cases(self, query: CaseQuery, limit: int = 50, offset: int = 0
                     ) -> tuple[list[CaseRecord], int]:
        """One page of matching cases, and how many match in all."""
        where, params = self._where(query)
        order = SORTS.get(query.sort, SORTS["received"])
        direction = " desc" if query.descending else ""
        order_by = ", ".join(f"{part.strip()}{direction}" for part in order.split(","))
        total_row = self.one(f"select count(*) as n from cases {where}", tuple(params))
        rows = self.all(f"select * from cases {where} order by {order_by}, id{direction} "
                        "limit ? offset ?", (*params, limit, offset))
        return [CaseRecord.from_row(row) for row in rows], int(total_row["n"]) if total_row else 0

    def status_counts(self, query: CaseQuery) -> dict[str, int]:
        """Matching cases per status, the status filter itself left out."""
        where, params = self._where(query, with_status=False)
        rows = self.all(f"select status, count(*) as n from cases {where} group by status",
                        tuple(params))
        return {row["status"]: int(row["n"]) for row in rows}

    def case_assignees(self) -> list[int]:
        rows = self.all("select distinct assigned_to from cases where assigned_to is not null "
                        "order by assigned_to")
        return [int(row["assigned_to"]) for row in rows]

    def usernames(self, user_ids: list[int]) -> dict[int, str]:
        if not user_ids:
            return {}
        marks = ", ".join("?" for _ in user_ids)
        rows = self.all(f"select id, username from users where id in ({marks}) and "
                        "username is not null", tuple(user_ids))
        return {int(row["id"]): str(row["username"]) for row in rows}

    def applications_answered_between(self, start: str, before: str) -> list[CaseRecord]:
        """Applications answered in [start, before) (UTC ISO instants)."""
        rows = self.all("select * from cases where kind = 'application' and answered_at >= ? "
                        "and answered_at < ? order by answered_at", (start, before))
        return [CaseRecord.from_row(row) for row in rows]
