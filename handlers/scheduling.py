"""Fair scheduling of updates: each chat's updates are handled one at a time and in
order, different chats side by side. One person pressing a button 600 times occupies
one worker and waits behind themself; everyone else is served as usual."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)

WORKERS = 32  # chats handled at the same time
MAX_WAITING_PER_CHAT = 30  # beyond this, a chat's further updates are dropped
# The library's own bound counts updates waiting for their chat too, so it is set far
# above what WORKERS and MAX_WAITING_PER_CHAT allow.
TASK_BOUND = 100_000


class FairUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, workers: int = WORKERS,
                 max_waiting_per_chat: int = MAX_WAITING_PER_CHAT) -> None:
        super().__init__(TASK_BOUND)
        self._workers = asyncio.Semaphore(workers)
        self._max_waiting = max_waiting_per_chat
        self._chats: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self.dropped = 0

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = _chat_of(update)
        if chat is None:
            async with self._workers:
                await coroutine
            return
        if self._waiting.get(chat, 0) >= self._max_waiting:
            self.dropped += 1
            if asyncio.iscoroutine(coroutine):
                coroutine.close()
            log.info("flood from one chat: update dropped (%d so far)", self.dropped)
            return
        self._waiting[chat] = self._waiting.get(chat, 0) + 1
        lock = self._chats.setdefault(chat, asyncio.Lock())
        try:
            async with lock, self._workers:
                await coroutine
        finally:
            self._waiting[chat] -= 1
            if self._waiting[chat] == 0:
                del self._waiting[chat]
                self._chats.pop(chat, None)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _chat_of(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None
