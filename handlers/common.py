"""Translating between Telegram and the conversation core, both ways."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackContext, ExtBot

from bot.messages import Event, EventKind, Keyboard, Media
from bot.services import Services


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context, with the product's services typed."""

    @property
    def services(self) -> Services:
        services: Services = self.bot_data["services"]
        return services


def markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(b.label, url=b.url) if b.url else
         InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
        for row in keyboard
    ])


FILE_KINDS = ("document", "video", "voice", "audio", "video_note")


def media_of(message: Message) -> Media | None:
    if message.photo:
        largest = message.photo[-1]
        return Media("photo", largest.file_id, "image/jpeg", largest.file_size or 0)
    for kind in FILE_KINDS:
        item = getattr(message, kind, None)
        if item is not None:
            return Media(kind, item.file_id, getattr(item, "mime_type", None) or "",
                         item.file_size or 0, getattr(item, "file_name", None) or "")
    for kind in ("sticker", "animation", "location", "contact", "venue", "poll", "dice",
                 "game"):
        if getattr(message, kind, None):
            return Media(kind)
    return None


def event_from(update: Update, kind: EventKind, **fields: Any) -> Event | None:
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return None
    return Event(user_id=user.id, chat_id=chat.id, kind=kind,
                 lang_hint=user.language_code, first_name=user.first_name or "",
                 username=user.username or "",
                 private=chat.type == "private", update_id=update.update_id, **fields)
