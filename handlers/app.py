"""The one place the Telegram `Application` is put together. Building it has no side
effects: nothing connects until `main()` (cli.run) starts polling or the webhook."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.services import Services
from handlers import errors, intake, lifecycle, residents
from handlers.common import BotContext
from handlers.health import Health, PollingRequest
from handlers.scheduling import FairUpdateProcessor

PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS
NEW = filters.UpdateType.MESSAGE
EDITED = filters.UpdateType.EDITED_MESSAGE

# Telegram answers most requests within a second, but under load a sendMessage can take
# several; a read timeout shorter than that turns a slow success into a duplicate. Long
# enough to see the answer, short enough to notice an outage; uploads get longer.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
WRITE_TIMEOUT = 30.0
POOL_TIMEOUT = 10.0
CONNECTIONS = 64


def build_application(services: Services, token: str, *, base_url: str = "",
                      request: BaseRequest | None = None,
                      get_updates_request: BaseRequest | None = None,
                      rate_limit: bool = True, concurrent: bool = True,
                      send_rate: float = 30.0, health: Health | None = None,
                      read_timeout: float = READ_TIMEOUT, album_quiet_seconds: float = 1.0,
                      ) -> Application:  # type: ignore[type-arg]
    """`concurrent=False` handles one update at a time, to the end: what in-process
    tests want, so that `process_update` returning means the reply was sent."""
    builder = (
        Application.builder()
        .token(token)
        .context_types(ContextTypes(context=BotContext))
        .defaults(Defaults(block=not concurrent))
        .post_init(lifecycle.on_startup)
        .post_shutdown(lifecycle.on_shutdown)
        .concurrent_updates(FairUpdateProcessor() if concurrent else False)
    )
    if base_url:
        builder = builder.base_url(base_url.rstrip("/"))
    if request is not None:
        builder = builder.request(request)
    else:
        builder = (builder.connect_timeout(CONNECT_TIMEOUT).read_timeout(read_timeout)
                   .write_timeout(WRITE_TIMEOUT).pool_timeout(POOL_TIMEOUT)
                   .connection_pool_size(CONNECTIONS))
    health = health or Health("polling")
    if get_updates_request is None and request is None:
        # The polling connection stamps the health record (handlers.health).
        get_updates_request = PollingRequest(health, connection_pool_size=1,
                                             connect_timeout=CONNECT_TIMEOUT,
                                             read_timeout=read_timeout)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    if rate_limit:
        # 429s are waited out by our own delivery code (handlers.delivery), which knows
        # whether a message may be repeated; the limiter only paces.
        limiter = AIORateLimiter(overall_max_rate=send_rate, max_retries=0)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    app = builder.build()
    app.bot_data["services"] = services
    app.bot_data["health"] = health
    app.bot_data["albums"] = intake.AlbumCollector(album_quiet_seconds)
    # One reload at a time (/reload, SIGHUP, learn taps): a second one waits here, on the
    # event loop, never on the store's thread behind the first one's indexing.
    app.bot_data["reloading"] = asyncio.Lock()
    register_handlers(app)
    return app


def register_handlers(app: Application) -> None:  # type: ignore[type-arg]
    # Group -1 runs first: duplicates of an update already handled stop here.
    app.add_handler(TypeHandler(Update, lifecycle.drop_duplicate_updates, block=True), group=-1)
    app.add_handler(MessageHandler(filters.COMMAND & (NEW | EDITED), residents.on_command))
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND & (NEW | EDITED),
                                   residents.on_text))
    app.add_handler(MessageHandler(GROUPS & filters.TEXT & ~filters.COMMAND & NEW,
                                   residents.on_group_text))
    app.add_handler(MessageHandler(PRIVATE & ~filters.TEXT & ~filters.COMMAND & NEW
                                   & ~filters.StatusUpdate.ALL, intake.on_media))
    app.add_handler(CallbackQueryHandler(residents.on_button))
    app.add_error_handler(errors.on_error)
