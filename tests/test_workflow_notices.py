"""What residents are told beyond the desk's moves: the overdue notice, withdrawal from
the bot, fees by the official tiers, complaints' basis and next steps, and the
provisional mark that no notice drops."""

from __future__ import annotations

import pytest

from bot.clock import FixedClock
from bot.services import Services
from bot.staff.fees import FeeMethod, fee, fee_for_pages, fee_for_piece
from bot.staff.workflow import WorkflowError
from tests.helpers import Resident, file_application, said, to_chat

STAFF = 500


def test_the_resident_is_told_once_when_the_reply_period_passed(services: Services,
                                                                clock: FixedClock) -> None:
    file_application(services)
    assert services.workflow.overdue_notices() == []  # not yet due
    clock.advance(days=30)  # due 2026-12-24 has passed
    [notice] = services.workflow.overdue_notices()
    assert notice.chat_id == 42 and "2026-12-24" in notice.text
    assert "第四十七条" in notice.text and "行政复议" in notice.text
    assert services.workflow.overdue_notices() == []  # once


def test_paused_or_answered_cases_get_no_overdue_notice(services: Services,
                                                        clock: FixedClock) -> None:
    _, paused = file_application(services, 42)
    _, answered = file_application(services, 43)
    services.workflow.accept(paused, STAFF)
    services.workflow.consult(paused, STAFF, "某某置业有限公司", "涉及其商业秘密")
    services.workflow.answer(answered, STAFF, "1", "所申请的文件见附件")
    clock.advance(days=60)
    assert services.workflow.overdue_notices() == []


def test_the_applicant_withdraws_from_status(services: Services) -> None:
    person, number = file_application(services)
    person.say(f"/status {number}")
    person.press_label("撤回")
    assert number in person.text and said("withdraw.ask") in person.text
    assert services.repo.case_by_number(number).status == "received"  # asked, not done
    outs = person.press_label("确定撤回")
    assert said("notify.withdrawn_by_applicant") in to_chat(outs, 42)
    case = services.repo.case_by_number(number)
    assert case.status == "withdrawn" and case.outcome == "6.3"
    person.say(f"/status {number}")
    assert "撤回" not in [label for label, _ in person.buttons()]
    assert not [data for _, data in person.buttons() if data.startswith("wd")]


def test_someone_else_cannot_withdraw_a_case(services: Services) -> None:
    _, number = file_application(services)
    other = Resident(services.assistant, 77)
    other.press(f"wdy:{number}")
    assert services.repo.case_by_number(number).status == "received"


@pytest.mark.parametrize(("nth", "yuan"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200),
                                           (40, 200), (41, 300), (55, 400)])
def test_fees_by_application_count(nth: int, yuan: int) -> None:
    assert fee_for_piece(nth) == yuan


@pytest.mark.parametrize(("pages", "yuan"), [(30, 0), (31, 10), (100, 700), (101, 720),
                                             (200, 2700), (201, 2740), (250, 4700)])
def test_fees_by_volume(pages: int, yuan: int) -> None:
    assert fee_for_pages(pages) == yuan


def test_a_fee_stops_the_clock_until_paid(services: Services, clock: FixedClock) -> None:
    _, number = file_application(services)
    with pytest.raises(ValueError):
        fee(FeeMethod.PAGES, 0)
    told = to_chat(services.workflow.charge_fee(number, STAFF, "pages", 150), 42)
    assert "1700" in told and "2026-12-24" in told  # 20 working days to pay
    case = services.repo.case_by_number(number)
    assert services.views.days_left(case) is None  # the clock stands still
    clock.advance(days=7)  # 5 working days
    told = to_chat(services.workflow.record_payment(number, STAFF), 42)
    assert "2026-12-31" in told  # due 12-24 + 5 paused working days
    with pytest.raises(WorkflowError):
        services.workflow.charge_fee(number, STAFF, "pages", 150)  # one fee notice


def test_complaints_cite_their_basis_and_results_give_next_steps(services: Services) -> None:
    person = Resident(services.assistant, 42)
    person.say("/complain")
    person.press_label("同意")
    person.press_label("信息公开")
    person.press_label("跳过")
    person.say("申请政府信息公开超过二十个工作日没有任何答复，电话也没有人接听")
    person.press_label("跳过")
    person.press_label("完成")
    person.press_label("匿名")
    person.press_label("确认提交")
    assert "第五十一条" in person.text
    number = services.repo.list_cases()[-1].number
    done = to_chat(services.workflow.finish_complaint(number, STAFF, "resolved",
                                                      "已督促承办科室答复"), 42)
    assert "已督促承办科室答复" in done and "上一级行政机关" in done and "第五十一条" in done


def test_notices_keep_the_provisional_mark(services: Services, clock: FixedClock) -> None:
    clock.advance(days=24)  # Sun 12-20: the period reaches into unpublished 2027
    _, number = file_application(services)
    mark = services.texts.get("zh", "status.provisional")
    assert mark in to_chat(services.workflow.accept(number, STAFF), 42)
    services.workflow.consult(number, STAFF, "某某置业有限公司", "涉及其商业秘密")
    assert mark in to_chat(services.workflow.resume(number, STAFF), 42)
