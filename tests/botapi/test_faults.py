"""Scripted faults: 429 with retry_after, 5xx, slow answers that still act, dropped
connections that do not; limited to a method or not; and the per-method call count."""

from __future__ import annotations

import datetime as dt

import pytest
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from tests.botapi import BotApiServer, Telegram


async def test_flood_answers_429_with_retry_after(bot: Bot, telegram: Telegram) -> None:
    person = telegram.person()
    person.send("hi")
    telegram.fail("flood", count=2, method="sendMessage", retry_after=7)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(person.chat_id, "答复")
        assert caught.value.retry_after in (7, dt.timedelta(seconds=7))
    assert await bot.get_me()  # other methods are not affected
    await bot.send_message(person.chat_id, "答复")
    assert [m["text"] for m in person.expect(1)] == ["答复"]
    assert telegram.calls()["sendMessage"] == 3


async def test_server_errors_and_any_method_faults(bot: Bot, telegram: Telegram) -> None:
    telegram.fail("error", status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.get_me()
    telegram.fail("error")
    with pytest.raises(NetworkError):
        await bot.get_my_commands()
    assert await bot.get_my_commands() == ()


async def test_a_slow_answer_times_out_but_the_message_was_sent(
        server: BotApiServer, token: str, telegram: Telegram) -> None:
    person = telegram.person()
    person.send("hi")
    telegram.fail("slow", method="sendMessage", delay=1.0)
    impatient = HTTPXRequest(read_timeout=0.3)
    async with Bot(token, base_url=f"{server.url}/bot", request=impatient) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(person.chat_id, "答复")
    assert [m["text"] for m in person.expect(1)] == ["答复"]  # the unknown outcome: sent


async def test_a_dropped_connection_does_nothing(bot: Bot, telegram: Telegram) -> None:
    person = telegram.person()
    person.send("hi")
    telegram.fail("drop", method="sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(person.chat_id, "答复")
    assert person.receive(1, timeout=0.3) == []
    telegram.fail("drop", method="sendMessage")
    telegram.clear_faults()
    await bot.send_message(person.chat_id, "答复")
    assert len(person.expect(1)) == 1


def test_fault_kinds_are_checked(telegram: Telegram) -> None:
    with pytest.raises(AssertionError, match="unknown fault kind"):
        telegram.fail("explode")
