"""Delivery: a receipt is sent exactly when a case is stored, whatever fails around it.
Handler level, through the offline Bot API with injected faults."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

import pytest
from telegram.error import Forbidden, TimedOut

import handlers.delivery
from bot.messages import Out, utf16_length
from handlers.errors import on_error
from handlers.jobs import flush_outbox
from handlers.scheduling import FairUpdateProcessor
from tests.handlers.conftest import Harness, application_confirm_button
from tests.helpers import file_application
from tests.offline import Person, server_error, too_many_requests

STAFF_CHAT = -1000
RECEIPT = "申请已提交"
STAFF_NOTICE = "🆕 新"


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handlers.delivery, "SEND_BACKOFF_SECONDS", 0.001)


class JobContext:
    """What a job or error callback reads: the bot, bot_data, the services, the error."""

    def __init__(self, harness: Harness, error: BaseException | None = None) -> None:
        self.bot = harness.app.bot
        self.bot_data = harness.app.bot_data
        self.error = error

    @property
    def services(self) -> Any:
        return self.bot_data["services"]


async def flush(harness: Harness) -> None:
    await flush_outbox(JobContext(harness))  # type: ignore[arg-type]


def count(harness: Harness, chat: int, part: str) -> int:
    return sum(part in text for text in harness.api.texts(chat))


def pending(harness: Harness) -> list[Any]:
    return harness.services.repo.pending_messages()


async def test_receipt_exactly_once_when_answering_the_button_gets_429(
        harness: Harness) -> None:
    person = Person()
    confirm = await application_confirm_button(harness, person)
    harness.api.clear()
    harness.api.fail_next = [too_many_requests(3)]  # the answerCallbackQuery
    await harness.feed(person.press(harness.bot, confirm))
    assert harness.api.failed[-1][0] == "answerCallbackQuery"
    assert count(harness, 42, RECEIPT) == 1 and count(harness, STAFF_CHAT, STAFF_NOTICE) == 1
    assert pending(harness) == []
    await flush(harness)
    assert count(harness, 42, RECEIPT) == 1 and count(harness, STAFF_CHAT, STAFF_NOTICE) == 1


async def test_killed_between_commit_and_send_the_sender_delivers_once(
        harness: Harness) -> None:
    person = Person()
    confirm = await application_confirm_button(harness, person)
    harness.api.clear()
    # The core commits the case (with its notices) and the process dies before sending.
    from bot.messages import Event

    harness.services.assistant.handle(Event(user_id=42, chat_id=42, kind="button",
                                            data=confirm))
    assert len(harness.services.repo.list_cases()) == 1 and harness.api.texts() == []
    await flush(harness)
    await flush(harness)
    assert count(harness, 42, RECEIPT) == 1 and count(harness, STAFF_CHAT, STAFF_NOTICE) == 1
    assert pending(harness) == []


async def test_an_unknown_outcome_is_retried_once_then_given_up_and_staff_told(
        harness: Harness) -> None:
    person = Person()
    confirm = await application_confirm_button(harness, person)
    harness.api.clear()
    harness.api.failed.clear()
    # The button answer succeeds; the receipt's sendMessage times out twice (Telegram may
    # have delivered it each time): one retry, then no more.
    harness.api.fail_next = []
    original = harness.api.do_request
    timeouts = {"left": 5}

    async def slow_receipts(url: str, method: str, request_data: Any = None, *args: Any,
                            **kwargs: Any) -> tuple[int, bytes]:
        params = dict(request_data.parameters) if request_data else {}
        if url.endswith("sendMessage") and RECEIPT in str(params.get("text")) \
                and timeouts["left"] > 0:
            timeouts["left"] -= 1
            harness.api.failed.append(("sendMessage", params))
            raise TimedOut("read timeout")
        return await original(url, method, request_data, *args, **kwargs)

    harness.api.do_request = slow_receipts  # type: ignore[method-assign]
    await harness.feed(person.press(harness.bot, confirm))
    for _ in range(3):
        await flush(harness)
    tries = [p for e, p in harness.api.failed if e == "sendMessage"]
    assert len(tries) == 2  # the first send and one retry: at most one duplicate
    assert pending(harness) == []
    alerts = [t for t in harness.api.texts(STAFF_CHAT) if "未能送达" in t]
    assert len(alerts) == 1 and "YSQ-2026-000001" in alerts[0]


async def test_outage_during_confirm_stores_once_and_the_receipt_follows(
        harness: Harness) -> None:
    person = Person()
    confirm = await application_confirm_button(harness, person)
    harness.api.clear()
    harness.api.fail_next = [server_error()] * 30
    await harness.feed(person.press(harness.bot, confirm))
    await harness.feed(person.press(harness.bot, confirm))
    assert len(harness.services.repo.list_cases()) == 1
    harness.api.fail_next = []
    await flush(harness)
    assert count(harness, 42, RECEIPT) == 1 and count(harness, STAFF_CHAT, STAFF_NOTICE) == 1


async def test_a_long_answer_is_split_at_line_breaks_within_telegrams_limit(
        harness: Harness) -> None:
    person = Person()
    await harness.feed(person.press(harness.bot, await application_confirm_button(harness, person)))
    harness.api.clear()
    reply = "\n".join(f"第{i}段：依据《条例》第三十三条答复如下 😀😀😀" for i in range(200))
    staff = Person(user_id=500)
    await harness.feed(staff.message(harness.bot, f"/answer YSQ-2026-000001 1 {reply}"))
    parts = harness.api.texts(42)
    assert len(parts) >= 2
    assert all(utf16_length(p) <= 4096 for p in parts)
    assert all(not p.startswith("段") for p in parts)  # cut between lines, not inside one
    assert "第199段" in parts[-1] and pending(harness) == []


async def test_a_blocked_resident_is_reported_to_staff(harness: Harness) -> None:
    person = Person()
    await harness.feed(person.press(harness.bot, await application_confirm_button(harness, person)))
    harness.api.clear()
    harness.api.fail_next = [Forbidden("bot was blocked by the user")]
    await harness.feed(Person(user_id=500).message(harness.bot, "/accept YSQ-2026-000001"))
    await flush(harness)
    alerts = [t for t in harness.api.texts(STAFF_CHAT) if "未能送达" in t]
    assert len(alerts) == 1 and "blocked" in alerts[0]


async def test_a_parked_photo_is_resent_as_a_photo(harness: Harness) -> None:
    harness.services.repo.park_message(500, Out("证据 1", file_id="PHOTO-ID", file_kind="photo"))
    await flush(harness)
    [(endpoint, params)] = harness.api.calls[-1:]
    assert endpoint == "sendPhoto" and params["photo"] == "PHOTO-ID"
    assert params["caption"] == "证据 1"


async def test_an_outage_alerts_staff_once_when_it_starts_and_once_when_it_ends(
        harness: Harness) -> None:
    from telegram.error import NetworkError

    for _ in range(7):  # getUpdates failing, poll after poll
        await on_error(None, JobContext(harness, NetworkError("Bad Gateway")))  # type: ignore[arg-type]
    await flush(harness)
    assert harness.api.texts(STAFF_CHAT)[0].startswith("⚠️")  # the start, once
    harness.app.bot_data["health"].polled()  # a poll is answered again
    await flush(harness)
    await flush(harness)
    alerts = harness.api.texts(STAFF_CHAT)
    assert len(alerts) == 2
    assert "无法连接" in alerts[0] and "Bad Gateway" in alerts[0]
    assert "已恢复" in alerts[1] and "Bad Gateway" in alerts[1]


async def test_a_sending_outage_alerts_once_and_ends_with_the_first_delivery(
        harness: Harness) -> None:
    harness.services.repo.park_message(42, Out("通知"))
    harness.api.fail_next = [server_error()] * 12
    for _ in range(3):
        await flush(harness)  # each pass fails: one alert is queued, not three
    harness.api.fail_next = []
    await flush(harness)
    await flush(harness)
    alerts = harness.api.texts(STAFF_CHAT)
    assert len(alerts) == 2 and "无法连接" in alerts[0] and "已恢复" in alerts[1]
    assert harness.api.texts(42) == ["通知"]


async def test_many_staff_notices_at_once_become_a_digest(harness: Harness) -> None:
    for i in range(200):
        harness.services.repo.park_message(STAFF_CHAT, Out(f"🆕 新申请 YSQ-2026-{i:06d}"))
    await flush(harness)
    sent = harness.api.texts(STAFF_CHAT)
    assert 1 <= len(sent) <= 3 and "200" in sent[0]
    assert all(f"YSQ-2026-{i:06d}" in "\n".join(sent) for i in range(200))
    assert pending(harness) == []


async def test_a_database_failure_gets_one_apology(harness: Harness) -> None:
    def locked(*args: object) -> bool:
        raise sqlite3.OperationalError("database is locked")

    harness.services.repo.first_delivery = locked  # type: ignore[method-assign]
    harness.services.assistant.handle = locked  # type: ignore[method-assign]
    await harness.feed(Person().message(harness.bot, "申请要收费吗"))
    replies = harness.api.texts(42)
    assert len(replies) == 1 and "系统正忙" in replies[0]


async def test_an_outside_write_lock_gets_a_busy_reply_without_freezing_the_bot(
        harness: Harness) -> None:
    blocker = sqlite3.connect(harness.services.settings.db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.05)
            ticks += 1

    task = asyncio.create_task(ticker())
    started = time.monotonic()
    try:
        await harness.feed(Person().message(harness.bot, "申请要收费吗"))
    finally:
        task.cancel()
        blocker.execute("ROLLBACK")
        blocker.close()
    assert time.monotonic() - started < 15
    assert ticks >= 10  # the event loop kept running while the database was locked
    [reply] = harness.api.texts(42)
    assert "系统正忙" in reply


async def test_a_button_flood_is_cut_short(harness: Harness) -> None:
    flooder = Person(user_id=43)
    for _ in range(600):
        await harness.feed(flooder.press(harness.bot, "menu"))
    assert len(harness.api.texts(43)) <= 40
    await harness.feed(Person().message(harness.bot, "/help"))
    assert len(harness.api.texts(42)) == 1


async def test_one_chats_flood_never_delays_other_chats() -> None:
    processor = FairUpdateProcessor(workers=4, max_waiting_per_chat=1000)
    finished: list[str] = []

    async def work(name: str) -> None:
        await asyncio.sleep(0.01)
        finished.append(name)

    from telegram import Chat, Message, Update

    def update(chat_id: int) -> Update:
        chat = Chat(chat_id, "private")
        return Update(1, message=Message(1, None, chat))  # type: ignore[arg-type]

    flood = [asyncio.create_task(processor.process_update(update(1), work("flood")))
             for _ in range(100)]
    await asyncio.sleep(0)
    other = asyncio.create_task(processor.process_update(update(2), work("other")))
    await other
    assert finished.count("flood") <= 5  # served after a handful, not after 100
    await asyncio.gather(*flood)


async def test_a_burst_of_filings_reaches_the_staff_chat_as_a_digest(harness: Harness) -> None:
    from bot.messages import Event

    residents = [Person(user_id=1000 + i) for i in range(8)]
    confirms = [await application_confirm_button(harness, person) for person in residents]
    harness.api.clear()
    # Filings committed faster than their notices go out (as 200 at once would be)...
    for person, confirm in zip(residents[:-1], confirms, strict=False):
        harness.services.assistant.handle(Event(user_id=person.user["id"],
                                                chat_id=person.user["id"], kind="button",
                                                data=confirm))
    # ...then one more through Telegram: its receipt goes at once, its staff notice joins
    # the backlog.
    await harness.feed(residents[-1].press(harness.bot, confirms[-1]))
    await flush(harness)
    assert all(count(harness, p.user["id"], RECEIPT) == 1 for p in residents)
    staff = harness.api.texts(STAFF_CHAT)
    assert len(staff) == 1 and "8" in staff[0] and staff[0].count(STAFF_NOTICE) == 8
    assert pending(harness) == []


async def test_an_outage_alert_never_quotes_the_token(harness: Harness) -> None:
    from telegram.error import NetworkError

    token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abc"
    error = NetworkError(f"httpx.ConnectError: https://api.telegram.org/bot{token}/getUpdates")
    await on_error(None, JobContext(harness, error))  # type: ignore[arg-type]
    await flush(harness)
    [alert] = harness.api.texts(STAFF_CHAT)
    assert "ConnectError" in alert and token not in alert and "ABCDEFGHIJ" not in alert


async def test_staff_alerts_name_the_database_reason(harness: Harness) -> None:
    def read_only(*args: object) -> bool:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    harness.services.assistant.handle = read_only  # type: ignore[method-assign]
    await harness.feed(Person().message(harness.bot, "申请要收费吗"))
    [alert] = harness.api.texts(STAFF_CHAT)
    assert "OperationalError (database read-only)" in alert
    [apology] = harness.api.texts(42)
    assert "抱歉" in apology


async def test_a_letter_whose_upload_fails_is_sent_later_with_its_file(
        harness: Harness) -> None:
    """A letter is queued with its bytes (from the web desk or `/letter … send`): when
    the Bot API is down at that moment, the sender uploads the same file later, once."""
    _, number = file_application(harness.services)
    harness.services.workflow.answer(number, 500, "1", "所申请的文件见附件")
    harness.api.clear()
    harness.api.fail_next = [server_error()] * 12
    await harness.feed(Person(user_id=500).message(harness.bot,
                                                   f"/letter {number} reply send"))
    assert not [p for p in harness.api.calls_to("sendDocument") if int(p["chat_id"]) == 42]
    [waiting] = [p for p in pending(harness) if p.out.document]
    assert waiting.chat_id == 42 and waiting.out.document.startswith(b"%PDF")
    harness.api.fail_next = []
    await flush(harness)
    delivered = [p for p in harness.api.calls_to("sendDocument") if int(p["chat_id"]) == 42]
    assert len(delivered) == 1 and "答复书" in delivered[0]["caption"]
    assert not [p for p in pending(harness) if p.out.document]
