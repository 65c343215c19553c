"""Getting messages to Telegram, and knowing whether they got there.

A reply that only answers the person (a topic, a form step) is sent directly and parked
in the outbox if the Bot API is unwell. A notice that reports a state change (a receipt,
a staff decision) was written to the outbox with the change; it is claimed, sent and
marked delivered here, so it arrives exactly once whatever fails in between.

Failures fall in three kinds. Known not delivered (429, 5xx, no connection): retried,
then left in the outbox. Never deliverable (the request is refused, the person blocked
the bot): given up, and staff are told. Unknown (the request went out and no answer came
back: a read timeout, a dropped connection): Telegram may have delivered it, so it is
retried once at most, and then given up rather than risk a string of duplicates.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, TypeVar

import httpx
from telegram import CallbackQuery, InputFile, ReplyParameters, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.alerts import DIGEST_AFTER
from bot.chat.assistant import Reaction
from bot.messages import CAPTION_LIMIT, TEXT_LIMIT, Event, Out, split_text, utf16_length
from bot.services import Services
from bot.staff.admin import prepare_quietly
from bot.store.outbox import Parked
from handlers.common import BotContext, markup

log = logging.getLogger(__name__)
T = TypeVar("T")

SEND_ATTEMPTS = 4
SEND_BACKOFF_SECONDS = 0.3  # doubled after each failed attempt
UNKNOWN_RETRIES = 1  # a send whose outcome is unknown is repeated at most this often
MAX_FLOOD_WAIT_SECONDS = 60  # a longer retry_after is left to the outbox sender
MAX_OUTBOX_ATTEMPTS = 200  # about an hour of the sender retrying a message


class Status(Enum):
    SENT = "sent"
    RETRY = "retry"  # known not delivered: try again later
    FAILED = "failed"  # will never be delivered
    UNKNOWN = "unknown"  # may or may not have arrived; not repeated again


@dataclass(frozen=True)
class Result:
    status: Status
    parts_sent: int = 0
    reason: str = ""


async def in_store(context: BotContext, work: Callable[..., T], *args: Any) -> T:
    """Run database work (and the core, which does database work) on the store's own
    thread, so a slow or locked database never stalls the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(context.services.store_executor,
                                      lambda: work(*args))


async def prepare_knowledge(services: Services) -> None:
    """The slow part of a reload (indexing the base: seconds after an edit) on a thread of
    its own, while the store's thread goes on answering residents; the reload that follows
    on the store's thread then only swaps the prepared base in."""
    await asyncio.get_running_loop().run_in_executor(None, prepare_quietly, services.engine)


def outcome_unknown(error: TelegramError) -> bool:
    """True when the request may have reached Telegram: a timeout while waiting for the
    answer, or a connection dropped after the request was written. Timeouts while
    connecting or waiting for a free connection mean it never left."""
    cause = error.__cause__
    if isinstance(error, TimedOut):
        return not isinstance(cause, httpx.ConnectTimeout | httpx.PoolTimeout) \
            and "Pool timeout" not in str(error)
    return isinstance(cause, httpx.ReadError | httpx.RemoteProtocolError)


def _reason(error: TelegramError) -> str:
    if isinstance(error, Forbidden):
        return "blocked by the person"
    if isinstance(error, BadRequest):
        return f"refused: {error.message[:80]}"
    if isinstance(error, RetryAfter):
        return "flood limit"
    if outcome_unknown(error):
        return "no answer"
    return f"unavailable: {type(error).__name__}"


def parts_of(out: Out) -> list[Out]:
    """The requests that carry `out`: a long text split at line breaks under Telegram's
    4096 UTF-16 units; a file with the first 1024 units as its caption and the rest as
    text. The buttons go with the last part."""
    if out.file_id or out.document:
        captions = split_text(out.text, CAPTION_LIMIT)
        rest = out.text[len(captions[0]):].lstrip("\n") if len(captions) > 1 else ""
        parts = [replace(out, text=captions[0], buttons=())]
        parts += [Out(text) for text in split_text(rest, TEXT_LIMIT)] if rest else []
    else:
        parts = [Out(text) for text in split_text(out.text, TEXT_LIMIT)]
    parts[-1] = replace(parts[-1], buttons=out.buttons)
    return parts


async def _request(context: BotContext, chat_id: int, part: Out,
                   reply_to: int | None = None) -> None:
    keyboard = markup(part.buttons)
    if part.document:  # a document made here (a letter): uploaded
        upload = InputFile(io.BytesIO(part.document),
                           filename=part.file_name or "disclosure-letter.pdf")
        await context.bot.send_document(chat_id, upload, caption=part.text or None,
                                        reply_markup=keyboard)
        return
    if part.file_id:
        await _send_file(context, chat_id, part)
        return
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    await context.bot.send_message(chat_id, part.text, reply_markup=keyboard,
                                   reply_parameters=reply)


async def _send_file(context: BotContext, chat_id: int, part: Out) -> None:
    """Evidence is re-sent by its file id as the kind it was received as."""
    bot, file_id, keyboard = context.bot, part.file_id, markup(part.buttons)
    caption = part.text or None
    if part.file_kind == "photo":
        await bot.send_photo(chat_id, file_id, caption=caption, reply_markup=keyboard)
    elif part.file_kind == "video":
        await bot.send_video(chat_id, file_id, caption=caption, reply_markup=keyboard)
    elif part.file_kind == "voice":
        await bot.send_voice(chat_id, file_id, caption=caption, reply_markup=keyboard)
    elif part.file_kind == "audio":
        await bot.send_audio(chat_id, file_id, caption=caption, reply_markup=keyboard)
    elif part.file_kind == "video_note":
        await bot.send_video_note(chat_id, file_id, reply_markup=keyboard)
    else:
        await bot.send_document(chat_id, file_id, caption=caption, reply_markup=keyboard)


async def _send_part(context: BotContext, chat_id: int, part: Out,
                     reply_to: int | None = None) -> Result:
    unknown = 0
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            await _request(context, chat_id, part, reply_to)
            return Result(Status.SENT)
        except RetryAfter as exc:
            wait = _seconds(exc.retry_after)
            if wait > MAX_FLOOD_WAIT_SECONDS or attempt == SEND_ATTEMPTS:
                return Result(Status.RETRY, reason=_reason(exc))
            await asyncio.sleep(wait + 0.1)
        except (BadRequest, Forbidden) as exc:
            return Result(Status.FAILED, reason=_reason(exc))
        except NetworkError as exc:  # TimedOut is a NetworkError too
            if outcome_unknown(exc):
                unknown += 1
                if unknown > UNKNOWN_RETRIES:
                    return Result(Status.UNKNOWN, reason=_reason(exc))
            if attempt == SEND_ATTEMPTS:
                return Result(Status.RETRY, reason=_reason(exc))
            await asyncio.sleep(SEND_BACKOFF_SECONDS * 2 ** attempt)
    return Result(Status.RETRY, reason="attempts exhausted")  # pragma: no cover


async def transmit(context: BotContext, chat_id: int, out: Out, start: int = 0,
                   progress: Callable[[int], Awaitable[None]] | None = None,
                   reply_to: int | None = None) -> Result:
    """Send `out` from part `start` on; `progress(n)` records n parts delivered. The
    first part is threaded under `reply_to` when given (answers in groups)."""
    parts = parts_of(out)
    for index in range(start, len(parts)):
        result = await _send_part(context, chat_id, parts[index],
                                  reply_to if index == 0 else None)
        if result.status is not Status.SENT:
            return replace(result, parts_sent=index)
        if progress is not None and index + 1 < len(parts):
            await progress(index + 1)
    return Result(Status.SENT, parts_sent=len(parts))


async def send(context: BotContext, chat_id: int, out: Out,
               reply_to: int | None = None) -> Result:
    """Send a reply; if the Bot API is unwell, park it in the outbox for the sender."""
    result = await transmit(context, chat_id, out, reply_to=reply_to)
    repo = context.services.repo
    if result.status is Status.RETRY:
        def park() -> None:
            message_id = repo.park_message(chat_id, out)
            if result.parts_sent:
                repo.mark_part_sent(message_id, result.parts_sent)
        await in_store(context, park)
        log.warning("message to chat %s parked in the outbox: %s", chat_id, result.reason)
    elif result.status is not Status.SENT:
        log.warning("message to chat %s not delivered: %s", chat_id, result.reason)
    return result


async def deliver_parked(context: BotContext, parked: Parked) -> Result:
    """Send one claimed outbox message and record what happened to it."""
    repo = context.services.repo

    async def progress(parts: int) -> None:
        await in_store(context, repo.mark_part_sent, parked.id, parts)

    result = await transmit(context, parked.chat_id, parked.out, parked.parts_sent, progress)
    if result.status is Status.SENT:
        await in_store(context, repo.mark_sent, parked.id)
    elif result.status is Status.RETRY and parked.attempts + 1 < MAX_OUTBOX_ATTEMPTS:
        await in_store(context, repo.mark_attempt, parked.id, result.reason)
    else:
        await in_store(context, repo.mark_failed, parked.id, result.reason)
        await _tell_staff_undelivered(context, parked, result.reason)
    return result


async def _tell_staff_undelivered(context: BotContext, parked: Parked, reason: str) -> None:
    services = context.services
    staff_chat = services.settings.staff_chat_id
    log.warning("outbox message %s given up: %s", parked.id, reason)
    if staff_chat is None or parked.chat_id == staff_chat:
        return
    alert = Out(services.texts.staff("staff.undelivered", ref=parked.ref or "-",
                                   reason=reason), chat_id=staff_chat)
    await in_store(context, services.repo.park_message, staff_chat, alert)


async def deliver_queued(context: BotContext, out: Out) -> None:
    """A notice queued with its change: claim it (the background sender may be at it
    already), send it, record the outcome."""
    repo = context.services.repo
    staff_chat = context.services.settings.staff_chat_id

    def claim() -> Parked | None:
        # A burst of staff notices (200 filings at once) is left to the sender, which
        # sends the backlog as one digest instead of 200 messages at 20 a minute.
        if out.chat_id == staff_chat and staff_chat is not None \
                and repo.waiting_for(staff_chat) > DIGEST_AFTER:
            return None
        return repo.parked(out.outbox_id) if repo.claim(out.outbox_id) else None

    parked = await in_store(context, claim)
    if parked is not None:
        await deliver_parked(context, parked)


async def deliver(update: Update, context: BotContext, reaction: Reaction) -> None:
    """Send what the core answered: edits in place where asked, new messages otherwise.
    Answering the button press comes first and may fail without stopping anything."""
    query = update.callback_query
    if query is not None:
        await _answer_query(query, reaction.notice)
    chat = update.effective_chat
    # In a group, an answer is threaded under the message it answers.
    asked = update.message if chat is not None and chat.type != "private" else None
    for out in reaction.messages:
        if out.outbox_id:
            await deliver_queued(context, out)
            continue
        target = out.chat_id if out.chat_id is not None else (chat.id if chat else None)
        if target is None:
            continue
        if out.edit and query is not None and query.message is not None and not out.file_id \
                and not out.document \
                and utf16_length(out.text) <= TEXT_LIMIT:
            if await _edit(context, target, query.message.message_id, out):
                continue
            if out.markup_only:
                continue  # nothing new to say: the buttons simply stay
        reply_to = asked.message_id if asked is not None and target == asked.chat_id else None
        await send(context, target, out, reply_to=reply_to)


async def _edit(context: BotContext, chat_id: int, message_id: int, out: Out) -> bool:
    """Change the message whose button was pressed: its text and buttons, or only its
    buttons. False when that cannot be done (too old, unchanged, the API unwell)."""
    try:
        if out.markup_only:
            await context.bot.edit_message_reply_markup(chat_id, message_id,
                                                        reply_markup=markup(out.buttons))
        else:
            await context.bot.edit_message_text(out.text, chat_id, message_id,
                                                reply_markup=markup(out.buttons))
    except TelegramError:
        return False
    return True


async def _answer_query(query: CallbackQuery, notice: str) -> None:
    # The spinner stops by itself; a failure here (a 429 included) must never keep the
    # receipt or anything else from being delivered.
    try:
        await query.answer(notice[:200] or None)
    except TelegramError as exc:
        log.info("button press not answered: %s", type(exc).__name__)


async def respond(update: Update, context: BotContext, event: Event | None) -> None:
    if event is None:
        return
    assistant = context.services.assistant
    if assistant.reloads_knowledge(event):
        async with context.bot_data["reloading"]:
            await prepare_knowledge(context.services)
            reaction = await in_store(context, assistant.handle, event)
    else:
        reaction = await in_store(context, assistant.handle, event)
    await deliver(update, context, reaction)


def _seconds(value: Any) -> float:
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)

