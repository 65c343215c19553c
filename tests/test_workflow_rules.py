"""The Regulations' rules for handling a case, each broken on purpose and refused
(issue 12, rules 1-9). The clock starts on Thursday 2026-11-26 in Beijing."""

from __future__ import annotations

from datetime import date

import pytest

from bot.clock import FixedClock
from bot.services import Services
from bot.staff.states import Action, allowed_actions
from bot.staff.workflow import WorkflowError
from tests.helpers import Resident, file_application, to_chat

STAFF, OTHER_STAFF, APPROVER, STAFF_CHAT = 500, 501, 700, -1000


def refused(key: str, move: object, *args: object, **kwargs: object) -> None:
    with pytest.raises(WorkflowError) as caught:
        move(*args, **kwargs)  # type: ignore[operator]
    assert caught.value.key == key


def events(services: Services, number: str) -> list[str]:
    case = services.repo.case_by_number(number)
    assert case is not None
    return [e.action for e in services.repo.case_events(case.id)]


def case_of(services: Services, number: str):  # type: ignore[no-untyped-def]
    case = services.repo.case_by_number(number)
    assert case is not None
    return case


# 1. extensions ---------------------------------------------------------------------
def test_an_extension_after_the_period_ended_is_refused(services: Services,
                                                        clock: FixedClock) -> None:
    _, number = file_application(services)
    services.workflow.accept(number, STAFF)
    clock.advance(days=60)  # two months: due 2026-12-24 is long past
    refused("staff.extension_too_late", services.workflow.request_extension, number, STAFF,
            20, "需要调取档案馆的历史档案")
    assert "extension_requested" not in events(services, number)


def test_an_extension_is_requested_by_staff_and_decided_by_an_approver(
        services: Services) -> None:
    _person, number = file_application(services)
    services.workflow.accept(number, STAFF)
    asked = services.workflow.request_extension(number, STAFF, 10, "需要调取档案馆的历史档案")
    assert [o.chat_id for o in asked] == [APPROVER]  # the approver is asked, no one else
    assert case_of(services, number).due_date == date(2026, 12, 24)  # nothing granted yet
    refused("staff.not_approver", services.workflow.approve_extension, number, OTHER_STAFF)
    refused("staff.extension_pending", services.workflow.request_extension, number, STAFF,
            5, "再延长五个工作日以便核对")
    told = services.workflow.approve_extension(number, APPROVER)
    assert "2027-01-08" in to_chat(told, 42)  # 10 working days after 12-24
    case = case_of(services, number)
    assert case.extended and case.extension_days == 10
    trail = [(e.action, e.actor) for e in services.repo.case_events(case.id)]
    assert ("extension_requested", "staff:500") in trail and ("extended", "staff:700") in trail
    refused("staff.already_extended", services.workflow.request_extension, number, STAFF, 5,
            "再延长五个工作日以便核对")


def test_a_rejected_extension_is_recorded_and_the_requester_told(services: Services) -> None:
    _, number = file_application(services)
    services.workflow.request_extension(number, STAFF, 10, "需要调取档案馆的历史档案")
    told = services.workflow.reject_extension(number, APPROVER, "可以按期答复")
    assert [o.chat_id for o in told] == [STAFF] and "可以按期答复" in told[0].text
    case = case_of(services, number)
    assert not case.extended and not case.extension_pending
    assert events(services, number)[-1] == "extension_rejected"


def test_an_approval_after_the_period_ended_is_refused(services: Services,
                                                      clock: FixedClock) -> None:
    _, number = file_application(services)
    services.workflow.request_extension(number, STAFF, 10, "需要调取档案馆的历史档案")
    clock.advance(days=40)
    refused("staff.extension_too_late", services.workflow.approve_extension, number,
            APPROVER)
    assert not case_of(services, number).extended


# 2. one correction, the receipt date kept ----------------------------------------------
def test_a_second_correction_request_is_refused(services: Services,
                                                clock: FixedClock) -> None:
    person, number = file_application(services)
    services.workflow.request_correction(number, STAFF, "请写明文件的年份")
    clock.advance(days=1)
    person.press(f"corr:{number}")
    person.say("是2025年的征收补偿方案")
    assert Action.CORRECT not in allowed_actions(case_of(services, number))
    refused("staff.correction_once", services.workflow.request_correction, number, STAFF,
            "请再写明文号")


def test_the_original_receipt_date_stays_beside_the_restart(services: Services,
                                                           clock: FixedClock) -> None:
    person, number = file_application(services)
    received = case_of(services, number).received_at
    services.workflow.request_correction(number, STAFF, "请写明文件的年份")
    clock.advance(days=5)  # Tue 12-01
    person.press(f"corr:{number}")
    person.say("是2025年的征收补偿方案")
    case = case_of(services, number)
    assert case.received_at == received and case.restarted_at is not None
    assert case.due_date == date(2026, 12, 29)  # 20 working days from the restart
    person.say(f"/status {number}")
    assert "2026-11-26 10:00" in person.text and "2026-12-01" in person.text
    [detail, *_] = services.views.detail(case, "zh")
    assert "2026-11-26 10:00" in detail.text and "2026-12-01" in detail.text


def test_a_late_correction_is_refused_before_the_daily_job_runs(services: Services,
                                                                clock: FixedClock) -> None:
    person, number = file_application(services)
    services.workflow.request_correction(number, STAFF, "请写明文件的年份")
    person.press(f"corr:{number}")  # the resident starts the correction in time...
    clock.advance(days=22)  # ...and sends it after the 15 working days (12-17) passed
    too_late = services.texts.get("zh", "correction.too_late", deadline="2026-12-17")
    person.say("是2025年的征收补偿方案")
    assert person.text == too_late
    person.press(f"corr:{number}")
    assert person.text == too_late
    refused("correction.too_late", services.workflow.corrected, number, 42, "是2025年的方案")
    case = case_of(services, number)
    assert case.status == "correction" and case.restarted_at is None


# 3. paused clocks -----------------------------------------------------------------------
def test_a_paused_case_is_shown_paused_not_overdue(services: Services,
                                                   clock: FixedClock) -> None:
    _, number = file_application(services)
    services.workflow.accept(number, STAFF)
    services.workflow.consult(number, STAFF, "某某置业有限公司", "涉及其商业秘密")
    clock.advance(days=60)
    staff = Resident(services.assistant, STAFF)
    staff.say("/queue")
    line = next(line for line in staff.text.splitlines() if number in line)
    assert "已逾期" not in line and "暂停计时" in line and "2026-11-26" in line
    reminder = services.views.reminder()
    assert reminder is not None
    assert "已逾期" not in reminder.text and "某某置业有限公司" in reminder.text


def test_consultation_records_the_party_and_its_fifteen_working_days(
        services: Services) -> None:
    _, number = file_application(services)
    services.workflow.accept(number, STAFF)
    refused("staff.need_party", services.workflow.consult, number, STAFF, " ", "")
    services.workflow.consult(number, STAFF, "某某置业有限公司", "涉及其商业秘密")
    case = case_of(services, number)
    assert case.consult_party == "某某置业有限公司"
    assert case.consult_due == date(2026, 12, 17)  # 15 working days after 11-26
    assert services.views.reminder() is None  # not yet within 3 working days


def test_an_extension_granted_during_a_pause_gives_the_real_date(services: Services,
                                                                 clock: FixedClock) -> None:
    _person, number = file_application(services)
    services.workflow.accept(number, STAFF)
    services.workflow.consult(number, STAFF, "某某置业有限公司", "涉及其商业秘密")
    clock.advance(days=7)  # Thu 12-03: five working days paused
    services.workflow.request_extension(number, STAFF, 10, "需要调取档案馆的历史档案")
    told = to_chat(services.workflow.approve_extension(number, APPROVER), 42)
    assert "10" in told and "2026-12-24" not in told and "2027" not in told
    resumed = to_chat(services.workflow.resume(number, STAFF), 42)
    # 12-24 + 5 paused working days = 12-31, + 10 extension days = 2027-01-15
    assert "2027-01-15" in resumed
    assert case_of(services, number).due_date == date(2027, 1, 15)


# 4. answered cases ----------------------------------------------------------------------
def test_answered_cases_show_the_answer_date_and_whether_on_time(
        services: Services, clock: FixedClock) -> None:
    _, on_time = file_application(services, 42)
    _, late = file_application(services, 43)
    clock.advance(days=3)
    services.workflow.answer(on_time, STAFF, "1", "您申请的文件见附件")
    clock.advance(days=60)
    services.workflow.answer(late, STAFF, "1", "您申请的文件见附件")
    assert "在期限内" in services.views.when(case_of(services, on_time), "zh")
    when_late = services.views.when(case_of(services, late), "zh")
    assert "超过期限" in when_late and "已逾期" not in when_late
    resident = Resident(services.assistant, 42)
    resident.say(f"/status {on_time}")
    assert "2026-11-29" in resident.text and "在期限内" in resident.text


# 5. outcomes checked ---------------------------------------------------------------------
def test_outcomes_that_do_not_fit_are_refused(services: Services) -> None:
    _, number = file_application(services)
    workflow = services.workflow
    refused("staff.outcome_needs_expired_correction", workflow.answer, number, STAFF, "6.1",
            "逾期未补正")
    refused("staff.outcome_needs_reason", workflow.answer, number, STAFF, "3.1", "x",
            article="14")
    refused("staff.outcome_needs_article", workflow.answer, number, STAFF, "3.4",
            "涉及第三方的商业秘密，第三方不同意公开")
    refused("staff.outcome_needs_agency", workflow.answer, number, STAFF, "4.1",
            "本机关不掌握该信息")
    refused("staff.outcome_needs_unpaid_fee", workflow.answer, number, STAFF, "6.2", "未缴费")
    refused("staff.outcome_needs_correction", workflow.answer, number, STAFF, "4.3",
            "补正后仍然无法确定所需信息的范围")
    assert case_of(services, number).status == "received"
    workflow.answer(number, STAFF, "3.4", "涉及第三方的商业秘密，第三方不同意公开",
                    article="15")
    case = case_of(services, number)
    assert case.outcome == "3.4" and case.outcome_detail == {"article": 15}


def test_not_held_here_names_the_agency_to_ask(services: Services) -> None:
    _, number = file_application(services)
    told = services.workflow.answer(number, STAFF, "4.1", "该信息由市自然资源局制作并保存",
                                    agency="平顶山市自然资源和规划局")
    assert "平顶山市自然资源和规划局" in to_chat(told, 42)


# 6. amend and reopen ---------------------------------------------------------------------
def test_an_amendment_needs_a_reason_and_tells_the_resident_what_changed(
        services: Services) -> None:
    _, number = file_application(services)
    services.workflow.answer(number, STAFF, "1", "您申请的文件见附件")
    refused("staff.need_reason", services.workflow.amend, number, STAFF, "4.1", "", "错了")
    told = services.workflow.amend(number, STAFF, "4.1", "经检索本机关没有该信息",
                                   "误选为予以公开，实际经检索没有该信息", agency="none")
    assert "更正" in to_chat(told, 42)
    case = case_of(services, number)
    assert case.outcome == "4.1" and events(services, number)[-1] == "amended"
    # A correction of the record that changes nothing the resident was told: no notice.
    assert services.workflow.amend(number, STAFF, "4.1", "", "补充记录更正依据，内容不变",
                                   agency="none") == []


def test_reopening_needs_a_decision_and_a_closed_case(services: Services,
                                                      clock: FixedClock) -> None:
    _, number = file_application(services)
    refused("staff.wrong_status", services.workflow.reopen, number, STAFF, "reconsideration",
            "平政复决〔2026〕12号")
    services.workflow.answer(number, STAFF, "3.6", "属于过程性信息，依法不予公开",
                             article="16")
    services.workflow.close(number, STAFF)
    refused("staff.reopen_ground", services.workflow.reopen, number, STAFF, "because", "x")
    clock.advance(days=30)
    told = services.workflow.reopen(number, STAFF, "reconsideration", "平政复决〔2026〕12号")
    case = case_of(services, number)
    assert case.status == "accepted" and case.outcome is None
    # Reopened Sat 12-26: 20 working days, New Year's Day off, to Mon 2027-01-25.
    assert case.due_date == date(2027, 1, 25) and "2027-01-25" in to_chat(told, 42)


# 7. staff are not rate-limited -------------------------------------------------------------
def test_staff_bursts_are_never_limited_or_dropped(services: Services) -> None:
    staff = Resident(services.assistant, STAFF)
    for _ in range(30):
        assert staff.say("/queue"), "a staff command went unanswered"
        assert "稍等" not in staff.text
    resident = Resident(services.assistant, 42)
    replies = [resident.say("/help") for _ in range(21)]
    assert "稍等" in "\n".join(o.text for o in replies[20])  # residents still are limited


# 8. twice, assignment and names ------------------------------------------------------------
def test_a_second_reply_to_a_left_question_is_refused(services: Services) -> None:
    person = Resident(services.assistant, 42)
    person.press("leave")
    person.say("图书馆周末开门吗")
    number = services.repo.open_staff_questions()[0]["number"]
    staff = Resident(services.assistant, STAFF)
    staff.say(f"/reply {number} 周末照常开放。")
    other = Resident(services.assistant, OTHER_STAFF)
    outs = other.say(f"/reply {number} 周末不开放。")
    assert to_chat(outs, 42) == ""  # the resident is not answered twice
    assert other.text == services.texts.get("zh", "staff.question_answered", number=number)
    assert services.repo.staff_question(number)["answer"] == "周末照常开放。"


def test_assignment_only_to_staff_who_are_told_and_no_silent_takeover(
        services: Services) -> None:
    _, number = file_application(services)
    refused("staff.assignee_not_staff", services.workflow.assign, number, STAFF, 424242)
    told = services.workflow.assign(number, STAFF, OTHER_STAFF)
    assert [o.chat_id for o in told] == [OTHER_STAFF] and number in told[0].text
    staff = Resident(services.assistant, STAFF)
    staff.press(f"s:take:{number}")
    assert case_of(services, number).assigned_to == OTHER_STAFF
    assert "/assign" in staff.notice
    told = services.workflow.assign(number, STAFF, STAFF)  # an explicit reassignment
    assert [o.chat_id for o in told] == [OTHER_STAFF]  # the previous holder is told


def test_staff_are_shown_by_name(services: Services) -> None:
    _, number = file_application(services)
    from bot.messages import Event

    services.assistant.handle(Event(user_id=OTHER_STAFF, chat_id=OTHER_STAFF, kind="command",
                                    command="queue", first_name="李娜", username="lina"))
    services.workflow.assign(number, STAFF, OTHER_STAFF)
    staff = Resident(services.assistant, STAFF)
    staff.say("/queue")
    assert "李娜 (@lina)" in staff.text and str(OTHER_STAFF) not in staff.text


# 9. language and privacy of notices ---------------------------------------------------------
def test_notices_follow_the_language_the_resident_chose_last(services: Services) -> None:
    person, number = file_application(services)
    person.say("/lang en")
    told = to_chat(services.workflow.request_correction(number, STAFF, "请写明文件的年份"), 42)
    assert "Original (Chinese)" in told and "请写明文件的年份" in told
    assert "correct" in told.lower() and "需要补正" not in told


def test_internal_events_stay_out_of_the_residents_status(services: Services) -> None:
    person, number = file_application(services)
    services.workflow.assign(number, STAFF, OTHER_STAFF)
    services.workflow.note(number, STAFF, "已电话联系申请人")
    services.workflow.request_extension(number, STAFF, 10, "需要调取档案馆的历史档案")
    person.say(f"/status {number}")
    for internal in ("分派", "备注", "已电话联系", "待审批"):
        assert internal not in person.text


def test_residents_read_plain_words_not_the_report_wording(services: Services) -> None:
    _, number = file_application(services)
    told = to_chat(services.workflow.answer(
        number, STAFF, "2", "部分内容涉及个人隐私，已作区分处理", article="15"), 42)
    assert "只计这一情形" not in told and "部分公开" in told


# the store ----------------------------------------------------------------------------------
def test_a_case_change_and_its_event_are_one_transaction(services: Services,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from sqlite_utils.db import Table

    _, number = file_application(services)
    original = Table.insert

    def failing_insert(self: Table, *args: object, **kwargs: object) -> object:
        if self.name == "case_events":
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Table, "insert", failing_insert)
    with pytest.raises(RuntimeError):
        services.workflow.accept(number, STAFF)
    monkeypatch.undo()
    case = case_of(services, number)
    assert case.status == "received" and events(services, number) == ["submitted"]
    with pytest.raises(ValueError):
        services.repo._change((), case.id, "staff:500", "accepted", extra_column=1)
