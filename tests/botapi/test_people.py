"""The person's side: what the bot receives when people write, send files, edit, reply
and press buttons, in private chats and groups; and the client's waiting."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update

from tests.botapi import AsyncTelegram, BotApiServer, Telegram
from tests.botapi.client import DoubleError


async def _updates(bot: Bot) -> tuple[Update, ...]:
    updates = await bot.get_updates()
    if updates:
        await bot.get_updates(offset=updates[-1].update_id + 1)  # confirm them
    return updates


async def test_commands_and_mentions_get_entities_in_utf16(bot: Bot, telegram: Telegram) -> None:
    person = telegram.person(language_code="en", username="resident")
    person.send("/status YSQ-2026-000001")
    person.send("😀 @disclosure_bot 你好 https://gov.cn/a")
    first, second = await _updates(bot)
    assert first.message is not None and second.message is not None
    assert first.message.from_user is not None
    assert first.message.from_user.language_code == "en"
    assert [(e.type, e.offset, e.length) for e in first.message.entities] == [
        ("bot_command", 0, 7)]
    assert [(e.type, e.offset, e.length) for e in second.message.entities] == [
        ("mention", 3, 15), ("url", 22, 16)]  # the emoji counts two UTF-16 units
    assert second.message.parse_entities()[second.message.entities[0]] == "@disclosure_bot"


async def test_group_and_supergroup_chats(bot: Bot, telegram: Telegram) -> None:
    member = telegram.person(chat_id=-5001, title="街道群")
    admin = telegram.person(chat_id=-1001234567890, chat_type="supergroup")
    member.send("/apply@disclosure_bot")
    admin.send("hi")
    group, supergroup = await _updates(bot)
    assert group.effective_chat is not None and group.effective_chat.type == "group"
    assert group.effective_chat.title == "街道群" and group.effective_chat.id == -5001
    assert supergroup.effective_chat is not None
    assert supergroup.effective_chat.type == "supergroup"
    assert group.message is not None and group.message.entities[0].length == 21
    sent = await bot.send_message(-5001, "请私聊")
    assert sent.chat.type == "group"
    assert member.expect(1)[0]["chat"]["title"] == "街道群"
    assert admin.receive(1, timeout=0.2) == []  # another chat


async def test_files_from_people_as_telegram_delivers_them(bot: Bot, telegram: Telegram
                                                           ) -> None:
    person = telegram.person()
    person.send_photo(caption="现场 /status")
    person.send_document(b"%PDF-1.4", file_name="证据.pdf")
    person.send_video()
    person.send_voice()
    album = person.send_album(3, caption="三张")
    photo, document, video, voice, *pictures = await _updates(bot)
    assert photo.message is not None and len(photo.message.photo) == 3
    assert photo.message.caption_entities[0].type == "bot_command"
    assert document.message is not None and document.message.document is not None
    assert document.message.document.file_name == "证据.pdf"
    assert document.message.document.mime_type == "application/pdf"
    assert document.message.document.file_size == 8
    assert video.message is not None and video.message.video is not None
    assert voice.message is not None and voice.message.voice is not None
    assert voice.message.voice.mime_type == "audio/ogg"
    groups = {u.message.media_group_id for u in pictures if u.message}
    assert len(pictures) == 3 and groups == {album[0]["media_group_id"]}
    assert [u.message.caption for u in pictures if u.message] == ["三张", None, None]
    file = await bot.get_file(document.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4"


async def test_edits_replies_and_button_presses(bot: Bot, telegram: Telegram) -> None:
    person = telegram.person()
    question = person.send("收费吗")
    person.edit(question, "申请收费吗")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("👍 有帮助", callback_data="fb:1")]])
    answer = await bot.send_message(person.chat_id, "不收费", reply_markup=markup)
    person.expect(1)
    person.reply_to(person.last[0], "谢谢")
    query = person.press("有帮助")
    with pytest.raises(DoubleError, match="no button with callback_data"):  # the double checks
        telegram.call("press", {"user": person.user, "chat_id": person.chat_id,
                                "message_id": answer.message_id, "data": "fb:2"})
    with pytest.raises(AssertionError, match="no button"):
        person.press("不存在")
    message, edited, reply, press = await _updates(bot)
    assert edited.edited_message is not None and edited.edited_message.text == "申请收费吗"
    assert edited.edited_message.message_id == message.message.message_id  # type: ignore[union-attr]
    assert reply.message is not None and reply.message.reply_to_message is not None
    assert reply.message.reply_to_message.message_id == answer.message_id
    assert press.callback_query is not None and press.callback_query.data == "fb:1"
    assert press.callback_query.id == query["id"]
    assert press.callback_query.message is not None
    assert press.callback_query.message.message_id == answer.message_id


async def test_url_buttons_cannot_be_pressed(bot: Bot, telegram: Telegram) -> None:
    person = telegram.person()
    person.send("hi")
    await bot.send_message(person.chat_id, "去私聊", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("打开", url="https://t.me/disclosure_bot?start=apply")]]))
    person.expect(1)
    with pytest.raises(AssertionError, match="sends nothing to the bot"):
        person.tap("打开")


async def test_expect_fails_clearly_and_receive_returns_what_came(
        bot: Bot, telegram: Telegram) -> None:
    person = telegram.person()
    person.send("hi")
    await bot.send_message(person.chat_id, "一")
    with pytest.raises(AssertionError, match="expected 2 message"):
        person.expect(2, timeout=0.3)
    assert [m["text"] for m in person.last] == ["一"]
    assert person.receive(1, timeout=0.2) == []  # already read
    with pytest.raises(DoubleError, match="chat not found"):
        telegram.watch(-999).receive(1, timeout=0.1)


async def test_a_watcher_reads_a_group_without_writing(bot: Bot, telegram: Telegram) -> None:
    telegram.chat(-700, title="工作群")
    staff_group = telegram.watch(-700)
    await bot.send_message(-700, "新申请 YSQ-2026-000001")
    assert staff_group.expect(1)[0]["chat"] == {"id": -700, "type": "group", "title": "工作群"}
    with pytest.raises(DoubleError, match="cannot write"):
        staff_group.send("hi")


def test_the_async_client_speaks_the_same_protocol(server: BotApiServer, token: str) -> None:
    async def scenario() -> list[str]:
        telegram = AsyncTelegram(server.url, token)
        try:
            people = [telegram.person(language_code="zh-hans") for _ in range(20)]
            async with Bot(token, base_url=f"{server.url}/bot") as bot:
                await asyncio.gather(*(p.send(f"#{i}") for i, p in enumerate(people)))
                for update in await bot.get_updates():
                    assert update.message is not None
                    await update.message.reply_text(f"re {update.message.text}")
            replies = await asyncio.gather(*(p.expect(1) for p in people))
            return [r[0]["text"] for r in replies]
        finally:
            await telegram.aclose()

    assert asyncio.run(scenario()) == [f"re #{i}" for i in range(20)]
