"""`disclosure-bot web`: login links from the command line, and the desk served from
inside `disclosure-bot run` when DISCLOSURE_WEB_ENABLED is set."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
from click.testing import CliRunner

from bot.matching.engine import AnswerEngine
from cli import cli
from cli.web import DeskThread
from tests.helpers import wait_until, words_only_settings


def run(tmp_path: Path, *args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={
        "DISCLOSURE_DB": str(tmp_path / "cli.db"), "DISCLOSURE_STAFF_IDS": "500",
        "DISCLOSURE_ADMIN_IDS": "900", **env})
    return result.exit_code, result.stdout, result.stderr


def test_login_link_for_staff(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "web", "login-link", "--user", "900",
                         DISCLOSURE_WEB_URL="https://desk.example.gov.cn")
    assert code == 0
    assert out.startswith("https://desk.example.gov.cn/login?token=")
    assert "10 minutes" in err


def test_login_link_refused_for_anyone_not_staff(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "web", "login-link", "--user", "42")
    assert code == 1 and out == "" and "not staff" in err


def test_web_help_has_examples(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "web", "--help")
    assert code == 0 and "login-link --user" in out


def test_the_desk_runs_beside_the_bot(tmp_path: Path, engine: AnswerEngine) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = words_only_settings(db_path=str(tmp_path / "run.db"), staff_ids="500",
                                 web__enabled="true", web__port=str(port))
    desk = DeskThread(config, engine)
    desk.start()
    try:
        wait_until(lambda: desk.server.started)
        reply = httpx.get(f"http://127.0.0.1:{port}/login")
        assert reply.status_code == 200 and "/web" in reply.text
        assert desk.services.engine is engine  # the bot's knowledge base, loaded once
    finally:
        desk.stop()
    assert not desk.thread.is_alive()
