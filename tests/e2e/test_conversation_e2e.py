"""Residents' conversations through the real bot process and the Bot API double: an
album answered once, a question in the middle of a form, leaving words, a reply in a
group."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.harness import Person

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def to_evidence(resident: Person) -> None:
    resident.say("/complain")
    resident.tap("同意")
    resident.tap("不作为")
    resident.tap("跳过")
    resident.say("街道办对我反映的违建问题三个月没有任何处理，多次打电话也没人回应")
    resident.tap("跳过")
    assert "证据" in resident.text


def test_an_album_of_ten_photos_gets_one_acknowledgement(
        person: Callable[..., Person]) -> None:
    resident = person()
    to_evidence(resident)
    resident.send_album(10)
    [reply] = resident.expect(1)
    assert resident.receive(1, timeout=2.5) == []  # one reply for the whole album
    assert "收到 10 份证据" in reply["text"] and "已经达到上限" in reply["text"]
    assert "发得太快" not in reply["text"]  # ten photos never trip the rate limit
    resident.press("完成", reply)
    resident.expect(1)
    resident.tap("匿名")
    assert "证据：10 份" in resident.text


def test_a_question_in_the_middle_of_a_form(person: Callable[..., Person]) -> None:
    resident = person()
    resident.say("/apply")
    resident.tap("同意")
    resident.tap("公民")
    resident.say("申请要收费吗", n=2)
    assert "第四十二条" in resident.text and "停在第 2/10 步" in resident.text
    resident.tap("继续填写")
    assert "请输入申请人姓名" in resident.text
    resident.say("张三")
    assert resident.text.startswith("第 3/10 步")


def test_a_question_in_the_middle_of_a_form_in_english(
        person: Callable[..., Person]) -> None:
    resident = person(language_code="en")
    resident.say("/apply")
    resident.tap("I agree")
    resident.tap("Private individual")
    resident.say("Is there a fee for applying?", n=2)
    assert "Art. 42" in resident.text and "waiting at step 2 of 10" in resident.text
    resident.tap("Continue")
    assert "Your full name" in resident.text


@pytest.mark.parametrize("lang, agree, who, word, discard, gone", [
    ("zh", "同意", "公民", "不填了", "放弃并删除", "已放弃申请"),
    ("zh", "同意", "公民", "取消", "放弃并删除", "已放弃申请"),
    ("en", "I agree", "Private individual", "stop", "Yes, discard it",
     "Application discarded"),
])
def test_leaving_words(person: Callable[..., Person], lang: str, agree: str, who: str,
                       word: str, discard: str, gone: str) -> None:
    resident = person(language_code=lang)
    resident.say("/apply")
    resident.tap(agree)
    resident.tap(who)
    resident.say(word)
    assert ("确定要放弃" if lang == "zh" else "Discard this application?") in resident.text
    resident.tap(discard)
    assert gone in resident.text
    resident.say("张三")  # no form any more: an ordinary message
    assert "第 3/10 步" not in resident.text


def test_a_reply_to_the_bot_in_a_group_is_answered_as_a_reply(
        person: Callable[..., Person]) -> None:
    member = person(chat_id=-5101, chat_type="group")
    bot_message = member.say("/help")[0]
    question = member.reply_to(bot_message, "申请要收费吗")
    [answer] = member.expect(1)
    assert "第四十二条" in answer["text"]
    assert answer["reply_to_message"]["message_id"] == question["message_id"]


def test_a_topic_link_opens_its_answer(person: Callable[..., Person]) -> None:
    resident = person(language_code="en")
    resident.say("/start apply_fees")
    assert "Art. 42" in resident.text


def test_a_left_question_is_followed_with_status(person: Callable[..., Person]) -> None:
    resident = person()
    resident.say("量子纠缠是什么原理")
    resident.tap("留给工作人员")
    assert "“量子纠缠是什么原理”" in resident.text
    resident.tap("就这样发送")
    assert "Q-" in resident.text
    number = next(word for word in resident.text.replace("，", " ").replace("。", " ").split()
                  if word.startswith("Q-"))
    resident.say(f"/status {number}")
    assert "量子纠缠是什么原理" in resident.text and "等待答复" in resident.text


def test_menus_change_in_place(person: Callable[..., Person]) -> None:
    resident = person()
    resident.say("/menu")
    resident.tap("不予公开")
    resident.tap("主菜单")
    bot_messages = [m for m in resident.history() if m.get("from", {}).get("is_bot")]
    assert len(bot_messages) == 1  # one menu message, edited twice
    assert bot_messages[0]["text"] == "请选择："
