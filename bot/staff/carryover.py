"""Last year's open cases, carried over from the office's old records as CSV, so the
annual report counts them (row 二, carried over) and the desk handles them on.

Columns: kind, channel, received_on (YYYY-MM-DD, the Art. 31 receipt date), and
optionally applicant_type, status (received or accepted), due_date (when the old record
fixed one, e.g. after an extension), original_number; every other column is a form
field (name, description, ...), as in `cases export --format json`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from bot.filing import CHANNELS, CaseService, IntakeError
from bot.store.records import CaseRecord

REQUIRED = ("kind", "channel", "received_on")
KNOWN = (*REQUIRED, "applicant_type", "status", "due_date", "original_number")
IMPORTABLE_STATUSES = ("received", "accepted")


@dataclass(frozen=True)
class ImportProblem:
    line: int
    message: str


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def import_carried_over(cases: CaseService, text: str, actor: str
                        ) -> tuple[list[CaseRecord], list[ImportProblem]]:
    """Check every row first; file them only when all are sound (all or nothing)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        return [], [ImportProblem(1, f"missing column(s): {', '.join(missing)}")]
    rows = list(reader)
    problems: list[ImportProblem] = []
    for line, row in enumerate(rows, start=2):
        if row["kind"] not in ("application", "complaint"):
            problems.append(ImportProblem(line, f"kind must be application or complaint, "
                                                f"not {row['kind']!r}"))
        if row["channel"] not in CHANNELS:
            problems.append(ImportProblem(line, f"channel must be one of {', '.join(CHANNELS)}"))
        received = parse_day(row["received_on"] or "")
        if received is None:
            problems.append(ImportProblem(line, "received_on must be YYYY-MM-DD"))
        elif received > cases.clock.today():
            problems.append(ImportProblem(line, "received_on is after today"))
        if (row.get("status") or "received") not in IMPORTABLE_STATUSES:
            problems.append(ImportProblem(line, "status must be received or accepted "
                                                "(only open cases are carried over)"))
        if row.get("due_date") and parse_day(row["due_date"]) is None:
            problems.append(ImportProblem(line, "due_date must be YYYY-MM-DD"))
    if problems:
        return [], problems
    filed = []
    for line, row in enumerate(rows, start=2):
        fields = {key: value for key, value in row.items()
                  if key not in KNOWN and key and value not in (None, "")}
        if row.get("original_number"):
            fields["original_number"] = row["original_number"]
        received = parse_day(row["received_on"])
        assert received is not None
        due = parse_day(row.get("due_date") or "")
        try:
            filed.append(cases.register(row["kind"], row["channel"], received, fields, actor,
                                        applicant_type=row.get("applicant_type") or None,
                                        status=row.get("status") or "received",
                                        due_date=due, carried_over=True))
        except IntakeError as error:
            problems.append(ImportProblem(line, error.key))
    return filed, problems
