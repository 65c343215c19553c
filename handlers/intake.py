"""What residents send that is not text: evidence for a complaint, or anything else."""

from __future__ import annotations

from telegram import Update

from handlers.common import BotContext, event_from, media_of
from handlers.delivery import respond


async def on_media(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    media = media_of(message)
    if media is None:
        return
    await respond(update, context, event_from(update, "media", media=media,
                                              text=message.caption or ""))
