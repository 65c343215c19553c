"""Security at the Telegram edge: the webhook's secret and parsing, and logs that hold no
personal data at any level."""

from __future__ import annotations

import io
import json
import logging
import socket
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from tornado.httpserver import HTTPServer

from bot.config import ConfigError, WebhookSettings
from bot.logs import setup_logging
from handlers import webhook
from tests.handlers.conftest import Harness
from tests.helpers import VALID_ID
from tests.offline import Person, buttons

SECRET = "right-secret-123"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def server(harness: Harness) -> AsyncIterator[str]:
    settings = WebhookSettings(port=_free_port(), secret_token=SECRET)  # type: ignore[arg-type]
    http = HTTPServer(webhook.web_application(harness.app, settings))
    http.listen(settings.port, "127.0.0.1")
    yield f"http://127.0.0.1:{settings.port}/telegram"
    http.stop()


async def test_webhook_mode_refuses_to_start_without_a_secret(harness: Harness) -> None:
    with pytest.raises(ConfigError, match="DISCLOSURE_WEBHOOK_SECRET"):
        await webhook.serve(harness.app, WebhookSettings(url="https://x.example/telegram"))


@pytest.mark.parametrize("body", [b"{not json", b"[]", b"null", b"42", b'"text"',
                                  b'{"update_id": "x"}', b'{"message": 1}',
                                  b'{"update_id": 1, "message": {"x": 1}}',
                                  b'{"update_id": 1, "message": {"message_id": 1, '
                                  b'"date": "zz", "chat": 5}}', b"\xff\xfe"])
async def test_malformed_updates_with_the_right_secret_get_400(server: str, body: bytes,
                                                               harness: Harness) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(server, content=body,
                                     headers={webhook.SECRET_HEADER: SECRET})
    assert response.status_code == 400
    assert response.json() == {"ok": False, "description": "malformed update"}
    assert harness.app.update_queue.empty()


async def test_forged_updates_without_the_secret_are_refused(server: str,
                                                             harness: Harness) -> None:
    update = {"update_id": 5, "message": {"message_id": 1, "date": 0, "text": "/case X",
                                          "chat": {"id": 500, "type": "private"},
                                          "from": {"id": 500, "is_bot": False,
                                                   "first_name": "x"}}}
    async with httpx.AsyncClient() as client:
        for headers in ({}, {webhook.SECRET_HEADER: "wrong"}, {webhook.SECRET_HEADER: ""}):
            response = await client.post(server, content=json.dumps(update), headers=headers)
            assert response.status_code == 403
        good = await client.post(server, content=json.dumps(update),
                                 headers={webhook.SECRET_HEADER: SECRET})
    assert good.status_code == 200
    assert (await harness.app.update_queue.get()).update_id == 5


@pytest.fixture
def debug_logs() -> Iterator[io.StringIO]:
    """The process's logging as `run` sets it up, at DEBUG, written to a buffer."""
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    setup_logging("plain", "DEBUG", secrets=["123456:TEST-TOKEN"])
    buffer = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    yield buffer
    root.handlers[:] = saved
    root.setLevel(level)


async def test_debug_logs_hold_no_personal_data(harness: Harness,
                                                debug_logs: io.StringIO) -> None:
    person = Person(first_name="Zhangsan")
    steps = [("text", "/apply"), ("press", "f:apply:consent:yes"),
             ("press", "f:apply:c:natural"), ("text", "王小明"), ("press", "f:apply:c:resident_id"),
             ("text", VALID_ID), ("text", "13812348000"), ("text", "wxm@example.com"),
             ("text", "请公开新城区长安路88号的拆迁补偿方案"),
             ("press", "f:apply:skip:document_number"),
             ("press", "f:apply:c:electronic"), ("press", "f:apply:c:online")]
    for kind, value in steps:
        update = person.message(harness.bot, value) if kind == "text" else \
            person.press(harness.bot, value)
        await harness.feed(update)
    confirm = next(d for _, d in buttons(harness.api.sent(42)[-1])
                   if d.startswith("f:apply:confirm:"))
    await harness.feed(person.press(harness.bot, confirm))
    logging.getLogger("telegram.test").debug("raw %s", {"text": "王小明 13812348000"})
    err = debug_logs.getvalue()
    assert "DEBUG" in err and "sendMessage" in err  # the library did log at DEBUG
    for secret in ("王小明", "Zhangsan", VALID_ID, "13812348000", "wxm@example.com",
                   "长安路88号", "拆迁补偿方案", "TEST-TOKEN"):
        assert secret not in err, secret
