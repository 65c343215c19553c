"""Process logging, plain or JSON, with secrets and personal data scrubbed from every
line at every level.

Our own code never logs message text or personal data. Libraries do at DEBUG level:
python-telegram-bot logs every Bot API call with its parameters and every update it
receives (names, usernames, the text residents typed). The scrubber here is the line of
defence for all of them: the token and the webhook secret, the values of the fields that
carry what people typed or who they are, and ID numbers, phones, e-mails and addresses
wherever they appear, in the message and in tracebacks.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable

from bot.privacy import mask_free_text

REDACTED = "[REDACTED]"
# Fields of the Bot API (and of our records) whose values are what a person typed or who
# they are, in the forms they appear in logs: JSON ("text": "..."), dict reprs
# ('text': '...') and object reprs (text='...').
_PERSONAL_KEYS = ("text", "caption", "first_name", "last_name", "username", "phone_number",
                  "email", "name", "address", "file_name", "title", "bio", "vcard", "query",
                  "description", "details", "subject", "question", "answer", "reply", "note",
                  "contact_person", "id_number", "phone", "when_where", "data", "message",
                  "callback_data", "label")
_PERSONAL_VALUE = re.compile(
    r"(?P<key>(?<![A-Za-z_])[\\]?['\"]?(?:" + "|".join(_PERSONAL_KEYS) +
    r")[\\]?['\"]?\s*[:=]\s*)"
    r"(?P<quote>\\?['\"])(?P<value>(?:\\.|(?!(?P=quote)).)*?)(?P=quote)", re.S)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` as it may be logged: secrets, personal field values and personal data
    patterns replaced."""
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    text = _PERSONAL_VALUE.sub(lambda m: f"{m.group('key')}{m.group('quote')}{REDACTED}"
                               f"{m.group('quote')}", text)
    return mask_free_text(text)


class _Scrubber(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 6]
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub(message, self.secrets)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, self.secrets)
        return True


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                 "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(fmt: str = "plain", level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_Scrubber(secrets))
    if fmt == "json":
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper() if level.upper() in logging.getLevelNamesMapping() else "INFO")
    # httpx logs every request URL, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
