"""Applications and complaints through the conversation core: validation, back, edit,
cancel, resume, idempotent confirm, deadlines on the receipt."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import FixedClock
from bot.messages import Media
from bot.services import Services, build_services
from tests.helpers import VALID_ID, Resident, begin_application, fill_application, said


def test_full_application_with_receipt_and_due_date(services: Services) -> None:
    person = Resident(services.assistant)
    fill_application(person)
    assert said("form.apply.summary") in person.text
    assert "张三" in person.text and VALID_ID in person.text
    assert services.repo.list_cases() == []  # nothing stored before confirming
    person.press_label("确认提交")
    assert "YSQ-2026-000001" in person.text
    # Received Thursday 2026-11-26; 20 working days from the next day.
    assert "2026-12-24" in person.text
    [case] = services.repo.list_cases()
    assert case.status == "received" and case.applicant_type == "natural"
    assert case.data["id_number"] == VALID_ID and "_token" not in case.data
    assert services.repo.active_drafts(42) == []
    [event] = services.repo.case_events(case.id)
    assert event.action == "submitted"


def test_invalid_fields_are_explained_and_asked_again(services: Services) -> None:
    person = Resident(services.assistant)
    begin_application(person)
    person.press_label("居民身份证")
    person.say("110105194912310021")
    assert "校验位" in person.text and "请输入 18 位居民身份证号码" in person.text
    person.say(VALID_ID)
    person.say("12345")
    assert "电话号码不对" in person.text
    person.say("１３８１２３４８０００")  # full-width digits are fine
    assert "电子邮箱" in person.text
    draft = services.repo.draft(42, "apply")
    assert draft is not None and draft["data"]["phone"] == "13812348000"


def test_without_phone_an_email_is_required(services: Services) -> None:
    person = Resident(services.assistant)
    begin_application(person)
    person.press_label("居民身份证")
    person.say(VALID_ID)
    person.press_label("跳过")
    assert "跳过" not in [label for label, _ in person.buttons()]
    person.say("zhang@example.com")
    assert "描述您要申请公开的政府信息" in person.text


def test_back_goes_to_the_previous_field(services: Services) -> None:
    person = Resident(services.assistant)
    begin_application(person)
    person.say("上一步")
    assert "请输入申请人姓名" in person.text
    person.say("李四")
    draft = services.repo.draft(42, "apply")
    assert draft is not None and draft["data"]["name"] == "李四"


def test_edit_a_field_from_the_summary_then_confirm(services: Services) -> None:
    person = Resident(services.assistant)
    fill_application(person)
    person.press_label("修改")
    person.press_label("所需信息")
    person.say("2024年新城区财政预算执行情况报告全文")
    assert said("form.apply.summary") in person.text and "2024年新城区财政预算" in person.text
    person.press_label("确认提交")
    [case] = services.repo.list_cases()
    assert case.data["description"] == "2024年新城区财政预算执行情况报告全文"


def test_changing_delivery_to_post_asks_for_address(services: Services) -> None:
    person = Resident(services.assistant)
    fill_application(person)
    person.press_label("修改")
    person.press_label("获取方式")
    person.press_label("邮寄")
    assert "邮寄地址" in person.text
    person.say("平顶山市新城区宏图路1号")
    person.say("467000")
    assert said("form.apply.summary") in person.text and "467000" in person.text


def test_cancel_midway_asks_then_stores_nothing(services: Services) -> None:
    person = Resident(services.assistant)
    begin_application(person)
    person.say("/cancel")
    assert said("form.apply.leave_confirm") in person.text
    assert len(services.repo.active_drafts(42)) == 1  # nothing lost by a slip of the thumb
    person.press_label(said("form.leave.yes"))
    assert said("form.apply.discarded") in person.text
    assert services.repo.active_drafts(42) == []
    assert services.repo.list_cases() == []


def test_cancel_then_keep_going_loses_nothing(services: Services) -> None:
    person = Resident(services.assistant)
    begin_application(person)
    draft = services.repo.draft(42, "apply")
    assert draft is not None
    person.say("/cancel")
    person.press_label(said("form.leave.no"))
    kept = services.repo.draft(42, "apply")
    assert kept is not None and kept["data"]["name"] == draft["data"]["name"]
    assert kept["step"] == draft["step"]


def test_cancel_before_anything_is_typed_just_cancels(services: Services) -> None:
    person = Resident(services.assistant)
    person.say("/apply")
    person.say("/cancel")
    assert said("cancelled") in person.text
    assert services.repo.active_drafts(42) == []


def test_declining_consent_stores_nothing(services: Services) -> None:
    person = Resident(services.assistant)
    person.say("/apply")
    person.press_label("不同意")
    assert services.repo.active_drafts(42) == []


def test_double_confirm_files_one_case(services: Services) -> None:
    person = Resident(services.assistant)
    fill_application(person)
    confirm = person.button("确认提交")
    person.press(confirm)
    person.press(confirm)
    assert "已经提交过" in person.text and "YSQ-2026-000001" in person.text
    assert len(services.repo.list_cases()) == 1


def test_draft_survives_a_restart(services: Services, settings, engine, clock) -> None:
    person = Resident(services.assistant)
    begin_application(person)
    services.close()
    restarted = build_services(settings, clock=clock, engine=engine)
    try:
        again = Resident(restarted.assistant)
        again.say("/apply")
        assert "欢迎回来" in again.text and again.button("居民身份证")
        again.press_label("居民身份证")
        again.say(VALID_ID)
        draft = restarted.repo.draft(42, "apply")
        assert draft is not None and draft["data"]["name"] == "张三"
    finally:
        restarted.close()


def test_draft_expires(services: Services, clock: FixedClock) -> None:
    person = Resident(services.assistant)
    person.say("/apply")
    person.press_label("同意")
    clock.advance(days=8)
    assert services.repo.active_drafts(42) == []
    person.say("张三")  # no form any more: treated as a question
    assert services.repo.list_cases() == []


def test_complaint_with_evidence_and_anonymous(services: Services) -> None:
    person = Resident(services.assistant)
    person.say("/complain")
    person.press_label("同意")
    person.press_label("不作为")
    person.press_label("跳过")
    person.say("太短")
    assert "太短" in person.text
    person.say("街道办对我反映的违建问题三个月没有任何处理，多次打电话也没人回应")
    person.press_label("跳过")
    person.send_media(Media("photo", "PHOTO1", "image/jpeg", 12000))
    assert "收到 1 份证据" in person.text
    person.send_media(Media("document", "DOC1", "application/pdf", 50000, "a.pdf"))
    person.send_media(Media("sticker"))
    assert "未收下" in person.text and "照片、视频、语音或文件" in person.text
    person.press_label("完成")
    person.press_label("匿名")
    assert said("form.complain.summary") in person.text and "2 份" in person.text
    person.press_label("确认提交")
    assert "TS-2026-000001" in person.text
    [case] = services.repo.list_cases()
    assert len(services.repo.case_evidence(case.id)) == 2
    assert "name" not in case.data


def test_art39_hint_suggests_the_complaint_form(services: Services) -> None:
    person = Resident(services.assistant)
    begin_application(person)
    person.press_label("居民身份证")
    person.say(VALID_ID)
    person.say("13812348000")
    person.press_label("跳过")
    person.say("我要举报街道办主任贪污受贿，请你们调查处理")
    assert "第三十九条" in person.text
    assert person.button("改为投诉举报") == "f:apply:switch:complain"


def test_status_lists_own_cases_and_hides_others(services: Services) -> None:
    alice, bob = Resident(services.assistant, 1), Resident(services.assistant, 2)
    fill_application(alice)
    alice.press_label("确认提交")
    alice.say("/status")
    assert "YSQ-2026-000001" in alice.text and "已收到" in alice.text
    bob.say("/status YSQ-2026-000001")
    not_theirs = bob.text
    bob.say("/status YSQ-2026-999999")
    assert not_theirs.replace("000001", "X") == bob.text.replace("999999", "X")
    alice.say("/status YSQ-2026-000001")
    assert "办理记录" in alice.text and "提交" in alice.text


@pytest.mark.parametrize("moment, due, provisional", [
    (datetime(2026, 9, 25, 2, tzinfo=UTC), "2026-10-29", False),  # Oct 10 (Sat) is worked
    # beyond the published calendar: weekends and New Year's Day (fixed rule) skipped
    (datetime(2026, 12, 20, 2, tzinfo=UTC), "2027-01-18", True),
])
def test_due_dates_on_receipts(services: Services, clock: FixedClock, moment: datetime,
                               due: str, provisional: bool) -> None:
    clock.moment = moment
    person = Resident(services.assistant)
    fill_application(person)
    person.press_label("确认提交")
    assert due in person.text
    assert ("暂定" in person.text) is provisional


def test_typing_a_buttons_label_presses_it(services: Services) -> None:
    """"同意" typed at the consent step is consent, not a question about third parties'
    consent; "公民" typed at the applicant type is that choice."""
    person = Resident(services.assistant)
    person.say("/apply")
    person.say("同意")
    draft = services.repo.draft(42, "apply")
    assert draft is not None and draft["data"].get("_consented") is True
    person.say("公民")
    draft = services.repo.draft(42, "apply")
    assert draft is not None and draft["data"]["applicant_type"] == "natural"
    assert said("ask.apply.name") in person.text


def test_typed_no_at_consent_declines_and_an_unclear_word_is_not_a_choice(
        services: Services) -> None:
    person = Resident(services.assistant)
    person.say("/apply")
    person.say("不同意")
    assert said("form.consent_declined") in person.text
    assert services.repo.active_drafts(42) == []
    person.say("/apply")
    person.say("I agree")
    person.say("组织")  # names no button exactly nor by its start: the buttons again
    draft = services.repo.draft(42, "apply")
    assert draft is not None and "applicant_type" not in draft["data"]
