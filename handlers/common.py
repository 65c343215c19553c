"""Translating between Telegram and the conversation core, both ways."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import CallbackContext, ExtBot

from bot.chat.assistant import Reaction
from bot.messages import Event, EventKind, Keyboard, Media, Out
from bot.services import Services

log = logging.getLogger(__name__)

SEND_ATTEMPTS = 4
SEND_BACKOFF_SECONDS = 0.3  # doubled after each failed attempt


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


async def send(context: BotContext, chat_id: int, out: Out,
               reply_to: int | None = None) -> Message | None:
    """Send one message, riding out flood limits and passing network trouble; a
    message that still cannot go out is parked in the outbox for a later retry.
    `reply_to` threads it under a message of the chat (answers in groups)."""
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            if out.file_id:
                return await _send_file(context, chat_id, out)
            return await context.bot.send_message(chat_id, out.text,
                                                  reply_markup=markup(out.buttons),
                                                  reply_parameters=reply)
        except RetryAfter as exc:
            await asyncio.sleep(_seconds(exc.retry_after) + 0.1)
        except BadRequest as exc:
            # The request itself is wrong; sending it again would fail the same way.
            log.error("Bot API refused a message to chat %s: %s", chat_id, exc.message)
            return None
        except (TimedOut, NetworkError):
            if attempt == SEND_ATTEMPTS:
                break
            await asyncio.sleep(SEND_BACKOFF_SECONDS * 2 ** attempt)
        except Forbidden:
            log.info("chat %s blocked the bot; message dropped", chat_id)
            return None
    context.services.repo.park_message(chat_id, out)
    log.warning("message to chat %s parked in the outbox after %d attempts", chat_id,
                SEND_ATTEMPTS)
    return None


def _seconds(value: Any) -> float:
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)


async def _send_file(context: BotContext, chat_id: int, out: Out) -> Message:
    caption = out.text[:1024] or None
    keyboard = markup(out.buttons)
    if out.file_kind == "photo":
        return await context.bot.send_photo(chat_id, out.file_id, caption=caption,
                                            reply_markup=keyboard)
    if out.file_kind == "video":
        return await context.bot.send_video(chat_id, out.file_id, caption=caption,
                                            reply_markup=keyboard)
    if out.file_kind == "voice":
        return await context.bot.send_voice(chat_id, out.file_id, caption=caption,
                                            reply_markup=keyboard)
    if out.file_kind == "audio":
        return await context.bot.send_audio(chat_id, out.file_id, caption=caption,
                                            reply_markup=keyboard)
    if out.file_kind == "video_note":
        return await context.bot.send_video_note(chat_id, out.file_id, reply_markup=keyboard)
    return await context.bot.send_document(chat_id, out.file_id, caption=caption,
                                           reply_markup=keyboard)


async def deliver(update: Update, context: BotContext, reaction: Reaction) -> None:
    """Send what the core answered: edits in place where asked, new messages otherwise."""
    query = update.callback_query
    if query is not None:
        await _answer_query(query, reaction.notice)
    chat = update.effective_chat
    # In a group, an answer is threaded under the message it answers.
    asked = update.message if chat is not None and chat.type != "private" else None
    for out in reaction.messages:
        target = out.chat_id if out.chat_id is not None else (chat.id if chat else None)
        if target is None:
            continue
        if out.edit and query is not None and query.message is not None and not out.file_id:
            if await _edit(context, target, query.message.message_id, out):
                continue
            if out.markup_only:
                continue  # nothing new to say: the buttons simply stay
        reply_to = asked.message_id if asked is not None and target == asked.chat_id else None
        await send(context, target, out, reply_to=reply_to)


async def _edit(context: BotContext, chat_id: int, message_id: int, out: Out) -> bool:
    try:
        if out.markup_only:
            await context.bot.edit_message_reply_markup(chat_id, message_id,
                                                        reply_markup=markup(out.buttons))
        else:
            await context.bot.edit_message_text(out.text, chat_id, message_id,
                                                reply_markup=markup(out.buttons))
    except BadRequest:
        return False  # too old or unchanged: fall back to a new message
    return True


async def _answer_query(query: CallbackQuery, notice: str) -> None:
    # The spinner times out by itself; not worth failing the update over.
    with contextlib.suppress(BadRequest, NetworkError):
        await query.answer(notice[:200] or None)


async def respond(update: Update, context: BotContext, event: Event | None) -> None:
    if event is None:
        return
    reaction = context.services.assistant.handle(event)
    await deliver(update, context, reaction)
