"""Webhook mode: the double POSTs each update to the bot's URL with the secret token
header, in order, retrying until the bot answers 2xx; getUpdates is then refused."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from telegram import Bot
from telegram.error import BadRequest, Conflict

from tests.botapi import Telegram


class Receiver:
    """A webhook endpoint that records what it gets and fails the first `failures`."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with receiver.arrived:
                    failing = receiver.failures > 0
                    receiver.failures -= 1
                    if not failing:
                        receiver.received.append(
                            (body, self.headers.get("X-Telegram-Bot-Api-Secret-Token")))
                    receiver.arrived.notify_all()
                self.send_response(500 if failing else 200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, n: int, timeout: float = 10) -> list[tuple[dict[str, Any], str | None]]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.received) >= n, timeout)
            return list(self.received)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    endpoint = Receiver(failures=2)
    yield endpoint
    endpoint.server.shutdown()


async def test_updates_are_posted_with_the_secret_and_retried(
        bot: Bot, telegram: Telegram, receiver: Receiver) -> None:
    person = telegram.person()
    person.send("早上好")  # waiting since before the webhook was set
    assert await bot.set_webhook(receiver.url, secret_token="s3cret-token_1",
                                 allowed_updates=["message", "callback_query"])
    person.send("在吗")
    received = receiver.wait(2)
    assert [(u["message"]["text"], secret) for u, secret in received] == [
        ("早上好", "s3cret-token_1"), ("在吗", "s3cret-token_1")]
    assert received[0][0]["update_id"] < received[1][0]["update_id"]
    for _ in range(200):  # the last one is confirmed once its 200 is read
        info = await bot.get_webhook_info()
        if info.pending_update_count == 0:
            break
        await asyncio.sleep(0.02)
    assert info.url == receiver.url and info.pending_update_count == 0
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
    assert info.allowed_updates == ("message", "callback_query")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()


async def test_delete_webhook_can_drop_what_is_pending(bot: Bot, telegram: Telegram) -> None:
    await bot.set_webhook("http://127.0.0.1:9/nobody-listens")
    telegram.person().send("一")
    assert (await bot.get_webhook_info()).pending_update_count == 1
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates() == ()


async def test_secret_tokens_are_checked(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="unallowed characters"):
        await bot.set_webhook("https://bot.example.gov.cn/telegram", secret_token="含中文")
