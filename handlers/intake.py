"""What residents send that is not text: evidence for a complaint, or anything else.

Telegram delivers each file of an album (a media group) as its own update sharing a
`media_group_id`. They are collected until the group has been quiet for a moment and
handed to the core as one event, in the order sent, so ten photos get one reply.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from telegram import Update

from bot.messages import Media
from handlers.common import BotContext, event_from, media_of
from handlers.delivery import respond

ALBUM_QUIET_SECONDS = 1.0


@dataclass
class _Album:
    parts: list[tuple[int, Update, Media]] = field(default_factory=list)
    last_seen: float = 0.0


class AlbumCollector:
    """Albums being received, by (chat, media group)."""

    def __init__(self, quiet_seconds: float = ALBUM_QUIET_SECONDS) -> None:
        self.quiet_seconds = quiet_seconds
        self._albums: dict[tuple[int, str], _Album] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def add(self, key: tuple[int, str], message_id: int, update: Update, media: Media) -> bool:
        """Keep one part; True for the first part of a new album."""
        album = self._albums.get(key)
        first = album is None
        if album is None:
            album = self._albums[key] = _Album()
        album.parts.append((message_id, update, media))
        album.last_seen = time.monotonic()
        return first

    async def complete(self, key: tuple[int, str]) -> list[tuple[Update, Media]]:
        """Wait until the album has been quiet, then hand over its parts in order."""
        while True:
            await asyncio.sleep(self.quiet_seconds)
            album = self._albums[key]
            if time.monotonic() - album.last_seen >= self.quiet_seconds:
                break
        album = self._albums.pop(key)
        return [(update, media) for _, update, media in sorted(album.parts,
                                                               key=lambda part: part[0])]

    def track(self, task: asyncio.Task[None]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def settle(self) -> None:
        """Until every album being collected has been handled (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def albums(context: BotContext) -> AlbumCollector:
    collector = context.bot_data.get("albums")
    if not isinstance(collector, AlbumCollector):
        collector = context.bot_data["albums"] = AlbumCollector()
    return collector


async def on_media(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    media = media_of(message)
    if media is None:
        return
    if message.media_group_id:
        collector = albums(context)
        key = (message.chat_id, message.media_group_id)
        if collector.add(key, message.message_id, update, media):
            collector.track(asyncio.get_running_loop().create_task(
                _answer_album(key, update, context)))
        return
    await respond(update, context, event_from(update, "media", media=media,
                                              text=message.caption or ""))


async def _answer_album(key: tuple[int, str], first: Update, context: BotContext) -> None:
    """Runs outside the update that started it: failures go to the error handler."""
    try:
        parts = await albums(context).complete(key)
        caption = next((u.effective_message.caption for u, _ in parts
                        if u.effective_message and u.effective_message.caption), "")
        await respond(parts[0][0], context, event_from(
            parts[0][0], "media", media=parts[0][1], album=tuple(m for _, m in parts),
            text=caption or ""))
    except Exception as exc:  # handed to the application's error handler
        await context.application.process_error(first, exc)
