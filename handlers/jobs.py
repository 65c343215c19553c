"""Work the bot does on a timer: retrying parked messages."""

from __future__ import annotations

import logging

from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from handlers.common import BotContext, markup

log = logging.getLogger(__name__)

OUTBOX_INTERVAL_SECONDS = 15


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


def schedule_jobs(app: Application) -> None:  # type: ignore[type-arg]
    if app.job_queue is None:
        return
    app.job_queue.run_repeating(flush_outbox, interval=OUTBOX_INTERVAL_SECONDS, first=5,
                                name="outbox")
