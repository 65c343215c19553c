"""Work the bot does on a timer: the outbox sender (which also notices the end of an
outage), the staff's daily reminder, and closing applications whose correction deadline
passed (Art. 30)."""

from __future__ import annotations

import logging
from datetime import time, timedelta

from telegram.ext import Application

from bot.alerts import DIGEST_AFTER, OutageMonitor
from bot.clock import OFFICE_ZONE, to_iso
from bot.messages import Out
from bot.store.outbox import Parked
from handlers.common import BotContext
from handlers.delivery import Status, deliver_parked, deliver_queued, in_store, send, transmit
from handlers.health import Health

log = logging.getLogger(__name__)

OUTBOX_INTERVAL_SECONDS = 5
# Telegram redelivers an unconfirmed update within hours, not days.
UPDATE_MEMORY = timedelta(days=2)


def outage_monitor(context: BotContext) -> OutageMonitor:
    monitor: OutageMonitor = context.bot_data.setdefault("outage", OutageMonitor())
    return monitor


async def note_recovery(context: BotContext, source: str) -> None:
    """`source` (polling or sending) works: if it was out, staff hear it is over."""
    ended = outage_monitor(context).recovered(source)
    services = context.services
    staff_chat = services.settings.staff_chat_id
    if ended is None:
        return
    log.warning("Bot API reachable again after %.0f s (%s)", ended.seconds, ended.reason)
    if staff_chat is not None:
        alert = Out(services.texts.staff("staff.outage_ended", reason=ended.reason,
                                       minutes=max(1, round(ended.seconds / 60))))
        await in_store(context, services.repo.park_message, staff_chat, alert)


async def note_outage(context: BotContext, reason: str, source: str = "sending") -> None:
    """A failure reaching Telegram: staff hear of the outage once, when it starts (the
    alert waits in the outbox until it can be delivered)."""
    if not outage_monitor(context).failed(reason, source):
        return
    services = context.services
    staff_chat = services.settings.staff_chat_id
    log.warning("Bot API unreachable: %s", reason)
    if staff_chat is not None:
        alert = Out(services.texts.staff("staff.outage_started", reason=reason))
        await in_store(context, services.repo.park_message, staff_chat, alert)


async def flush_outbox(context: BotContext) -> None:
    """Deliver what waits in the outbox: the staff chat's backlog as one digest, every
    other message in order; stop at the first sign that the API is still unwell."""
    repo = context.services.repo
    monitor = outage_monitor(context)
    health: Health | None = context.bot_data.get("health")
    if monitor.down and monitor.source == "polling" and health is not None \
            and health.last_poll is not None and monitor.since is not None \
            and health.last_poll > monitor.since:
        await note_recovery(context, "polling")
    pending = await in_store(context, repo.pending_messages, 200)
    staff_chat = context.services.settings.staff_chat_id
    backlog = [p for p in pending if p.chat_id == staff_chat]
    if len(backlog) > DIGEST_AFTER:
        if not await _send_digest(context, backlog):
            return
        pending = [p for p in pending if p.chat_id != staff_chat]
    for parked in pending:
        if not await in_store(context, repo.claim, parked.id):
            continue  # being delivered right now by the reply that queued it
        result = await deliver_parked(context, parked)
        if result.status is Status.RETRY:
            await note_outage(context, result.reason)
            return
        if result.status is Status.SENT:
            await note_recovery(context, "sending")


async def _send_digest(context: BotContext, backlog: list[Parked]) -> bool:
    """Many staff notices at once (a burst of filings, a backlog after an outage) go out
    as one message, split only where Telegram's length limit requires."""
    services = context.services
    repo = services.repo
    claimed = [p for p in backlog if await in_store(context, repo.claim, p.id)]
    if not claimed:
        return True
    title = services.texts.staff("staff.digest", count=len(claimed))
    text = "\n\n".join([title, *(p.out.text for p in claimed)])
    result = await transmit(context, claimed[0].chat_id, Out(text))
    for parked in claimed:
        if result.status is Status.SENT:
            await in_store(context, repo.mark_sent, parked.id)
        else:
            await in_store(context, repo.mark_attempt, parked.id, result.reason)
    if result.status is Status.RETRY:
        await note_outage(context, result.reason)
    elif result.status is Status.SENT:
        await note_recovery(context, "sending")
    return result.status is Status.SENT


async def daily_duties(context: BotContext) -> None:
    services = context.services
    for duty in (services.workflow.expire_deadlines, services.workflow.overdue_notices):
        for out in await in_store(context, duty):
            await deliver_queued(context, out)
    await in_store(context, services.repo.purge_expired_drafts)
    await in_store(context, services.repo.forget_updates_before,
                   to_iso(services.clock.now() - UPDATE_MEMORY))
    staff_chat = services.settings.staff_chat_id
    reminder = await in_store(context, services.views.reminder)
    if staff_chat is not None and reminder is not None:
        await send(context, staff_chat, reminder)


def schedule_jobs(app: Application) -> None:  # type: ignore[type-arg]
    if app.job_queue is None:
        return
    app.job_queue.run_repeating(flush_outbox, interval=OUTBOX_INTERVAL_SECONDS, first=1,
                                name="outbox")
    at = app.bot_data["services"].settings.reminder_time
    app.job_queue.run_daily(daily_duties, time(at.hour, at.minute, tzinfo=OFFICE_ZONE),
                            name="daily")
