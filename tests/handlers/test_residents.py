"""Residents' conversations through python-telegram-bot, against an offline Bot API."""

from __future__ import annotations

from telegram.error import NetworkError

from tests.handlers.conftest import Harness
from tests.offline import Person, buttons


async def test_start_greets_in_the_users_language_with_the_main_menu(harness: Harness) -> None:
    await harness.feed(Person(language_code="en").message(harness.bot, "/start"))
    [reply] = harness.api.sent(42)
    assert reply["text"].startswith("Hello")
    data = [d for _, d in buttons(reply)]
    assert data == ["m:scope", "m:exempt", "m:apply", "a:apply", "a:complain", "a:status",
                    "t:contact.office", "lang"]


async def test_chinese_user_gets_chinese_menu(harness: Harness) -> None:
    await harness.feed(Person(language_code="zh-hans").message(harness.bot, "/start"))
    [reply] = harness.api.sent(42)
    labels = [label for label, _ in buttons(reply)]
    assert labels[:3] == ["公开范围", "不予公开", "如何申请"]
    assert "政府信息公开助手" in reply["text"]


async def test_free_text_question_gets_answer_related_topics_and_feedback(
        harness: Harness) -> None:
    person = Person()
    await harness.feed(person.message(harness.bot, "申请政府信息公开要交钱吗"))
    [reply] = harness.api.sent(42)
    assert "第四十二条" in reply["text"]
    data = [d for _, d in buttons(reply)]
    assert any(d.startswith("fb:") and d.endswith(":1") for d in data)
    assert any(d.startswith("t:") for d in data)
    feedback = next(d for d in data if d.startswith("fb:") and d.endswith(":-1"))
    harness.api.clear()
    await harness.feed(person.press(harness.bot, feedback))
    [answer] = harness.api.callback_answers()
    assert "谢谢" in answer["text"]
    rows = harness.services.repo.all("select vote from feedback")
    assert rows == [{"vote": -1}]


async def test_feedback_on_someone_elses_question_is_ignored(harness: Harness) -> None:
    await harness.feed(Person(user_id=1).message(harness.bot, "申请要收费吗"))
    data = [d for _, d in buttons(harness.api.sent(1)[0]) if d.startswith("fb:")]
    await harness.feed(Person(user_id=2).press(harness.bot, data[0]))
    assert harness.services.repo.all("select * from feedback") == []


async def test_out_of_scope_question_gets_polite_fallback_and_offer_to_leave_it(
        harness: Harness) -> None:
    person = Person()
    await harness.feed(person.message(harness.bot, "今天天气怎么样"))
    [decline] = harness.api.sent(42)
    assert "只负责解答政府信息公开" in decline["text"]
    harness.api.clear()
    await harness.feed(person.message(harness.bot, "量子纠缠是什么原理"))
    [reply] = harness.api.sent(42)
    assert "抱歉" in reply["text"]
    leave = next(data for label, data in buttons(reply) if label == "📝 把问题留给工作人员")
    harness.api.clear()
    await harness.feed(person.press(harness.bot, leave))
    [offer] = harness.api.sent(42)
    assert "量子纠缠是什么原理" in offer["text"]  # the question the bot already has
    await harness.feed(person.press(harness.bot, "leave"))  # "edit it first"
    await harness.feed(person.message(harness.bot, "新城区的图书馆几点开门？"))
    assert "Q-2026-" in harness.api.texts(42)[-1]
    [saved] = harness.services.repo.all("select text, user_id from staff_questions")
    assert saved == {"text": "新城区的图书馆几点开门？", "user_id": 42}


async def test_category_browsing_and_topic_button(harness: Harness) -> None:
    person = Person()
    await harness.feed(person.press(harness.bot, "m:exempt"))
    [listing] = harness.api.sent(42)
    topics = [d for _, d in buttons(listing) if d.startswith("t:")]
    assert "t:exempt.state-secret" in topics
    harness.api.clear()
    await harness.feed(person.press(harness.bot, "t:exempt.state-secret"))
    [answer] = harness.api.sent(42)
    assert "第十四条" in answer["text"]


async def test_language_switch_is_remembered(harness: Harness) -> None:
    person = Person(language_code="zh-hans")
    await harness.feed(person.message(harness.bot, "/lang"))
    await harness.feed(person.press(harness.bot, "lang:en"))
    assert harness.services.repo.user_lang(42) == "en"
    harness.api.clear()
    await harness.feed(person.message(harness.bot, "/menu"))
    [menu] = harness.api.sent(42)
    assert menu["text"] == "Please choose:"


async def test_english_question_answered_in_english(harness: Harness) -> None:
    await harness.feed(Person().message(harness.bot, "is there any fee for requesting info?"))
    [reply] = harness.api.sent(42)
    assert "free" in reply["text"].lower()


async def test_rate_limit_gives_one_notice_then_silence(harness: Harness) -> None:
    harness.services.assistant.limiter.limit = 3
    person = Person()
    for _ in range(6):
        await harness.feed(person.message(harness.bot, "收费吗"))
    texts = harness.api.texts(42)
    assert len(texts) == 4
    assert "太快" in texts[-1]


async def test_overlong_message_is_refused_politely(harness: Harness) -> None:
    await harness.feed(Person().message(harness.bot, "收" * 2000))
    [reply] = harness.api.texts(42)
    assert "太长" in reply
    assert harness.services.repo.all("select * from questions") == []


async def test_sticker_and_location_get_helpful_reply(harness: Harness) -> None:
    person = Person()
    sticker = {"file_id": "S1", "file_unique_id": "S1", "width": 1, "height": 1,
               "is_animated": False, "is_video": False, "type": "regular"}
    await harness.feed(person.message(harness.bot, sticker=sticker))
    await harness.feed(person.message(harness.bot, location={"latitude": 1.0, "longitude": 2.0}))
    texts = harness.api.texts(42)
    assert len(texts) == 2 and all("文字" in t for t in texts)


async def test_unknown_command_points_to_help(harness: Harness) -> None:
    await harness.feed(Person().message(harness.bot, "/frobnicate"))
    assert "/help" in harness.api.texts(42)[0]


async def test_group_only_answers_mentions_and_never_takes_forms(harness: Harness) -> None:
    member = Person(user_id=43, chat_id=-100, chat_type="group")
    await harness.feed(member.message(harness.bot, "大家好，收费吗"))
    assert harness.api.sent() == []
    mention = "@DisclosureBot 申请要收费吗"
    await harness.feed(member.message(harness.bot, mention, entities=[
        {"type": "mention", "offset": 0, "length": len("@DisclosureBot")}]))
    [answer] = harness.api.sent(-100)
    assert "第四十二条" in answer["text"]
    harness.api.clear()
    await harness.feed(member.message(harness.bot, "/apply"))
    [redirect] = harness.api.sent(-100)
    assert ("🔒 在私聊中继续", "https://t.me/DisclosureBot?start=apply") in buttons(redirect)


async def test_edited_message_is_answered_as_new_text(harness: Harness) -> None:
    await harness.feed(Person().edited(harness.bot, "申请要收费吗"))
    assert "第四十二条" in harness.api.texts(42)[0]


async def test_duplicate_update_is_handled_once(harness: Harness) -> None:
    update = Person().message(harness.bot, "收费吗")
    await harness.feed(update)
    await harness.feed(update)
    assert len(harness.api.sent(42)) == 1


async def test_failure_tells_user_politely_and_staff_chat_without_details(
        harness: Harness, monkeypatch: object) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret personal detail 13800138000")

    harness.services.assistant.residents.ask = explode  # type: ignore[method-assign]
    await harness.feed(Person().message(harness.bot, "收费吗"))
    [apology] = harness.api.texts(42)
    assert "抱歉" in apology
    [staff_notice] = harness.api.texts(-1000)
    assert "RuntimeError" in staff_notice
    assert "13800138000" not in staff_notice


async def test_send_failure_parks_message_in_outbox(harness: Harness) -> None:
    harness.api.fail_next = [NetworkError("down")] * 4
    await harness.feed(Person().message(harness.bot, "收费吗"))
    [(_, chat_id, parked)] = harness.services.repo.pending_messages()
    assert chat_id == 42 and "第四十二条" in parked.text


async def test_a_bare_greeting_gets_the_welcome_and_menu(harness: Harness) -> None:
    await harness.feed(Person(language_code="en").message(harness.bot, "Hello!"))
    [reply] = harness.api.sent(42)
    assert reply["text"].startswith("Hello") and len(buttons(reply)) == 8


async def test_other_services_get_a_pointer_elsewhere(harness: Harness) -> None:
    await harness.feed(Person().message(harness.bot, "护照过期了去哪里换新的"))
    [reply] = harness.api.sent(42)
    assert "12345" in reply["text"]


async def test_an_edit_during_a_form_changes_nothing(harness: Harness) -> None:
    person = Person()
    await harness.feed(person.message(harness.bot, "/apply"))
    await harness.feed(person.press(harness.bot, "f:apply:consent:yes"))
    await harness.feed(person.press(harness.bot, "f:apply:c:natural"))
    await harness.feed(person.edited(harness.bot, "王五"))
    assert "确认页" in harness.api.texts(42)[-1]
    draft = harness.services.repo.draft(42, "apply")
    assert draft is not None and "name" not in draft["data"] and draft["step"] == "name"
