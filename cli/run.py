"""`disclosure-bot run`: the Telegram bot, by long polling or webhook. This is the only
place that starts the network side; building the application has no side effects."""

from __future__ import annotations

import asyncio
import logging
import os

import click
from telegram import Update

from bot.config import Settings
from bot.logs import setup_logging
from bot.runtime import remove_pid, write_pid
from bot.services import build_services
from bot.store.database import DatabaseProblem, database_problems
from cli.common import handles_errors, settings
from handlers import webhook
from handlers.app import build_application
from handlers.health import Health

log = logging.getLogger(__name__)


def main(config: Settings, use_webhook: bool) -> None:
    token = config.require_token()
    if use_webhook:
        config.webhook.require_secret()
    # Opt in to python-telegram-bot's timedelta durations (the future default).
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    setup_logging(config.log_format, config.log_level, secrets=[token,
                  config.webhook.secret_token.get_secret_value()])
    problems = database_problems(config.db_path)
    if problems:
        # One line, naming the reason: read-only, disk full, malformed, a missing folder.
        raise DatabaseProblem(f"refusing to start: {'; '.join(problems)}")
    services = build_services(config)
    app = build_application(services, token, base_url=config.base_url,
                            send_rate=config.send_rate, read_timeout=config.api_read_timeout,
                            health=Health("webhook" if use_webhook else "polling"))
    write_pid(config.db_path)
    try:
        if use_webhook:
            asyncio.run(webhook.serve(app, config.webhook))
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    finally:
        remove_pid(config.db_path)
        services.close()


@click.command()
@click.option("--webhook", "use_webhook", is_flag=True, default=None,
              help="Run the webhook server instead of long polling (see [webhook] settings).")
@handles_errors
def run(use_webhook: bool | None) -> None:
    """Start the Telegram bot. Needs TELEGRAM_BOT_TOKEN; TELEGRAM_BASE_URL points it at
    another Bot API server (a local one, or the test double in tests/botapi).

    \b
    Examples:
      TELEGRAM_BOT_TOKEN=123456:ABC disclosure-bot run
      DISCLOSURE_WEBHOOK_URL=https://bot.example.gov.cn/telegram \\
        DISCLOSURE_WEBHOOK_SECRET=s3cret disclosure-bot run --webhook
    """
    config = settings()
    main(config, config.webhook.enabled if use_webhook is None else use_webhook)
