"""Forms that listen, as residents use them over Telegram: leaving words and the cancel
button, questions in the middle of a form, numbered steps, validation that fits real
people, switching forms, text stored as typed."""

from __future__ import annotations

import pytest

from tests.handlers.conftest import Conversation, Harness
from tests.helpers import VALID_ID
from tests.offline import Person


async def start_application(chat: Conversation, lang: str = "zh") -> None:
    await chat.say("/apply")
    await chat.press("同意" if lang == "zh" else "I agree")
    await chat.press("公民" if lang == "zh" else "Private individual")


def draft(harness: Harness, form: str = "apply") -> dict[str, object]:
    row = harness.services.repo.draft(42, form)
    assert row is not None, f"no {form} draft"
    return row


@pytest.mark.parametrize("word", ["取消", "不填了", "cancel", "stop", "Stop."])
async def test_leaving_words_at_a_text_step_ask_before_discarding(
        harness: Harness, word: str) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    await chat.say(word)
    assert "确定要放弃这份申请吗" in chat.text
    assert "name" not in draft(harness)["data"]  # type: ignore[operator]
    await chat.press("不，继续填写")
    assert "请输入申请人姓名" in chat.text
    await chat.say(word)
    await chat.press("放弃并删除")
    assert "已放弃申请" in chat.text
    assert harness.services.repo.draft(42, "apply") is None


async def test_leaving_in_english(harness: Harness) -> None:
    chat = Conversation(harness, Person(language_code="en"))
    await start_application(chat, "en")
    await chat.say("cancel")
    assert "Discard this application?" in chat.text
    await chat.press("Yes, discard it")
    assert "Application discarded" in chat.text
    assert harness.services.repo.draft(42, "apply") is None


async def test_every_step_has_back_and_cancel_and_a_step_number(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    answers = ["张三", None, VALID_ID, "13812348000", "跳过",
               "2025年新城区城中村改造项目的征收补偿方案", "跳过", None, None]
    presses = {1: "居民身份证", 7: "电子版", 8: "网上"}
    seen_steps = []
    for index, answer in enumerate(answers):
        data = [d for _, d in chat.buttons()]
        assert "f:apply:cancel" in data and "f:apply:back" in data, chat.text
        seen_steps.append(chat.text.split("\n")[0])
        if answer is None:
            await chat.press(presses[index])
        else:
            await chat.say(answer)
    assert seen_steps[0] == "第 2/10 步"  # step 1 chose the applicant type
    assert seen_steps[-1] == "第 10/10 步"
    assert "请核对您的申请" in chat.text
    assert "f:apply:cancel" in [d for _, d in chat.buttons()]


async def test_steps_numbered_in_english(harness: Harness) -> None:
    chat = Conversation(harness, Person(language_code="en"))
    await chat.say("/apply")
    await chat.press("I agree")
    assert chat.text.startswith("Step 1 of ")
    assert "Who is applying?" in chat.text


async def test_a_question_in_the_middle_of_a_form_is_answered_and_the_form_waits(
        harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    await chat.say("申请要收费吗")
    assert "第四十二条" in chat.text  # the answer about fees
    assert "停在第 2/10 步" in chat.text and "已填的内容都保留着" in chat.text
    assert "name" not in draft(harness)["data"]  # type: ignore[operator]
    await chat.press("继续填写")
    assert "请输入申请人姓名" in chat.text
    await chat.say("张三")
    assert draft(harness)["data"]["name"] == "张三"  # type: ignore[index]


async def test_a_question_in_english_mid_form(harness: Harness) -> None:
    chat = Conversation(harness, Person(language_code="en"))
    await start_application(chat, "en")
    await chat.say("Is there a fee for applying?")
    assert "free" in chat.text.lower()
    assert "waiting at step 2 of 10" in chat.text
    await chat.press("Continue")
    assert "Your full name" in chat.text


async def test_a_question_typed_in_pinyin_mid_form_is_answered_in_chinese(
        harness: Harness) -> None:
    chat = Conversation(harness, Person(language_code="en"))
    await start_application(chat, "en")
    await chat.say("shenqing gongkai yao shoufei ma?")
    assert "第四十二条" in chat.text  # the fees answer, in Chinese
    assert "name" not in draft(harness)["data"]  # type: ignore[operator]


async def test_a_question_at_a_button_step_is_answered_too(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await chat.say("/apply")
    await chat.press("同意")
    await chat.say("多久能答复？")
    assert "第三十三条" in chat.text and "停在第 1/7 步" in chat.text
    assert draft(harness)["step"] == "applicant_type"


async def test_after_start_typed_questions_no_longer_land_in_the_form(
        harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    await chat.say("/start")
    assert "停在第 2/10 步" in chat.text
    await chat.say("收费标准")
    assert "name" not in draft(harness)["data"]  # type: ignore[operator]
    await chat.say("/apply")
    assert "欢迎回来" in chat.text and "请输入申请人姓名" in chat.text
    await chat.say("张三")
    assert draft(harness)["data"]["name"] == "张三"  # type: ignore[index]


async def test_a_question_at_a_free_text_step_can_still_be_the_answer(
        harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    await chat.say("张三")
    await chat.press("居民身份证")
    await chat.say(VALID_ID)
    await chat.say("13812348000")
    await chat.press("跳过")
    description = "申请政府信息公开要交钱吗"
    await chat.say(description)
    assert "第四十二条" in chat.text  # answered as a question...
    assert "description" not in draft(harness)["data"]  # type: ignore[operator]
    await chat.press("作为本步的回答")  # ...and offered as the answer, which it was
    assert draft(harness)["data"]["description"] == description  # type: ignore[index]
    assert "文号" in chat.text  # the next step


@pytest.mark.parametrize("name, lang, refusal", [
    ("张3", "zh", "姓名中不能有数字"),
    ("John 2", "en", "cannot contain digits"),
])
async def test_a_name_with_digits_is_refused(harness: Harness, name: str, lang: str,
                                             refusal: str) -> None:
    chat = Conversation(harness, Person(language_code=lang))
    await start_application(chat, lang)
    await chat.say(name)
    assert refusal in chat.text
    assert "name" not in draft(harness)["data"]  # type: ignore[operator]


@pytest.mark.parametrize("typed, stored", [
    ("0375-1234567", "03751234567"),
    ("+44 20 7946 0958", "+442079460958"),
    ("00852 2123 4567", "+85221234567"),
    ("0375-1234567 转 808", "03751234567 转 808"),
])
async def test_landlines_and_foreign_numbers_are_contacts(harness: Harness, typed: str,
                                                          stored: str) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    await chat.say("张三")
    await chat.press("居民身份证")
    await chat.say(VALID_ID)
    await chat.say(typed)
    assert draft(harness)["data"]["phone"] == stored  # type: ignore[index]
    assert "已留电话，可跳过" in chat.text


async def test_the_email_prompt_follows_the_skipped_phone(harness: Harness) -> None:
    for lang, agree, citizen, card, skip, required in (
            ("zh", "同意", "公民", "居民身份证", "跳过", "您没有留电话"),
            ("en", "I agree", "Private individual", "Resident identity card", "Skip",
             "You gave no phone number")):
        chat = Conversation(harness, Person(user_id=42, language_code=lang))
        harness.services.repo.set_user_lang(42, lang)
        harness.services.repo.delete_draft(42, "apply")  # the other language's round
        await chat.say("/apply")
        await chat.press(agree)
        await chat.press(citizen)
        await chat.say("张三" if lang == "zh" else "Zhang San")
        await chat.press(card)
        await chat.say(VALID_ID)
        await chat.press(skip)
        assert required in chat.text
        assert "可跳过" not in chat.text and "optional" not in chat.text
        assert skip not in [label for label, _ in chat.buttons()]


async def test_an_old_skip_button_says_it_is_old(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    await chat.say("张三")
    await chat.press("居民身份证")
    await chat.say(VALID_ID)
    old_skip = chat.button("跳过")  # the phone step's
    await chat.say("13812348000")
    await chat.press("跳过")  # the e-mail step's: works
    assert "请描述" in chat.text or "描述您要申请公开" in chat.text
    await chat.press_data(old_skip)
    assert "已经不能用了" in chat.text
    assert draft(harness)["data"]["phone"] == "13812348000"  # type: ignore[index]


async def fill_to_medium(chat: Conversation) -> None:
    await start_application(chat)
    await chat.say("张三")
    await chat.press("居民身份证")
    await chat.say(VALID_ID)
    await chat.say("13812348000")
    await chat.press("跳过")
    await chat.say("2025年新城区城中村改造项目的征收补偿方案")
    await chat.press("跳过")


async def test_a_paper_copy_is_never_offered_by_e_mail(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await fill_to_medium(chat)
    await chat.press("纸质版")
    labels = [label for label, _ in chat.buttons()]
    assert "邮寄" in labels and "当面领取" in labels
    assert "电子邮件" not in labels and "网上（本助手）" not in labels
    await chat.press_data("f:apply:c:email")  # an e-mail button from somewhere else
    assert "已经不能用了" in chat.text
    assert "delivery" not in draft(harness)["data"]  # type: ignore[operator]


async def test_changing_to_paper_after_e_mail_delivery_asks_again(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await fill_to_medium(chat)
    await chat.press("电子版")
    await chat.press("电子邮件")
    await chat.say("zhang@example.com")
    assert "请核对您的申请" in chat.text
    await chat.press("修改某一项")
    await chat.press("获取形式")
    await chat.press("纸质版")
    assert "希望通过什么方式获取" in chat.text  # delivery asked again, without e-mail
    assert "电子邮件" not in [label for label, _ in chat.buttons()]
    await chat.press("当面领取")
    assert "请核对您的申请" in chat.text and "当面领取" in chat.text


async def test_english_labels_tell_the_two_numbers_apart(harness: Harness) -> None:
    chat = Conversation(harness, Person(language_code="en"))
    await start_application(chat, "en")
    await chat.say("Zhang San")
    await chat.press("Resident identity card")
    await chat.say(VALID_ID)
    await chat.say("13812348000")
    await chat.press("Skip")
    await chat.say("the 2025 compensation plan for the village redevelopment")
    await chat.say("平新管〔2025〕12号")
    await chat.press("Electronic")
    await chat.press("Online")
    assert "• ID document number: " + VALID_ID in chat.text
    assert "• Reference number of the document: 平新管〔2025〕12号" in chat.text


async def test_switching_to_a_complaint_carries_the_text_and_keeps_the_draft(
        harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    await chat.say("张三")
    await chat.press("居民身份证")
    await chat.say(VALID_ID)
    await chat.say("13812348000")
    await chat.press("跳过")
    words = "我要举报街道办主任贪污受贿，请你们调查处理，并公开处理结果"
    await chat.say(words)
    await chat.press("改为投诉举报")
    assert "已经带过来了" in chat.text
    assert harness.services.repo.draft(42, "apply") is not None  # the original is kept
    await chat.press("同意")
    await chat.press("廉政")
    await chat.press("跳过")  # subject
    assert "发生了什么" not in chat.text  # the details came from the application
    await chat.press("跳过")  # when and where
    await chat.press("完成")  # no evidence
    await chat.press("实名")
    assert "请核对您的投诉举报" in chat.text and words in chat.text
    assert "张三" in chat.text and "13812348000" in chat.text
    assert harness.services.repo.draft(42, "apply") is not None
    await chat.press("确认提交")
    assert "TS-2026-000001" in chat.text
    assert harness.services.repo.active_drafts(42) == []  # the original goes once filed


async def test_declining_the_switched_form_keeps_the_application(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    await chat.say("张三")
    await chat.press("居民身份证")
    await chat.say(VALID_ID)
    await chat.say("13812348000")
    await chat.press("跳过")
    await chat.say("我要投诉街道办不作为，要求调查")
    await chat.press("改为投诉举报")
    await chat.press("不同意")
    [remaining] = harness.services.repo.active_drafts(42)
    assert remaining["form"] == "apply"
    assert remaining["data"]["description"] == "我要投诉街道办不作为，要求调查"


async def test_residents_text_is_stored_as_typed(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await fill_to_medium(chat)
    await chat.press("电子版")
    await chat.press("网上")
    await chat.press("修改某一项")
    await chat.press("所需信息")
    typed = "请公开《征收补偿方案（2025）》全文，谢谢！"
    await chat.say(typed)
    assert draft(harness)["data"]["description"] == typed  # type: ignore[index]


async def test_a_question_is_never_offered_as_a_name(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    await chat.say("申请要收费吗")
    assert "继续填写" in chat.text
    assert not any("作为本步的回答" in label for label, _ in chat.buttons())


async def test_back_after_start_returns_to_the_form(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await start_application(chat)
    await chat.say("张三")
    await chat.say("/start")
    await chat.say("上一步")
    assert "请输入申请人姓名" in chat.text
    await chat.say("李四")
    assert draft(harness)["data"]["name"] == "李四"  # type: ignore[index]


@pytest.mark.parametrize("word", ["没有", "不知道", "skip"])
async def test_nothing_to_give_at_an_optional_step_skips_it(harness: Harness,
                                                            word: str) -> None:
    chat = Conversation(harness, Person())
    await fill_to_medium(chat)
    await chat.press("上一步")  # back to the document number, an optional step
    await chat.say(word)
    assert "document_number" not in draft(harness)["data"]  # type: ignore[operator]
    assert "希望以什么形式获取信息" in chat.text
