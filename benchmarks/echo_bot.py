"""The baseline for benchmarks/e2e.py: the smallest python-telegram-bot 22 bot that
answers every text message (an echo), run against the same Bot API double.

    TELEGRAM_BOT_TOKEN=... TELEGRAM_BASE_URL=http://127.0.0.1:9000/bot python echo_bot.py
"""

from __future__ import annotations

import logging
import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


async def announce(app: Application) -> None:  # type: ignore[type-arg]
    logging.getLogger(__name__).warning("Bot started as @%s", app.bot.username)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    app = (Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
           .base_url(os.environ["TELEGRAM_BASE_URL"]).concurrent_updates(True)
           .post_init(announce).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
