"""Process logs: plain or JSON, and the token never appears, whoever logs it."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import REDACTED, setup_logging


@pytest.fixture(autouse=True)
def restore_logging() -> None:  # type: ignore[misc]
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_with_the_token_scrubbed(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("json", "INFO", secrets=["123456:SECRET-TOKEN-VALUE"])
    logging.getLogger("httpcore").warning("POST https://api/bot123456:SECRET-TOKEN-VALUE/x")
    line = capsys.readouterr().err.strip()
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and REDACTED in entry["message"]
    assert "SECRET-TOKEN-VALUE" not in line


def test_plain_format_and_quiet_http_client(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("plain", "INFO", secrets=["hook-secret-1"])
    logging.getLogger("httpx").info("GET https://api/bot.../getUpdates")
    logging.getLogger("bot").info("reloaded with %s", "hook-secret-1")
    err = capsys.readouterr().err
    assert "getUpdates" not in err  # request URLs carry the token
    assert "reloaded with [REDACTED]" in err
