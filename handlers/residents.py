"""Residents' messages, commands and button presses, in private chats and groups."""

from __future__ import annotations

import re

from telegram import CallbackQuery, Update
from telegram.constants import MessageEntityType

from handlers.common import BotContext, event_from
from handlers.delivery import respond

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]+))?(?:\s+(.*))?$", re.S)


async def on_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    match = _COMMAND.match(message.text.strip())
    if match is None:
        return
    name, addressed_to, args = match.group(1), match.group(2), match.group(3) or ""
    if addressed_to and addressed_to.lower() != (context.bot.username or "").lower():
        return  # meant for another bot in the same group
    await respond(update, context, event_from(update, "command", command=name.lower(),
                                              args=args.strip(), text=message.text,
                                              edited=update.edited_message is not None))


async def on_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    await respond(update, context, event_from(update, "text", text=message.text,
                                              edited=update.edited_message is not None))


async def on_group_text(update: Update, context: BotContext) -> None:
    """In groups, only a message that mentions the bot, or replies to one of its
    messages, is a question to it."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    mention = f"@{context.bot.username}".lower()
    mentioned = any(
        entity.type == MessageEntityType.MENTION and text.lower() == mention
        for entity, text in message.parse_entities([MessageEntityType.MENTION]).items())
    replied = message.reply_to_message is not None and \
        message.reply_to_message.from_user is not None and \
        message.reply_to_message.from_user.id == context.bot.id
    if not (mentioned or replied):
        return
    question = re.sub(re.escape(mention), " ", message.text, flags=re.I).strip()
    await respond(update, context, event_from(update, "text", text=question))


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    await respond(update, context, event_from(update, "button", data=query.data or "",
                                                origin_text=_origin_text(query)))


def _origin_text(query: CallbackQuery) -> str | None:
    """The text of the message a button sits on: the reply follows its language."""
    message = query.message
    text = getattr(message, "text", None) or getattr(message, "caption", None)
    return text if isinstance(text, str) else None
