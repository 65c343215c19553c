"""A Telegram Bot API test double: the real bot process talks HTTP to it as to Telegram,
and tests play the people on the other side (tests/botapi/client.py).

    with BotApiServer() as server:                # 127.0.0.1, a free port
        # run the bot with TELEGRAM_BASE_URL=f"{server.url}/bot"
        resident = Telegram(server.url, token).person()
        resident.say("/start")

Or standalone: `python -m tests.botapi --port 9000`.
"""

from tests.botapi.client import AsyncTelegram, Person, Telegram, buttons
from tests.botapi.server import BotApiServer

__all__ = ["AsyncTelegram", "BotApiServer", "Person", "Telegram", "buttons"]
