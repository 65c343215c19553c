"""Work the bot does on a timer: retrying parked messages, the staff's daily
reminder, and closing applications whose correction deadline passed (Art. 30)."""

from __future__ import annotations

import logging
from datetime import time, timedelta

from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from bot.clock import OFFICE_ZONE, to_iso
from handlers.common import BotContext, markup, send

log = logging.getLogger(__name__)

OUTBOX_INTERVAL_SECONDS = 15
# Telegram redelivers an unconfirmed update within hours, not days.
UPDATE_MEMORY = timedelta(days=2)


async def flush_outbox(context: BotContext) -> None:
    repo = context.services.repo
    for message_id, chat_id, out in repo.pending_messages():
        try:
            await context.bot.send_message(chat_id, out.text, reply_markup=markup(out.buttons))
        except (BadRequest, Forbidden) as exc:
            repo.mark_sent(message_id)  # will never go through; do not retry forever
            log.warning("parked message %s dropped: %s", message_id, type(exc).__name__)
        except TelegramError as exc:
            repo.mark_attempt(message_id, type(exc).__name__)
            return  # the API is still unwell; try the rest next time
        else:
            repo.mark_sent(message_id)


async def daily_duties(context: BotContext) -> None:
    services = context.services
    for out in services.workflow.expire_corrections():
        if out.chat_id is not None:
            await send(context, out.chat_id, out)
    services.repo.purge_expired_drafts()
    services.repo.forget_updates_before(to_iso(services.clock.now() - UPDATE_MEMORY))
    services.repo.forget_web_access_before(to_iso(services.clock.now()))  # desk links, sessions
    staff_chat = services.settings.staff_chat_id
    reminder = services.views.reminder()
    if staff_chat is not None and reminder is not None:
        await send(context, staff_chat, reminder)


def schedule_jobs(app: Application) -> None:  # type: ignore[type-arg]
    if app.job_queue is None:
        return
    app.job_queue.run_repeating(flush_outbox, interval=OUTBOX_INTERVAL_SECONDS, first=5,
                                name="outbox")
    at = app.bot_data["services"].settings.reminder_time
    app.job_queue.run_daily(daily_duties, time(at.hour, at.minute, tzinfo=OFFICE_ZONE),
                            name="daily")
