"""The Bot API side of the double, through python-telegram-bot's own Bot: what it
answers must parse as Telegram's answers do, and its refusals must be Telegram's."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    LinkPreviewOptions,
    MenuButtonCommands,
    ReplyParameters,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken

from tests.botapi import BotApiServer, Telegram

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("是", callback_data="yes"),
                                  InlineKeyboardButton("网站", url="https://example.gov.cn")]])


async def test_get_me_is_the_token_s_bot(bot: Bot, token: str) -> None:
    me = await bot.get_me()
    assert me.id == int(token.split(":")[0]) and me.is_bot and me.username


async def test_messages_are_telegram_shaped_with_ids_per_chat(bot: Bot,
                                                             telegram: Telegram) -> None:
    alice, group = telegram.person(first_name="Alice"), telegram.person(chat_id=-42)
    first = alice.send("你好")
    group.send("大家好")
    sent = await bot.send_message(alice.chat_id, "您好", reply_markup=KEYBOARD)
    posted = await bot.send_message(-42, "各位好")
    assert first["message_id"] == 1 and sent.message_id == 2 and posted.message_id == 2
    assert sent.chat.type == ChatType.PRIVATE and sent.chat.first_name == "Alice"
    assert posted.chat.type == ChatType.GROUP and posted.chat.id == -42
    assert sent.from_user is not None and sent.from_user.id == bot.id
    assert sent.reply_markup == KEYBOARD
    [seen] = alice.expect(1)
    assert seen["text"] == "您好" and isinstance(seen["date"], int)
    assert alice.buttons(seen) == [("是", "yes"), ("网站", "https://example.gov.cn")]


async def test_get_updates_offset_confirms_and_limit_caps(bot: Bot,
                                                         telegram: Telegram) -> None:
    person = telegram.person()
    for text in ("一", "二", "三"):
        person.send(text)
    updates = await bot.get_updates(limit=2)
    assert [u.message.text for u in updates if u.message] == ["一", "二"]
    again = await bot.get_updates()  # nothing confirmed yet: all three again
    assert len(again) == 3
    rest = await bot.get_updates(offset=updates[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["三"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1, timeout=0) == ()


async def test_long_poll_waits_and_wakes_on_an_update(bot: Bot, telegram: Telegram) -> None:
    person = telegram.person()
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=1, allowed_updates=["message"]) == ()
    assert loop.time() - started >= 0.9
    poll = asyncio.create_task(bot.get_updates(timeout=20, read_timeout=30))
    await asyncio.sleep(0)
    await loop.run_in_executor(None, person.send, "在吗")
    [update] = await asyncio.wait_for(poll, 10)
    assert update.message is not None and update.message.text == "在吗"


async def test_a_second_poller_ends_the_first_with_conflict(
        bot: Bot, telegram: Telegram, server: BotApiServer) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=20, read_timeout=30))
    assert await _wait_for(lambda: telegram.calls().get("getUpdates") == 1)
    async with Bot(bot.token, base_url=f"{server.url}/bot") as second_instance:
        assert await second_instance.get_updates(timeout=dt.timedelta(seconds=0.5)) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await asyncio.wait_for(first, 10)


async def _wait_for(check: Callable[[], bool], timeout: float = 5) -> bool:
    for _ in range(int(timeout / 0.02)):
        if check():
            return True
        await asyncio.sleep(0.02)
    return False


async def test_html_reply_and_link_preview(bot: Bot, telegram: Telegram) -> None:
    person = telegram.person()
    question = person.send("收费吗？")
    sent = await bot.send_message(person.chat_id, "<b>不收费</b>，见 <a href='https://x.cn'>第四十二条</a>",
                                  parse_mode="HTML",
                                  reply_parameters=ReplyParameters(question["message_id"]),
                                  link_preview_options=LinkPreviewOptions(is_disabled=True))
    assert sent.text == "不收费，见 第四十二条"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 3), ("text_link", 6, 5)]
    assert sent.reply_to_message is not None
    assert sent.reply_to_message.message_id == question["message_id"]
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(person.chat_id, "<b>未闭合", parse_mode="HTML")


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"chat_id": 999, "text": "hi"}, "Chat not found"),
    ({"text": " "}, "Message text is empty"),
    ({"text": "长" * 4097}, "Message is too long"),
    ({"text": "hi", "reply_markup": InlineKeyboardMarkup(
        [[InlineKeyboardButton("x", callback_data="d" * 65)]])}, "Button_data_invalid"),
    ({"text": "hi", "reply_parameters": ReplyParameters(999)}, "Message to be replied not found"),
])
async def test_send_message_refusals_are_telegram_s(bot: Bot, telegram: Telegram,
                                                    kwargs: dict[str, object], error: str
                                                    ) -> None:
    person = telegram.person()
    person.send("hi")
    with pytest.raises(BadRequest, match=error):
        await bot.send_message(**{"chat_id": person.chat_id, **kwargs})  # type: ignore[arg-type]


async def test_a_person_who_blocked_the_bot_gets_nothing(bot: Bot, telegram: Telegram
                                                          ) -> None:
    person = telegram.person()
    person.send("hi")
    person.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(person.chat_id, "答复")
    person.block(False)
    await bot.send_message(person.chat_id, "答复")
    assert [m["text"] for m in person.expect(1)] == ["答复"]


async def test_edit_delete_and_what_the_person_sees(bot: Bot, telegram: Telegram) -> None:
    person = telegram.person()
    person.send("hi")
    sent = await bot.send_message(person.chat_id, "第一版", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text("第二版", person.chat_id, sent.message_id)
    assert isinstance(edited, type(sent)) and edited.text == "第二版"
    assert edited.reply_markup is None and edited.edit_date is not None  # keyboard dropped
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("第二版", person.chat_id, sent.message_id)
    await bot.edit_message_reply_markup(person.chat_id, sent.message_id, reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", person.chat_id, 999)
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", person.chat_id, 1)  # the person's own message
    assert await bot.delete_message(person.chat_id, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(person.chat_id, sent.message_id)
    seen = person.expect(3)
    assert [m["text"] for m in seen] == ["第一版", "第二版", "第二版"]
    assert [m["message_id"] for m in person.history()] == [1]


async def test_callback_answers_are_recorded_once(bot: Bot, telegram: Telegram) -> None:
    person = telegram.person()
    person.send("hi")
    await bot.send_message(person.chat_id, "选一个", reply_markup=KEYBOARD)
    person.expect(1)
    person.press("是")
    query = (await bot.get_updates())[-1].callback_query
    assert query is not None and query.data == "yes" and query.message is not None
    assert await query.answer("收到", show_alert=True)
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer("again")
    assert person.callback_answers() == [{
        "callback_query_id": query.id, "user_id": person.user_id, "data": "yes",
        "text": "收到", "show_alert": True, "url": None, "cache_time": 0}]


async def test_command_menus_per_scope_and_language(bot: Bot, telegram: Telegram) -> None:
    staff = telegram.person(700)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.set_my_commands([BotCommand("queue", "待办")], scope=BotCommandScopeChat(700))
    staff.send("/start")
    await bot.set_my_commands([BotCommand("start", "开始")], scope=BotCommandScopeDefault())
    await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    await bot.set_my_commands([BotCommand("queue", "待办")], scope=BotCommandScopeChat(700))
    assert [c.description for c in await bot.get_my_commands(language_code="en")] == ["Start"]
    assert telegram.commands() == [{"command": "start", "description": "开始"}]
    assert telegram.commands({"type": "chat", "chat_id": 700}) == [
        {"command": "queue", "description": "待办"}]
    await bot.delete_my_commands(language_code="en")
    assert telegram.commands(language_code="en") == []
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


async def test_profile_settings_and_housekeeping(bot: Bot, telegram: Telegram) -> None:
    assert await bot.set_my_description("政府信息公开助手", language_code="zh")
    assert await bot.set_my_short_description("信息公开")
    assert await bot.set_my_name("公开助手")
    assert await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    assert (await bot.get_my_description(language_code="zh")).description == "政府信息公开助手"
    assert (await bot.get_my_name()).name == "公开助手"
    await bot.send_chat_action(telegram.person().send("hi")["chat"]["id"], "typing")
    assert await bot.log_out() and await bot.close()
    assert telegram.profile()["menu_button:"] == {"type": "commands"}


async def test_files_upload_by_file_id_and_download(bot: Bot, telegram: Telegram) -> None:
    person = telegram.person()
    evidence = person.send_photo(b"\xff\xd8photo-bytes", caption="现场照片")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.caption == "现场照片"
    sizes = update.message.photo
    assert [s.width for s in sizes] == [90, 320, 1280]
    forwarded = await bot.send_photo(-1 * 0 + person.chat_id, sizes[-1].file_id)
    assert forwarded.photo[-1].file_id == evidence["photo"][-1]["file_id"]
    uploaded = await bot.send_document(person.chat_id, b"%PDF-1.4 answer", filename="答复.pdf",
                                       caption="答复书")
    document = uploaded.document
    assert document is not None and document.file_name == "答复.pdf"
    assert document.mime_type == "application/pdf" and document.file_size == 15
    assert telegram.file(document.file_id) == b"%PDF-1.4 answer"
    file = await bot.get_file(sizes[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == b"\xff\xd8photo-bytes"
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(person.chat_id, "AgACAgIAAxkBAAnotafile")
    with pytest.raises(BadRequest, match="Type of file mismatch"):
        await bot.send_photo(person.chat_id, document.file_id)
    album = await bot.send_media_group(person.chat_id, [
        InputMediaPhoto(b"one", caption="第一张"), InputMediaPhoto(b"two")])
    assert len({m.media_group_id for m in album}) == 1 and album[0].caption == "第一张"
    assert [m["message_id"] for m in person.expect(4)] == [2, 3, 4, 5]


def test_unknown_methods_and_malformed_tokens_are_404(server: BotApiServer, token: str) -> None:
    unknown = httpx.post(f"{server.url}/bot{token}/sendTeleportation", json={})
    assert (unknown.status_code, unknown.json()) == (
        404, {"ok": False, "error_code": 404, "description": "Not Found"})
    assert httpx.get(f"{server.url}/botnot-a-token/getMe").status_code == 404
    assert httpx.get(f"{server.url}/bot{token}/GETME").json()["ok"]  # names ignore case
    refused = httpx.post(f"{server.url}/bot{token}/sendMessage", data={"chat_id": "5",
                                                                       "text": "x"})
    assert (refused.status_code, refused.json()) == (400, {
        "ok": False, "error_code": 400, "description": "Bad Request: chat not found"})


async def test_unregistered_tokens_are_401_when_only_registered_ones_are_served() -> None:
    with BotApiServer(any_token=False) as strict:
        Telegram(strict.url, "1:registered", username="registered_bot")
        async with Bot("1:registered", base_url=f"{strict.url}/bot") as bot:
            assert bot.username == "registered_bot"
        with pytest.raises(InvalidToken):
            async with Bot("2:unknown", base_url=f"{strict.url}/bot"):
                pass
