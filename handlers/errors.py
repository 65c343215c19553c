"""The last line of defence: log the failure with its reason, apologise once, tell the
staff chat. Failures to reach Telegram at all (polling errors) are an outage: one alert
when it starts, one when it ends (handlers.jobs), not one per failed poll."""

from __future__ import annotations

import logging
import re
import traceback
from collections import OrderedDict

from telegram import Update
from telegram.error import TelegramError

from bot.alerts import db_error_reason
from bot.i18n import normalize_lang
from bot.messages import Out
from handlers.common import BotContext
from handlers.delivery import in_store, send
from handlers.jobs import note_outage

log = logging.getLogger(__name__)
APOLOGIES_REMEMBERED = 1000
TOKEN_SHAPE = re.compile(r"\d{3,20}:[A-Za-z0-9_-]{20,}")


def _describe(error: BaseException | None) -> str:
    """The error's type, its reason when it is the database's (read-only, disk full,
    malformed, locked), and where it happened; never its message, which may quote what
    a resident typed or, for HTTP errors, a URL holding the token."""
    if error is None:
        return "unknown error"
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = f" at {frame.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{frame.tb_lineno}" \
        if frame is not None else ""
    reason = db_error_reason(error)
    what = f"{type(error).__name__} (database {reason})" if reason else type(error).__name__
    return f"{what}{where}"


def _outage_reason(error: TelegramError) -> str:
    """The error's type and message for the staff alert, with anything shaped like a bot
    token (which an HTTP error may quote in a URL) taken out."""
    text = TOKEN_SHAPE.sub("[REDACTED]", str(error))[:80]
    return f"{type(error).__name__}: {text}"


def _first_apology(context: BotContext, update_id: int) -> bool:
    """One apology per update, however many of its handlers fail."""
    seen: OrderedDict[int, None] = context.bot_data.setdefault("apologised", OrderedDict())
    if update_id in seen:
        return False
    seen[update_id] = None
    while len(seen) > APOLOGIES_REMEMBERED:
        seen.popitem(last=False)
    return True


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    if update is None and isinstance(error, TelegramError):
        await note_outage(context, _outage_reason(error), "polling")
        return
    summary = _describe(error)
    frames = "".join(traceback.format_tb(error.__traceback__)) if error else ""
    log.error("update failed: %s\n%s", summary, frames.rstrip())
    services = context.bot_data.get("services")
    if services is None or not isinstance(update, Update) or update.effective_chat is None:
        return
    if not _first_apology(context, update.update_id):
        return
    user = update.effective_user
    lang = normalize_lang(user.language_code if user else None)
    if user is not None and db_error_reason(error or Exception()) is None:
        lang = await in_store(context, services.repo.user_lang, user.id) or lang
    # Only a confirmed phone number is offered (knowledge/agency.yaml).
    phone = services.engine.kb.agency.get("phone", {}).get(lang, "")
    call = services.texts.get(lang, "error.call", phone=phone) if phone else ""
    busy = db_error_reason(error or Exception()) == "locked"
    await send(context, update.effective_chat.id,
               Out(services.texts.get(lang, "busy" if busy else "error", call=call)))
    staff_chat = services.settings.staff_chat_id
    if staff_chat is not None and not busy:
        await send(context, staff_chat,
                   Out(services.texts.staff("staff_chat_error", error=summary)))
