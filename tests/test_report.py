"""The annual report on a seeded data set whose answers are known by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.clock import FixedClock, to_iso
from bot.services import Services
from bot.staff.report import annual_report, as_csv, as_json, as_markdown


def seed(services: Services, clock: FixedClock, kind: str, applicant: str | None,
         created: datetime, answered: datetime | None = None, outcome: str | None = None,
         status: str = "answered") -> None:
    clock.moment = created
    case, _ = services.repo.file_case(
        kind=kind, year=created.year, user_id=1, chat_id=1, lang="zh",
        applicant_type=applicant, data={"description": "x"}, received_at=to_iso(created),
        due_date="2099-01-01", due_provisional=False,
        submission_key=f"seed-{created.isoformat()}-{kind}", evidence=[], draft_form="apply")
    if answered is not None:
        clock.moment = answered
        at = to_iso(answered)
        if kind == "complaint":
            services.repo.finish_complaint(case.id, "test", status, "done", at)
        elif status == "withdrawn":
            services.repo.withdraw_case(case.id, "test", "withdrawn", outcome or "", at)
        else:
            services.repo.record_answer(case.id, "test", outcome or "", "reply", {}, at)


def d(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 4, tzinfo=UTC)


@pytest.fixture
def seeded(services: Services, clock: FixedClock) -> Services:
    seed(services, clock, "application", "natural", d(2025, 12, 20), d(2026, 1, 10), "1")
    seed(services, clock, "application", "business", d(2025, 6, 1), d(2025, 6, 10), "3.1")
    seed(services, clock, "application", "natural", d(2026, 3, 1), d(2026, 3, 20), "2")
    seed(services, clock, "application", "research", d(2026, 12, 28), d(2027, 1, 5), "4.1")
    seed(services, clock, "application", "legal_service", d(2026, 5, 1), d(2026, 6, 1), "6.1",
         status="withdrawn")
    seed(services, clock, "application", "public_interest", d(2026, 7, 1))
    seed(services, clock, "complaint", None, d(2026, 2, 1), d(2026, 2, 10), None, "resolved")
    seed(services, clock, "complaint", None, d(2026, 11, 1))
    return services


def test_table_for_2026(seeded: Services) -> None:
    table = annual_report(seeded.repo, 2026)
    rows = {row_id: values for row_id, _, values in table.rows()}
    #                      natural business research public legal other total
    assert rows["new"] == [1, 0, 1, 1, 1, 0, 4]
    assert rows["carried_over"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["1"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["2"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["6.1"] == [0, 0, 0, 0, 1, 0, 1]
    assert list(table.group_total("6").values()) == [1]  # the 6.1 case, under legal_service
    assert rows["3.1"] == [0] * 7
    assert rows["total"] == [2, 0, 0, 0, 1, 0, 3]
    assert rows["carried_forward"] == [0, 0, 1, 1, 0, 0, 2]
    assert table.check() == []
    assert (table.complaints_received, table.complaints_handled) == (2, 1)


def test_a_case_answered_in_january_counts_in_the_next_year(seeded: Services) -> None:
    table = annual_report(seeded.repo, 2027)
    rows = {row_id: values for row_id, _, values in table.rows()}
    assert rows["carried_over"] == [0, 0, 1, 1, 0, 0, 2]
    assert rows["4.1"] == [0, 0, 1, 0, 0, 0, 1]
    assert rows["carried_forward"] == [0, 0, 0, 1, 0, 0, 1]
    assert table.check() == []


def test_every_row_of_the_national_table_is_present(seeded: Services) -> None:
    ids = [row_id for row_id, _, _ in annual_report(seeded.repo, 2026).rows()]
    assert ids[:2] == ["new", "carried_over"] and ids[-2:] == ["total", "carried_forward"]
    assert len([i for i in ids if i[0].isdigit()]) == 21
    # The template has no subtotal rows: (三) to (六) head their numbered items.
    assert not [i for i in ids if i.startswith("group-")]


def test_formats(seeded: Services) -> None:
    table = annual_report(seeded.repo, 2026)
    markdown = as_markdown(table)
    assert "| 一、本年新收政府信息公开申请数量 |  |  | 1 | 0 | 1 | 1 | 1 | 0 | 4 |" in markdown
    assert "投诉举报：本年收到 2 件，办结 1 件" in markdown
    assert as_csv(table).splitlines()[1].startswith("new,")
    data = json.loads(as_json(table))
    total = next(r for r in data["rows"] if r["row"] == "total")
    assert total["values"]["total"] == 3
