"""The annual report's table of applications received and handled (国办公开办函〔2021〕30号
format), counted from the case records.

Rows follow the national table; columns are the applicant types. A case counts as new
in the year it was submitted, is handled in the year it was answered (or withdrawn),
and is carried over while unanswered: one answered in January of the next year is
carried into that year and counted there, as the national format does.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from bot.clock import OFFICE_ZONE
from bot.staff.outcomes import APPLICANT_COLUMNS, GROUPS, OUTCOMES
from bot.store import Repository

COLUMN_KEYS = [key for key, _ in APPLICANT_COLUMNS]


@dataclass
class AnnualReport:
    year: int
    new: Counter[str] = field(default_factory=Counter)
    carried_over: Counter[str] = field(default_factory=Counter)
    outcomes: dict[str, Counter[str]] = field(
        default_factory=lambda: {code: Counter() for code in OUTCOMES})
    carried_forward: Counter[str] = field(default_factory=Counter)
    complaints_received: int = 0
    complaints_handled: int = 0

    @property
    def handled(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counts in self.outcomes.values():
            total.update(counts)
        return total

    def rows(self) -> list[tuple[str, str, list[int]]]:
        """(row id, label, counts per column + total) in the national order."""
        def line(row_id: str, label: str, counts: Counter[str]) -> tuple[str, str, list[int]]:
            values = [counts.get(key, 0) for key in COLUMN_KEYS]
            return row_id, label, [*values, sum(values)]

        rows = [line("new", "一、本年新收政府信息公开申请数量", self.new),
                line("carried_over", "二、上年结转政府信息公开申请数量", self.carried_over)]
        for code, label in OUTCOMES.items():
            group = code.split(".")[0]
            if code not in ("1", "2") and code.endswith(".1"):
                subtotal: Counter[str] = Counter()
                for other, counts in self.outcomes.items():
                    if other.split(".")[0] == group:
                        subtotal.update(counts)
                rows.append(line(f"group-{group}", f"三、{GROUPS[group]}", subtotal))
            rows.append(line(code, f"三、{label}" if code in ("1", "2") else f"  {label}",
                             self.outcomes[code]))
        rows.append(line("total", "三、（七）总计", self.handled))
        rows.append(line("carried_forward", "四、结转下年度继续办理", self.carried_forward))
        return rows

    def check(self) -> list[str]:
        """The table's own arithmetic: what came in equals what went out plus what
        is carried forward, in every column."""
        problems = []
        handled = self.handled
        for key in COLUMN_KEYS:
            came = self.new[key] + self.carried_over[key]
            went = handled[key] + self.carried_forward[key]
            if came != went:
                problems.append(f"{key}: {came} in, {went} out")
        return problems


def annual_report(repo: Repository, year: int) -> AnnualReport:
    report = AnnualReport(year)
    for case in repo.list_cases():
        # Counted by the receipt date (Art. 31), which offline intake and carried-over
        # imports set to the real day, not by when the record was typed in.
        submitted = case.received_at.astimezone(OFFICE_ZONE).year
        answered = case.answered_at.astimezone(OFFICE_ZONE).year if case.answered_at else None
        if case.kind == "complaint":
            report.complaints_received += int(submitted == year)
            report.complaints_handled += int(answered == year)
            continue
        column = case.applicant_type if case.applicant_type in COLUMN_KEYS else "natural"
        if submitted > year:
            continue
        if submitted == year:
            report.new[column] += 1
        elif answered is None or answered >= year:
            report.carried_over[column] += 1
        else:
            continue  # handled in an earlier year: not part of this year's table
        if answered == year and case.outcome in OUTCOMES:
            report.outcomes[case.outcome][column] += 1
        elif answered is None or answered > year:
            report.carried_forward[column] += 1
    return report


HEADERS = ["", *[label for _, label in APPLICANT_COLUMNS], "总计"]


def as_markdown(report: AnnualReport) -> str:
    lines = [f"# {report.year}年度政府信息公开申请情况", "",
             "| " + " | ".join(HEADERS) + " |",
             "|" + "---|" + "---:|" * (len(HEADERS) - 1)]
    for _, label, values in report.rows():
        lines.append(f"| {label.strip()} | " + " | ".join(str(v) for v in values) + " |")
    lines += ["", f"投诉举报：本年收到 {report.complaints_received} 件，办结 "
              f"{report.complaints_handled} 件。"]
    return "\n".join(lines) + "\n"


def as_csv(report: AnnualReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", *HEADERS])
    for row_id, label, values in report.rows():
        writer.writerow([row_id, label.strip(), *values])
    writer.writerow(["complaints_received", "投诉举报收到", "", "", "", "", "", "",
                     report.complaints_received])
    writer.writerow(["complaints_handled", "投诉举报办结", "", "", "", "", "", "",
                     report.complaints_handled])
    return buffer.getvalue()


def as_json(report: AnnualReport) -> str:
    data = {
        "year": report.year,
        "columns": [*COLUMN_KEYS, "total"],
        "rows": [{"row": row_id, "label": label.strip(),
                  "values": dict(zip([*COLUMN_KEYS, "total"], values, strict=True))}
                 for row_id, label, values in report.rows()],
        "complaints": {"received": report.complaints_received,
                       "handled": report.complaints_handled},
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def report_year_default(today: date) -> int:
    """In January the office is writing last year's report."""
    return today.year - 1 if today.month == 1 else today.year
