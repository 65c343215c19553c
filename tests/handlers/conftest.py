from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.services import Services
from handlers.app import build_application
from tests.helpers import VALID_ID
from tests.offline import OfflineRequest, Person, buttons


@dataclass
class Harness:
    app: Application  # type: ignore[type-arg]
    api: OfflineRequest
    services: Services

    @property
    def bot(self) -> Any:
        return self.app.bot

    async def feed(self, update: Update) -> None:
        await self.app.process_update(update)

    async def settle(self) -> None:
        """Until the albums being collected have been answered."""
        await self.app.bot_data["albums"].settle()


@pytest.fixture
async def harness(services: Services) -> AsyncIterator[Harness]:
    api = OfflineRequest()
    app = build_application(services, "123456:TEST-TOKEN", request=api, get_updates_request=api,
                            rate_limit=False, concurrent=False, album_quiet_seconds=0.05)
    await app.initialize()
    services.assistant.bot_username = app.bot.username or ""
    yield Harness(app, api, services)
    await app.shutdown()


class Conversation:
    """A resident talking to the bot through the handlers: what they send, what they
    press (by a part of the button's label), and what the bot sent back since."""

    def __init__(self, harness: Harness, person: Person) -> None:
        self.harness = harness
        self.person = person
        self.chat_id = int(person.chat["id"])
        self._seen = 0

    async def _feed(self, update: Update) -> list[dict[str, Any]]:
        self._seen = len(self.harness.api.sent(self.chat_id))
        await self.harness.feed(update)
        return self.replies

    async def say(self, text: str) -> list[dict[str, Any]]:
        return await self._feed(self.person.message(self.harness.bot, text))

    async def send(self, update: Update) -> list[dict[str, Any]]:
        return await self._feed(update)

    async def press(self, label_part: str) -> list[dict[str, Any]]:
        return await self._feed(self.person.press(self.harness.bot, self.button(label_part)))

    async def press_data(self, data: str) -> list[dict[str, Any]]:
        return await self._feed(self.person.press(self.harness.bot, data))

    @property
    def replies(self) -> list[dict[str, Any]]:
        return self.harness.api.sent(self.chat_id)[self._seen:]

    @property
    def text(self) -> str:
        return "\n".join(str(p.get("text") or p.get("caption") or "") for p in self.replies)

    def buttons(self) -> list[tuple[str, str]]:
        return [pair for reply in self.replies for pair in buttons(reply)]

    def button(self, label_part: str) -> str:
        for reply in reversed(self.replies):  # the latest message's buttons first
            for label, data in buttons(reply):
                if label_part in label:
                    return data
        raise AssertionError(f"no button with {label_part!r} in {self.buttons()}")


# The standard application, step by step through the handlers, as button data and text.
APPLICATION_STEPS: tuple[tuple[str, str], ...] = (
    ("text", "/apply"), ("press", "f:apply:consent:yes"), ("press", "f:apply:c:natural"),
    ("text", "张三"), ("press", "f:apply:c:resident_id"), ("text", VALID_ID),
    ("text", "13812348000"), ("press", "f:apply:skip:email"),
    ("text", "2025年新城区城中村改造项目的征收补偿方案"),
    ("press", "f:apply:skip:document_number"), ("press", "f:apply:c:electronic"),
    ("press", "f:apply:c:online"))


async def application_confirm_button(harness: Harness, person: Person) -> str:
    """Fill the standard application up to its summary; the confirm button's data."""
    for kind, value in APPLICATION_STEPS:
        update = person.message(harness.bot, value) if kind == "text" else \
            person.press(harness.bot, value)
        await harness.feed(update)
    summary = harness.api.sent(int(person.chat["id"]))[-1]
    return next(d for _, d in buttons(summary) if d.startswith("f:apply:confirm:"))
