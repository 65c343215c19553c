"""Staff handling through the conversation core: authorisation, the legal life cycle,
notices to residents, masking in the staff chat."""

from __future__ import annotations

import pytest

from bot.clock import FixedClock
from bot.messages import Media
from bot.services import Services
from tests.helpers import VALID_ID, Resident, file_application, fill_application, said, to_chat

STAFF, ADMIN, APPROVER, STAFF_CHAT = 500, 900, 700, -1000


STAFF_ONLY = ["/queue", "/case YSQ-2026-000001", "/assign YSQ-2026-000001 me",
              "/note YSQ-2026-000001 x", "/accept YSQ-2026-000001",
              "/correct YSQ-2026-000001 x", "/consult YSQ-2026-000001 x",
              "/resume YSQ-2026-000001", "/extend YSQ-2026-000001 5 x",
              "/answer YSQ-2026-000001 1 x", "/close YSQ-2026-000001",
              "/progress TS-2026-000001", "/resolve TS-2026-000001 resolved x", "/outcomes",
              "/questions", "/reply Q-2026-000001 x", "/reload", "/unanswered"]


@pytest.mark.parametrize("command", STAFF_ONLY)
def test_staff_and_admin_commands_look_unknown_to_residents(services: Services,
                                                            command: str) -> None:
    file_application(services)
    resident = Resident(services.assistant, 42)
    resident.say(command)
    assert said("unknown_command") in resident.text
    [case] = services.repo.list_cases()
    assert case.status == "received" and case.assigned_to is None
    assert len(services.repo.case_events(case.id)) == 1


@pytest.mark.parametrize("action", ["view", "take", "accept", "resume", "close", "progress"])
def test_forged_staff_buttons_do_nothing(services: Services, action: str) -> None:
    _, number = file_application(services)
    resident = Resident(services.assistant, 43)
    assert resident.press(f"s:{action}:{number}") == []
    [case] = services.repo.list_cases()
    assert case.status == "received" and case.assigned_to is None


def test_admin_commands_are_refused_to_plain_staff(services: Services) -> None:
    staff = Resident(services.assistant, STAFF)
    staff.say("/reload")
    assert said("unknown_command") in staff.text
    admin = Resident(services.assistant, ADMIN)
    admin.say("/queue")  # admins are staff too
    assert "待办案件" in admin.text or "没有待办" in admin.text


def test_new_case_is_posted_masked_to_the_staff_chat(services: Services) -> None:
    person = Resident(services.assistant, 42)
    fill_application(person)
    outs = person.press_label("确认提交")
    notice = to_chat(outs, STAFF_CHAT)
    assert "YSQ-2026-000001" in notice and "张*" in notice
    assert "****002X" in notice and "138****8000" in notice
    assert VALID_ID not in notice and "13812348000" not in notice
    buttons = [b.data for o in outs if o.chat_id == STAFF_CHAT for row in o.buttons for b in row]
    assert buttons == ["s:view:YSQ-2026-000001", "s:take:YSQ-2026-000001"]


def test_full_details_go_to_the_staff_members_private_chat(services: Services) -> None:
    _, number = file_application(services)
    from bot.messages import Event

    event = Event(user_id=STAFF, chat_id=STAFF_CHAT, kind="button", data=f"s:view:{number}",
                  private=False)
    reaction = services.assistant.handle(event)
    private = [o for o in reaction.messages if o.chat_id == STAFF]
    assert private and VALID_ID in private[0].text
    group = [o for o in reaction.messages if o.chat_id is None]
    assert all(VALID_ID not in o.text for o in group)


def test_application_life_cycle(services: Services, clock: FixedClock) -> None:
    resident, number = file_application(services)
    staff = Resident(services.assistant, STAFF)
    staff.say(f"/assign {number} me")
    staff.say(f"/accept {number}")
    assert "已受理" in to_chat(staff.last, 42)
    staff.say(f"/correct {number} 请写明文件的年份")
    notice = to_chat(staff.last, 42)
    assert "需要补正" in notice and "请写明文件的年份" in notice
    assert services.views.days_left(services.repo.case_by_number(number)) is None  # stopped
    clock.advance(days=5)  # 2026-12-01 (Tue)
    resident.press(f"corr:{number}")
    resident.say("是2025年的征收补偿方案")
    assert "重新计算" in resident.text
    case = services.repo.case_by_number(number)
    assert case.status == "accepted" and str(case.due_date) == "2026-12-29"
    staff.say(f"/extend {number} 10 需要调取档案馆保存的历史档案")
    assert to_chat(staff.last, 42) == ""  # nothing granted until the approver decides
    approver = Resident(services.assistant, APPROVER)
    approver.say(f"/approve {number}")
    # 10 working days after 12-29; 2027 is not published yet: weekdays count, less New
    # Year's Day, which fixed rules give.
    assert "2027-01-13" in to_chat(approver.last, 42)
    assert services.repo.case_by_number(number).due_provisional is True
    staff.say(f"/extend {number} 5 再延一次需要更多时间调取")
    assert "不能再次延长" in staff.text
    staff.say(f"/answer {number} 2 article=15 部分内容涉及个人隐私，已作区分处理。")
    answer = to_chat(staff.last, 42)
    assert "部分公开" in answer and "区分处理" in answer
    staff.say(f"/close {number}")
    case = services.repo.case_by_number(number)
    assert case.status == "closed" and case.outcome == "2"
    actions = [e.action for e in services.repo.case_events(case.id)]
    assert actions == ["submitted", "assigned", "accepted", "correction_requested",
                       "corrected", "extension_requested", "extended", "answered", "closed"]


def test_consultation_pauses_the_clock(services: Services, clock: FixedClock) -> None:
    _, number = file_application(services)
    staff = Resident(services.assistant, STAFF)
    staff.say(f"/accept {number}")
    before = str(services.repo.case_by_number(number).due_date)
    staff.say(f"/consult {number} 征求第三方意见")
    clock.advance(days=7)  # Thu 11-26 -> Thu 12-03: five working days paused
    staff.say(f"/resume {number}")
    after = str(services.repo.case_by_number(number).due_date)
    assert (before, after) == ("2026-12-24", "2026-12-31")


def test_invalid_moves_are_explained(services: Services) -> None:
    _, number = file_application(services)
    staff = Resident(services.assistant, STAFF)
    staff.say(f"/answer {number} 9.9 x")
    assert "/outcomes" in staff.text
    staff.say(f"/resume {number}")
    assert "不能执行此操作" in staff.text
    staff.say("/answer")
    assert "用法" in staff.text
    staff.say("/case YSQ-2026-999999")
    assert "没有编号" in staff.text


def test_correction_after_seven_working_days_is_refused(services: Services,
                                                        clock: FixedClock) -> None:
    _, number = file_application(services)
    clock.advance(days=14)
    staff = Resident(services.assistant, STAFF)
    staff.say(f"/correct {number} 请补充")
    assert "第三十条" in staff.text
    assert services.repo.case_by_number(number).status == "received"


def test_missed_correction_deadline_is_a_withdrawal(services: Services,
                                                    clock: FixedClock) -> None:
    _, number = file_application(services)
    staff = Resident(services.assistant, STAFF)
    staff.say(f"/correct {number} 请补充文件名称")
    clock.advance(days=40)
    notices = services.workflow.expire_corrections()
    assert notices and "视为放弃" in notices[0].text
    case = services.repo.case_by_number(number)
    assert case.status == "withdrawn" and case.outcome == "6.1"


def test_queue_orders_overdue_first(services: Services, clock: FixedClock) -> None:
    _, first = file_application(services, 1)
    clock.advance(days=20)
    _, second = file_application(services, 2)
    clock.advance(days=20)
    staff = Resident(services.assistant, STAFF)
    staff.say("/queue")
    lines = [line for line in staff.text.splitlines() if line.startswith("•")]
    assert first in lines[0] and "已逾期" in lines[0]
    assert second in lines[1]


def test_complaint_handling_and_resident_notice(services: Services) -> None:
    person = Resident(services.assistant, 42)
    person.say("/complain")
    person.press_label("同意")
    person.press_label("廉政")
    person.press_label("跳过")
    person.say("某科室工作人员办事要求送礼，否则拖着不办，已经两个月了")
    person.press_label("跳过")
    person.send_media(Media("photo", "PHOTO-EVIDENCE", "image/jpeg", 1000))
    person.press_label("完成")
    person.press_label("实名")
    person.say("王五")
    person.say("13912345678")
    person.press_label("确认提交")
    number = services.repo.list_cases()[-1].number
    staff = Resident(services.assistant, STAFF)
    staff.say(f"/case {number}")
    assert [(o.file_id, o.file_kind) for o in staff.last if o.file_id] == [
        ("PHOTO-EVIDENCE", "photo")]  # evidence re-sent by its Telegram file id
    staff.say(f"/progress {number}")
    staff.say(f"/resolve {number} resolved 已核实并严肃处理相关人员。")
    assert "已办结" in to_chat(staff.last, 42)
    assert services.repo.case_by_number(number).status == "resolved"


def test_reply_to_a_left_question(services: Services) -> None:
    person = Resident(services.assistant, 42)
    person.press("leave")
    outs = person.say("图书馆周末开门吗")
    number = person.text.split("编号 ")[1].split("。")[0]
    assert f"/reply {number}" in to_chat(outs, STAFF_CHAT)
    staff = Resident(services.assistant, STAFF)
    staff.say("/questions")
    assert number in staff.text and "图书馆周末开门吗" in staff.text
    staff.say(f"/reply {number} 周末照常开放。")
    assert "周末照常开放" in to_chat(staff.last, 42)
    staff.say("/questions")
    assert "没有待答复" in staff.text
