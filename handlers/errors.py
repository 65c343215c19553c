"""The last line of defence: log the failure, apologise, tell the staff chat."""

from __future__ import annotations

import contextlib
import logging
import traceback

from telegram import Update
from telegram.error import TelegramError

from bot.i18n import normalize_lang
from bot.messages import Out
from handlers.common import BotContext, send

log = logging.getLogger(__name__)


def _describe(error: BaseException | None) -> str:
    """The error's type and where it happened; never its message, which may quote what
    a resident typed or, for HTTP errors, a URL holding the token."""
    if error is None:
        return "unknown error"
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = f" at {frame.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{frame.tb_lineno}" \
        if frame is not None else ""
    return f"{type(error).__name__}{where}"


async def on_error(update: object, context: BotContext) -> None:
    summary = _describe(context.error)
    frames = "".join(traceback.format_tb(context.error.__traceback__)) if context.error else ""
    log.error("update failed: %s\n%s", summary, frames.rstrip())
    services = context.bot_data.get("services")
    if services is None:
        return
    if isinstance(update, Update) and update.effective_chat is not None:
        user = update.effective_user
        lang = services.repo.user_lang(user.id) if user else None
        lang = lang or normalize_lang(user.language_code if user else None)
        # Only a confirmed phone number is offered (knowledge/agency.yaml).
        phone = services.engine.kb.agency.get("phone", {}).get(lang, "")
        call = services.texts.get(lang, "error.call", phone=phone) if phone else ""
        with contextlib.suppress(TelegramError):
            await send(context, update.effective_chat.id,
                       Out(services.texts.get(lang, "error", call=call)))
    staff_chat = services.settings.staff_chat_id
    if staff_chat is not None:
        with contextlib.suppress(TelegramError):
            await send(context, staff_chat,
                       Out(services.texts.staff("staff_chat_error", error=summary)))
