"""Start-up chores and what keeps the running bot healthy: command menus, duplicate
updates, knowledge-base reload on SIGHUP."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import signal
from collections.abc import Callable

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop

from bot import commands
from bot.auth import Role
from bot.i18n import Catalogue
from bot.kb.loader import KnowledgeBaseError
from bot.matching.engine import ReloadReport
from bot.textnorm import Lang
from handlers.common import BotContext
from handlers.delivery import in_store, prepare_knowledge
from handlers.health import health_server
from handlers.jobs import note_recovery, outage_monitor, schedule_jobs

log = logging.getLogger(__name__)

async def drop_duplicate_updates(update: Update, context: BotContext) -> None:
    """Telegram (or a proxy) may deliver an update twice; handle it once. An update
    arriving also shows Telegram is reachable: an outage, if one was on, is over."""
    if outage_monitor(context).down:
        await note_recovery(context, "polling")
    if not await in_store(context, context.services.repo.first_delivery, update.update_id):
        log.info("update %s delivered again; ignored", update.update_id)
        raise ApplicationHandlerStop


def _menu(texts: Catalogue, roles: frozenset[Role], lang: Lang) -> list[BotCommand]:
    return [BotCommand(c.name, texts.get(lang, c.help_key)) for c in commands.menu_for(roles)]


async def register_command_menus(app: Application) -> None:  # type: ignore[type-arg]
    """Residents' commands for everyone; staff and admin commands only in the menus of
    those users. Chinese by default, English for English-language Telegram clients."""
    services = app.bot_data["services"]
    texts, settings = services.texts, services.settings
    authorizer = services.assistant.auth
    menus: tuple[tuple[Lang, str | None], ...] = (("zh", None), ("en", "en"))
    for lang, code in menus:
        await app.bot.set_my_commands(_menu(texts, frozenset(), lang),
                                      scope=BotCommandScopeDefault(), language_code=code)
        for user_id in sorted(settings.staff):
            try:
                await app.bot.set_my_commands(_menu(texts, authorizer.roles(user_id), lang),
                                              scope=BotCommandScopeChat(user_id),
                                              language_code=code)
            except TelegramError as exc:  # the user may never have opened a chat with us
                log.info("staff command menu not set for one user: %s", type(exc).__name__)


def reload_knowledge(app: Application) -> str:  # type: ignore[type-arg]
    """Reload the base; on any problem the old one keeps serving."""
    services = app.bot_data["services"]
    try:
        report = services.assistant.admin.reload_base()
    except KnowledgeBaseError as exc:
        log.warning("knowledge base reload refused: %d problem(s)", len(exc.problems))
        return "refused"
    return _logged(report)


def _logged(done: ReloadReport | object) -> str:
    if not isinstance(done, ReloadReport):
        log.warning("knowledge base reload refused; the admin is told")
        return "refused"
    log.info("knowledge base reloaded: %d topics, +%d -%d ~%d", done.count,
             len(done.added), len(done.removed), len(done.changed))
    return "reloaded"


async def reload_in_background(app: Application,  # type: ignore[type-arg]
                               then: Callable[[], object] | None = None) -> None:
    """SIGHUP, or a phrasing learned: the base is indexed off the store's thread, then
    swapped in on it, like every other use of the database (the reload records the load
    and may move deadlines), by `then` when given (else `reload_knowledge`). Residents'
    messages are answered throughout."""
    services = app.bot_data["services"]
    swap = then or (lambda: reload_knowledge(app))
    try:
        async with app.bot_data["reloading"]:
            await prepare_knowledge(services)
            await asyncio.get_running_loop().run_in_executor(services.store_executor, swap)
    except Exception as error:  # never a traceback for a reload nobody waits on
        log.error("knowledge base reload failed: %s", type(error).__name__)


def reload_on_signal(app: Application,  # type: ignore[type-arg]
                     then: Callable[[], object] | None = None) -> None:
    # The application holds the task until it is done, and waits for it on stopping.
    app.create_task(reload_in_background(app, then), name="reload-knowledge")


def _learned_reload(app: Application, chat_id: int, lang: Lang) -> None:  # type: ignore[type-arg]
    """`AdminDesk.reload_later`, called on the store's thread after a learn tap."""
    admin = app.bot_data["services"].assistant.admin
    loop: asyncio.AbstractEventLoop = app.bot_data["loop"]
    # Raises RuntimeError once the loop is closed: the tap then reloads on the spot.
    loop.call_soon_threadsafe(reload_on_signal, app,
                              lambda: _logged(admin.finish_learning(chat_id, lang)))


async def on_startup(app: Application) -> None:  # type: ignore[type-arg]
    services = app.bot_data["services"]
    services.assistant.bot_username = app.bot.username or ""
    services.repo.record_knowledge_load("start", len(services.engine.kb.topics))
    # Claims on outbox messages belong to the process that made them, which is gone.
    released = services.repo.release_claims()
    if released:
        log.info("%d outbox message(s) left half-sent by the last run will be retried",
                 released)
    try:
        await register_command_menus(app)
    except TelegramError as exc:
        log.warning("could not register the command menus: %s", type(exc).__name__)
    schedule_jobs(app)
    # A learn tap writes the phrasing on the store's thread; the reload follows from here.
    app.bot_data["loop"] = asyncio.get_running_loop()
    services.assistant.admin.reload_later = functools.partial(_learned_reload, app)
    _serve_health(app)
    # Platforms without SIGHUP still have /reload and `kb reload`.
    with contextlib.suppress(NotImplementedError, RuntimeError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, reload_on_signal, app)
    log.info("Bot started as @%s", app.bot.username)


def _serve_health(app: Application) -> None:  # type: ignore[type-arg]
    """/healthz on a port of its own (DISCLOSURE_HEALTH_PORT), in either mode, so a
    container's health check is the same for both; webhook mode also answers it on the
    webhook's port."""
    settings = app.bot_data["services"].settings
    health = app.bot_data.get("health")
    if settings.health_port is None or health is None:
        return
    server = health_server(app, health)
    server.listen(settings.health_port, settings.health_listen)
    app.bot_data["health_server"] = server
    log.info("health check on http://%s:%s/healthz", settings.health_listen,
             settings.health_port)


async def on_shutdown(app: Application) -> None:  # type: ignore[type-arg]
    app.bot_data["services"].assistant.admin.reload_later = None  # reloads on the spot
    server = app.bot_data.pop("health_server", None)
    if server is not None:
        server.stop()
