"""The small things people notice: menus edited in place, votes that take their buttons
away, deep links to a topic, a hint for other languages, groups, the anonymous
complaint's promise."""

from __future__ import annotations

import json

import pytest

from tests.handlers.conftest import Conversation, Harness
from tests.offline import Person, buttons


async def test_menus_and_category_lists_edit_the_message_in_place(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await chat.say("/menu")
    await chat.press("不予公开")
    await chat.press("主菜单")
    edits = harness.api.calls_to("editMessageText")
    assert len(edits) == 2
    assert "t:exempt.state-secret" in [d for _, d in buttons(edits[0])]
    assert edits[1]["text"] == "请选择："
    assert len(harness.api.calls_to("sendMessage")) == 1  # only the first menu


async def test_a_vote_takes_the_vote_buttons_away_with_thanks(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await chat.say("申请政府信息公开要交钱吗")
    related = [d for _, d in chat.buttons() if d.startswith("t:")]
    await chat.press("有帮助")
    [notice] = harness.api.callback_answers()
    assert "谢谢" in notice["text"]
    [edit] = harness.api.calls_to("editMessageReplyMarkup")
    kept = [d for _, d in buttons(edit)]
    assert kept and not any(d.startswith("fb:") for d in kept)
    assert [d for d in kept if d.startswith("t:")] == related


@pytest.mark.parametrize("lang, expected", [("zh", "第四十二条"), ("en", "Art. 42")])
async def test_start_with_a_topic_opens_its_answer(harness: Harness, lang: str,
                                                   expected: str) -> None:
    chat = Conversation(harness, Person(language_code=lang))
    await chat.say("/start apply_fees")
    [answer] = chat.replies
    assert expected in answer["text"]


async def test_start_with_an_unknown_payload_greets(harness: Harness) -> None:
    chat = Conversation(harness, Person())
    await chat.say("/start no_such_topic")
    assert "政府信息公开助手" in chat.text


async def test_other_telegram_languages_get_chinese_with_an_english_hint(
        harness: Harness) -> None:
    chat = Conversation(harness, Person(language_code="ru"))
    await chat.say("/start")
    assert "政府信息公开助手" in chat.text
    assert chat.text.endswith("Prefer English? Send /lang en to switch.")
    chinese = Conversation(harness, Person(user_id=43, language_code="zh-hans"))
    await chinese.say("/start")
    assert "Prefer English" not in chinese.text


async def test_in_a_group_a_reply_to_the_bot_is_a_question_answered_as_a_reply(
        harness: Harness) -> None:
    member = Person(user_id=43, chat_id=-100, chat_type="group")
    update = member.reply(harness.bot, "申请要收费吗", to_message_id=555)
    await harness.feed(update)
    [answer] = harness.api.sent(-100)
    assert "第四十二条" in answer["text"]
    reply_to = answer["reply_parameters"]
    if isinstance(reply_to, str):
        reply_to = json.loads(reply_to)
    assert reply_to["message_id"] == update.message.message_id  # type: ignore[union-attr]
    harness.api.clear()
    someone = {"id": 44, "is_bot": False, "first_name": "A"}
    await harness.feed(member.reply(harness.bot, "收费吗", to_message_id=556, to_user=someone))
    assert harness.api.sent(-100) == []  # a reply to someone else is not for the bot


async def test_in_a_group_status_says_status(harness: Harness) -> None:
    member = Person(user_id=43, chat_id=-100, chat_type="group")
    await harness.feed(member.message(harness.bot, "/status"))
    [redirect] = harness.api.sent(-100)
    assert "查询办理进度" in redirect["text"] and "提交申请" not in redirect["text"]
    assert ("🔒 在私聊中继续", "https://t.me/DisclosureBot?start=status") in buttons(redirect)


@pytest.mark.parametrize("lang, agree, category, skip, done, promise", [
    ("zh", "同意", "不作为", "跳过", "完成", "工作人员无法联系您核实"),
    ("en", "I agree", "inaction", "Skip", "Done", "staff cannot contact you"),
])
async def test_the_anonymous_choice_says_what_an_anonymous_complainant_hears(
        harness: Harness, lang: str, agree: str, category: str, skip: str, done: str,
        promise: str) -> None:
    chat = Conversation(harness, Person(language_code=lang))
    await chat.say("/complain")
    await chat.press(agree)
    await chat.press(category)
    await chat.press(skip)
    await chat.say("街道办对我反映的违建问题三个月没有任何处理，多次打电话也没人回应")
    await chat.press(skip)
    await chat.press(done)
    assert promise in chat.text
    assert "/status" in chat.text


async def test_english_reads_naturally(harness: Harness) -> None:
    chat = Conversation(harness, Person(language_code="en", first_name="Ann"))
    await chat.say("/start")
    assert chat.text.startswith("Hello, Ann! I am the information disclosure assistant of "
                                "the Pingdingshan New City District Administrative Committee.")
    await chat.press("What is withheld")
    assert "What is withheld. Choose a question:" in harness.api.texts(42)[-1]
    await chat.press_data("none")
    assert chat.text.startswith("Sorry, I could not find it. Try asking in other words")


def test_answers_have_no_nested_parentheses() -> None:
    from bot.config import DEFAULT_KNOWLEDGE_DIR
    from bot.matching.engine import AnswerEngine

    kb = AnswerEngine.from_folder(DEFAULT_KNOWLEDGE_DIR).kb
    nested = []
    for topic in kb.topics:
        for lang in ("zh", "en"):
            depth = 0
            for char in kb.answer(topic.id, lang):  # type: ignore[arg-type]
                depth += 1 if char in "(（" else -1 if char in ")）" and depth else 0
                if depth > 1:
                    nested.append((topic.id, lang))
                    break
    assert nested == []
