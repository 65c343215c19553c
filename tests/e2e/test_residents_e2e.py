"""The real bot process over HTTP against the Bot API double: what a resident sees."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.harness import Person, RunningBot, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_start_shows_greeting_and_main_menu(person: Callable[..., Person]) -> None:
    resident = person(language_code="zh-hans")
    [reply] = resident.say("/start")
    assert "政府信息公开助手" in resident.text
    data = [d for _, d in resident.buttons(reply)]
    assert data[:3] == ["m:scope", "m:exempt", "m:apply"] and "lang" in data


def test_free_text_answer_with_feedback(person: Callable[..., Person]) -> None:
    resident = person()
    [reply] = resident.say("申请政府信息要交钱吗")
    assert "第四十二条" in resident.text
    labels = [label for label, _ in resident.buttons(reply)]
    assert "👍 有帮助" in labels and "👎 没帮助" in labels
    resident.press(next(d for _, d in resident.buttons(reply) if d.endswith(":1")), reply)
    assert wait_until(lambda: any("谢谢" in (a.get("text") or "")
                                  for a in resident.callback_answers()))


def test_did_you_mean_button(person: Callable[..., Person]) -> None:
    resident = person()
    resident.say("材料")  # several topics speak of materials: the bot asks which
    assert "您是不是想问" in resident.text
    # Each offered topic carries the question, so that the choice labels it for admins.
    topic_buttons = [(label, data) for item in resident.last
                     for label, data in resident.buttons(item) if data.startswith("c:")]
    assert topic_buttons, resident.last
    resident.press(topic_buttons[0][1], resident.last[0])
    resident.expect(1)
    assert "第" in resident.text and "条" in resident.text


def test_category_browsing(person: Callable[..., Person]) -> None:
    resident = person()
    resident.say("/menu")
    resident.tap("不予公开")
    assert any(d == "t:exempt.privacy" for _, d in resident.buttons(resident.last[0]))
    resident.tap("隐私")
    assert "第十五条" in resident.text


def test_language_switch(person: Callable[..., Person]) -> None:
    resident = person(language_code="zh-hans")
    resident.say("/lang")
    resident.tap("English")
    assert "English" in resident.text
    resident.say("/help")
    assert "How to use this assistant" in resident.text


def test_fallback_offers_staff(person: Callable[..., Person]) -> None:
    resident = person()
    resident.say("量子纠缠是什么原理")
    assert "抱歉" in resident.text
    resident.tap("留给工作人员")
    assert "量子纠缠是什么原理" in resident.text  # the question the bot already has
    resident.tap("先修改再发送")
    resident.say("你们管委会食堂对外开放吗？")
    assert "Q-" in resident.text


def test_rate_limit_notice(person: Callable[..., Person]) -> None:
    resident = person()
    for _ in range(10):
        resident.send("收费吗")
    replies = resident.expect(9)
    replies += resident.receive(1, timeout=1)
    texts = [item["text"] for item in replies]
    assert sum("太快" in t for t in texts) == 1
    assert len(texts) == 9  # eight answers, one notice, then silence


def test_non_text_message(person: Callable[..., Person]) -> None:
    resident = person()
    resident.send_photo()
    resident.expect(1)
    assert "文字" in resident.text


def test_group_answers_mentions_only_and_redirects_forms(person: Callable[..., Person],
                                                        running_bot: RunningBot) -> None:
    username = running_bot.telegram.me()["username"]
    member = person(chat_id=-5001, chat_type="group")
    member.send("大家好，今天开会吗")
    assert member.receive(1, timeout=2) == []
    member.send(f"@{username} 申请要收费吗")  # Telegram marks the mention entity
    member.expect(1)
    assert "第四十二条" in member.text
    member.say("/apply")
    urls = [data for _, data in member.buttons(member.last[0])]
    assert urls == [f"https://t.me/{username}?start=apply"]
    assert all(m["chat"] == {"id": -5001, "type": "group", "title": "Chat -5001"}
               for m in member.seen)


def test_the_process_log_holds_no_message_text_or_token(
        person: Callable[..., Person], running_bot: RunningBot) -> None:
    token, process = running_bot.token, running_bot.process
    resident = person()
    resident.say("我的身份证号是11010519491231002X，申请要收费吗")
    resident.say("/start")
    log = process.output
    assert "Bot started" in log
    for secret in ("11010519491231002X", "申请要收费吗", "量子纠缠", token,
                   token.split(":")[1]):
        assert secret not in log


def test_command_menus_in_chinese_and_english(running_bot: RunningBot) -> None:
    telegram = running_bot.telegram
    zh, en = telegram.commands(), telegram.commands(language_code="en")
    names = ["start", "menu", "help", "apply", "complain", "status", "lang", "cancel"]
    assert [c["command"] for c in zh] == names == [c["command"] for c in en]
    assert zh != en and "申请" in next(c["description"] for c in zh if c["command"] == "apply")
    # Staff 700 never opened a chat with the bot: Telegram refuses that menu, the bot
    # carries on without it.
    assert telegram.commands({"type": "chat", "chat_id": 700}) == []
    assert "staff command menu not set" in running_bot.process.output
