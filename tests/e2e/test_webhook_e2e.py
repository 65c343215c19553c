"""Webhook mode: the emulator delivers updates by HTTP POST with the secret token header."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import Person, Process, free_port, new_token, start_bot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
SECRET = "e2e-webhook-secret"


@pytest.fixture(scope="module")
def webhook_bot(emulator: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[str, int, Process]]:
    token, port = new_token(), free_port()
    db: Path = tmp_path_factory.mktemp("webhook") / "bot.db"
    process = start_bot(emulator, token, db, "--webhook",
                        DISCLOSURE_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
                        DISCLOSURE_WEBHOOK_SECRET=SECRET, DISCLOSURE_WEBHOOK_PORT=str(port),
                        DISCLOSURE_WEBHOOK_PATH="telegram")
    yield token, port, process
    process.stop()


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


def test_updates_with_the_right_secret_are_answered(emulator: str, webhook_bot: tuple[
        str, int, Process]) -> None:
    token, _, _ = webhook_bot
    resident = Person(emulator, token, 31337)
    resident.say("/start")
    assert "政府信息公开助手" in resident.text
    resident.say("申请政府信息要交钱吗")
    assert "第四十二条" in resident.text


def test_updates_with_a_wrong_or_missing_secret_are_refused(webhook_bot: tuple[
        str, int, Process]) -> None:
    _, port, process = webhook_bot
    update = {"update_id": 999001, "message": {
        "message_id": 1, "date": 0, "text": "/start", "chat": {"id": 4242, "type": "private"},
        "from": {"id": 4242, "is_bot": False, "first_name": "Mallory"}}}
    url = f"http://127.0.0.1:{port}/telegram"
    assert _post(url, update, "wrong-secret") == 403
    assert _post(url, update, None) == 403
    assert "wrong or missing secret" in process.output


def test_health_endpoint(webhook_bot: tuple[str, int, Process]) -> None:
    _, port, _ = webhook_bot
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
        assert json.loads(response.read()) == {"status": "ok", "mode": "webhook"}


def test_the_same_update_delivered_twice_is_processed_once(emulator: str, webhook_bot: tuple[
        str, int, Process]) -> None:
    token, port, _ = webhook_bot
    resident = Person(emulator, token, 4343)
    update = {"update_id": 777001, "message": {
        "message_id": 5, "date": 0, "text": "收费吗", "chat": {"id": 4343, "type": "private"},
        "from": {"id": 4343, "is_bot": False, "first_name": "Twice"}}}
    url = f"http://127.0.0.1:{port}/telegram"
    assert _post(url, update, SECRET) == 200
    assert _post(url, update, SECRET) == 200
    replies = resident.wait_updates(2, timeout=3)
    assert len(replies) == 1
