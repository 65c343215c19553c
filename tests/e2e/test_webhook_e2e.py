"""Webhook mode: the Bot API double delivers updates by HTTP POST with the secret token
header, and retries while the bot is away."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.e2e.harness import BotApiServer, RunningBot, free_port, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
SECRET = "e2e-webhook-secret"


@pytest.fixture(scope="module")
def webhook_bot(botapi: BotApiServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[RunningBot, int]]:
    port = free_port()
    bot = RunningBot(botapi, tmp_path_factory.mktemp("webhook") / "bot.db", "--webhook",
                     DISCLOSURE_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
                     DISCLOSURE_WEBHOOK_SECRET=SECRET, DISCLOSURE_WEBHOOK_PORT=str(port),
                     DISCLOSURE_WEBHOOK_PATH="telegram")
    yield bot, port
    bot.stop()


def _post(url: str, body: dict[str, object], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_the_bot_registers_its_webhook_with_the_secret(webhook_bot: tuple[RunningBot, int]
                                                       ) -> None:
    bot, port = webhook_bot
    info = bot.telegram.webhook_info()
    assert info["url"] == f"http://127.0.0.1:{port}/telegram"
    assert "message" in info["allowed_updates"] and "callback_query" in info["allowed_updates"]
    assert bot.telegram.calls().get("getUpdates", 0) == 0  # no polling in webhook mode


def test_updates_with_the_right_secret_are_answered(webhook_bot: tuple[RunningBot, int]
                                                    ) -> None:
    bot, _ = webhook_bot
    resident = bot.telegram.person(31337)
    resident.say("/start")
    assert "政府信息公开助手" in resident.text
    resident.say("申请政府信息要交钱吗")
    assert "第四十二条" in resident.text
    resident.press("没帮助")  # a button press arrives by webhook too
    assert wait_until(lambda: resident.callback_answers())
    assert bot.telegram.webhook_info()["pending_update_count"] == 0


def test_updates_with_a_wrong_or_missing_secret_are_refused(webhook_bot: tuple[
        RunningBot, int]) -> None:
    bot, port = webhook_bot
    update = {"update_id": 999001, "message": {
        "message_id": 1, "date": 0, "text": "/start", "chat": {"id": 4242, "type": "private"},
        "from": {"id": 4242, "is_bot": False, "first_name": "Mallory"}}}
    url = f"http://127.0.0.1:{port}/telegram"
    assert _post(url, update, "wrong-secret") == 403
    assert _post(url, update, None) == 403
    # The bot's log reaches the harness through a pipe, a moment after the reply.
    assert bot.process.wait_for(lambda line: "wrong or missing secret" in line, timeout=10)


def test_health_endpoint(webhook_bot: tuple[RunningBot, int]) -> None:
    _, port = webhook_bot
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
        assert json.loads(response.read()) == {"status": "ok", "mode": "webhook"}


def test_the_same_update_delivered_twice_is_processed_once(webhook_bot: tuple[
        RunningBot, int]) -> None:
    bot, port = webhook_bot
    resident = bot.telegram.person(4343, first_name="Twice")
    resident.say("/start")  # the chat exists: the bot may write to it
    update = {"update_id": 777001, "message": {
        "message_id": 500, "date": 0, "text": "收费吗", "chat": {"id": 4343, "type": "private"},
        "from": {"id": 4343, "is_bot": False, "first_name": "Twice"}}}
    url = f"http://127.0.0.1:{port}/telegram"
    assert _post(url, update, SECRET) == 200
    assert _post(url, update, SECRET) == 200
    replies = resident.expect(1)
    replies += resident.receive(1, timeout=3)
    assert len(replies) == 1 and "第四十二条" in replies[0]["text"]


def test_a_message_sent_while_the_bot_is_down_is_redelivered(webhook_bot: tuple[
        RunningBot, int]) -> None:
    bot, _ = webhook_bot
    resident = bot.telegram.person(4444)
    bot.process.stop()
    resident.send("申请政府信息要交钱吗")
    info = wait_until(lambda: (i := bot.telegram.webhook_info()).get("last_error_message")
                      and i)
    assert info and info["pending_update_count"] == 1, info
    assert "Connection failed" in info["last_error_message"]
    bot.start()
    resident.expect(1, timeout=30)
    assert "第四十二条" in resident.text
    assert bot.telegram.webhook_info()["pending_update_count"] == 0
