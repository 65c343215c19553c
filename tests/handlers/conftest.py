from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.services import Services
from handlers.app import build_application
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
