"""The annual report's tables that case records can fill, in the national format of
2021 (国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》):

- 三、收到和处理政府信息公开申请情况: rows in the template's order and hierarchy (the
  first-level item, the outcome group, the numbered outcome), columns by applicant
  (natural persons; legal persons or other organisations: businesses, research bodies,
  public-interest organisations, legal-service bodies, others; total);
- 四、政府信息公开行政复议、行政诉讼情况: reconsideration, lawsuits without and after
  reconsideration, each as upheld / corrected / other / pending / total;
- 六、其他需要报告的事项: the information-processing fees noticed and collected.

A case counts as new in the year of its receipt date (Art. 31), is handled in the year it
was answered (or withdrawn), and is carried over while unanswered: one received last
year (including cases imported as carried over) and answered this year is row 二 and
counted in this year's outcomes.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.clock import OFFICE_ZONE
from bot.i18n import default_catalogue
from bot.staff.outcomes import (
    APPLICANT_COLUMNS,
    GROUP_NUMBERS,
    OUTCOMES,
    column_label,
    group_label,
    outcome_label,
)
from bot.store import Repository
from bot.store.records import CaseRecord

COLUMN_KEYS = list(APPLICANT_COLUMNS)
RESULTS = ("upheld", "corrected", "other", "pending")  # 结果维持, 结果纠正, 其他结果, 尚未审结
REMEDY_BLOCKS = ("review", "direct_lawsuit", "lawsuit_after_review")


def template_text(key: str, **values: object) -> str:
    """The report's labels: the national template's own Chinese words (bot/locales),
    whatever the reader's language; the DOCX report uses them too."""
    return default_catalogue().get("zh", key, **values)


_t = template_text  # the many labels below


def _outcome_label(code: str) -> str:
    """The template's own words: the group for (一)/(二), the numbered item below a group."""
    if code == "1":
        return group_label("1")
    if code == "2":
        return group_label("2").split("）", 1)[0] + "）" + outcome_label("2")
    index = code.split(".")[1]
    return f"{index}.{outcome_label(code).split('：', 1)[1]}"


def template_rows() -> list[tuple[str, str, str, str]]:
    """(row id, first level, second level, third level), as the 2021 template lays out
    table 三."""
    handled = _t("report.handled")
    rows = [("new", _t("report.row.new"), "", ""),
            ("carried_over", _t("report.row.carried_over"), "", "")]
    for code in OUTCOMES:
        if code in ("1", "2"):
            rows.append((code, handled, _outcome_label(code), ""))
        else:
            rows.append((code, handled, group_label(code.split(".")[0]), _outcome_label(code)))
    rows.append(("total", handled, _t("report.row.total"), ""))
    rows.append(("carried_forward", _t("report.row.carried_forward"), "", ""))
    return rows


@dataclass
class AnnualReport:
    year: int
    new: Counter[str] = field(default_factory=Counter)
    carried_over: Counter[str] = field(default_factory=Counter)
    outcomes: dict[str, Counter[str]] = field(
        default_factory=lambda: {code: Counter() for code in OUTCOMES})
    carried_forward: Counter[str] = field(default_factory=Counter)
    remedies: dict[str, Counter[str]] = field(
        default_factory=lambda: {block: Counter() for block in REMEDY_BLOCKS})
    fees_noticed: int = 0
    fees_noticed_amount: int = 0
    fees_paid: int = 0
    fees_paid_amount: int = 0
    carried_fee_notices: int = 0  # notices of an earlier year paid in this one
    complaints_received: int = 0
    complaints_handled: int = 0

    @property
    def handled(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counts in self.outcomes.values():
            total.update(counts)
        return total

    def group_total(self, group: str) -> Counter[str]:
        total: Counter[str] = Counter()
        for code, counts in self.outcomes.items():
            if code.split(".")[0] == group:
                total.update(counts)
        return total

    def _counts(self, row_id: str) -> Counter[str]:
        named = {"new": self.new, "carried_over": self.carried_over, "total": self.handled,
                 "carried_forward": self.carried_forward}
        return named[row_id] if row_id in named else self.outcomes[row_id]

    def cells(self) -> list[tuple[str, list[str], list[int]]]:
        """Table 三 as the template lays it out: (row id, its three label levels, counts
        per column + total)."""
        found = []
        for row_id, *levels in template_rows():
            values = [self._counts(row_id).get(key, 0) for key in COLUMN_KEYS]
            found.append((row_id, levels, [*values, sum(values)]))
        return found

    def rows(self) -> list[tuple[str, str, list[int]]]:
        """(row id, label with its hierarchy, counts per column + total) of table 三."""
        return [(row_id, " ".join(level for level in levels if level), values)
                for row_id, levels, values in self.cells()]

    def remedy_rows(self) -> list[tuple[str, str, list[int]]]:
        """Table 四: each block's results and total."""
        found = []
        for block in REMEDY_BLOCKS:
            values = [self.remedies[block].get(result, 0) for result in RESULTS]
            found.append((block, _t(f"report.block.{block}"), [*values, sum(values)]))
        return found

    def check(self) -> list[str]:
        """The tables' own arithmetic: what came in equals what went out plus what is
        carried forward, in every column; totals are the sums of their parts."""
        problems = []
        handled = self.handled
        for key in COLUMN_KEYS:
            came = self.new[key] + self.carried_over[key]
            went = handled[key] + self.carried_forward[key]
            if came != went:
                problems.append(f"{key}: {came} in, {went} out")
        groups_total = sum(sum(self.group_total(g).values()) for g in GROUP_NUMBERS)
        if groups_total != sum(handled.values()):
            problems.append(f"outcome groups add up to {groups_total}, not "
                            f"{sum(handled.values())}")
        if self.fees_paid > self.fees_noticed + self.carried_fee_notices:
            problems.append("more fees paid than noticed")
        return problems


def _year(moment: object) -> int | None:
    return moment.astimezone(OFFICE_ZONE).year if isinstance(moment, datetime) else None


def _count_case(report: AnnualReport, case: CaseRecord, year: int) -> None:
    submitted = _year(case.received_at)
    answered = _year(case.answered_at)
    assert submitted is not None
    column = case.applicant_type if case.applicant_type in COLUMN_KEYS else "natural"
    if submitted > year:
        return
    if submitted == year:
        report.new[column] += 1
    elif answered is None or answered >= year:
        report.carried_over[column] += 1
    else:
        return  # handled in an earlier year: not part of this year's table
    if answered == year and case.outcome in OUTCOMES:
        report.outcomes[case.outcome][column] += 1
    elif answered is None or answered > year:
        report.carried_forward[column] += 1


def annual_report(repo: Repository, year: int) -> AnnualReport:
    report = AnnualReport(year)
    for case in repo.list_cases():
        if case.kind == "complaint":
            report.complaints_received += int(_year(case.received_at) == year)
            report.complaints_handled += int(_year(case.answered_at) == year)
            continue
        _count_case(report, case, year)
        _count_fees_and_remedies(report, repo, case, year)
    return report


def _count_fees_and_remedies(report: AnnualReport, repo: Repository, case: CaseRecord,
                             year: int) -> None:
    if case.fee_amount is None and not (case.review_result or case.lawsuit_result):
        return
    events = repo.case_events(case.id)
    noticed = [e for e in events if e.action == "fee_charged"]
    if noticed and _year(noticed[-1].at) == year and case.fee_amount is not None:
        report.fees_noticed += 1
        report.fees_noticed_amount += case.fee_amount
    if case.fee_paid_on is not None and case.fee_paid_on.year == year:
        report.fees_paid += 1
        report.fees_paid_amount += case.fee_amount or 0
        if noticed and _year(noticed[-1].at) != year:
            report.carried_fee_notices += 1
    recorded = [e for e in events if e.action == "remedy_recorded"]
    if recorded and _year(recorded[-1].at) == year:
        if case.review_result in RESULTS:
            report.remedies["review"][case.review_result] += 1
        if case.lawsuit_result in RESULTS:
            block = "lawsuit_after_review" if case.lawsuit_after_review else "direct_lawsuit"
            report.remedies[block][case.lawsuit_result] += 1


def report_headers() -> list[str]:
    """Table 三's columns: the applicant types and the total."""
    return [*(_t("report.legal_person", label=column_label(key)) if key != "natural"
              else column_label(key) for key in APPLICANT_COLUMNS), _t("report.total")]


def result_labels() -> list[str]:
    return [*(_t(f"report.result.{result}") for result in RESULTS), _t("report.total")]


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def as_markdown(report: AnnualReport) -> str:
    headers, results = report_headers(), result_labels()
    lines = [f"# {_t('report.title', year=report.year)}", "",
             f"## {_t('report.table3')}", "",
             _md_row([_t("report.table3_note"), "", "", *headers]),
             "|---|---|---|" + "---:|" * len(headers)]
    for _, levels, values in report.cells():
        lines.append(_md_row([*levels, *(str(v) for v in values)]))
    lines += ["", f"## {_t('report.table4')}", "",
              _md_row(["", *results]), "|---|" + "---:|" * len(results)]
    for _, label, values in report.remedy_rows():
        lines.append(_md_row([label, *(str(v) for v in values)]))
    lines += ["", f"## {_t('report.table6')}", "",
              _t("report.fees_text", noticed=report.fees_noticed,
                 noticed_amount=report.fees_noticed_amount, paid=report.fees_paid,
                 paid_amount=report.fees_paid_amount), "",
              _t("report.complaints_text", received=report.complaints_received,
                 handled=report.complaints_handled)]
    return "\n".join(lines) + "\n"


def as_csv(report: AnnualReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "level1", "level2", "level3", *report_headers()])
    for row_id, levels, values in report.cells():
        writer.writerow([row_id, *levels, *values])
    for block, label, values in report.remedy_rows():
        writer.writerow([block, _t("report.table4"), label, "", *values])
    table6, complaints = _t("report.table6"), _t("report.complaints")
    writer.writerow(["fees_noticed", table6, _t("report.fees_noticed"), "",
                     report.fees_noticed, report.fees_noticed_amount])
    writer.writerow(["fees_paid", table6, _t("report.fees_paid"), "",
                     report.fees_paid, report.fees_paid_amount])
    writer.writerow(["complaints_received", complaints, _t("report.complaints_received"), "",
                     report.complaints_received])
    writer.writerow(["complaints_handled", complaints, _t("report.complaints_handled"), "",
                     report.complaints_handled])
    return buffer.getvalue()


def as_json(report: AnnualReport) -> str:
    columns = [*COLUMN_KEYS, "total"]
    data = {
        "year": report.year,
        "columns": columns,
        "rows": [{"row": row_id, "label": label,
                  "values": dict(zip(columns, values, strict=True))}
                 for row_id, label, values in report.rows()],
        "remedies": {block: dict(zip([*RESULTS, "total"], values, strict=True))
                     for block, _, values in report.remedy_rows()},
        "fees": {"noticed": report.fees_noticed, "noticed_amount": report.fees_noticed_amount,
                 "paid": report.fees_paid, "paid_amount": report.fees_paid_amount},
        "complaints": {"received": report.complaints_received,
                       "handled": report.complaints_handled},
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def report_year_default(today: date) -> int:
    """In January the office is writing last year's report."""
    return today.year - 1 if today.month == 1 else today.year
