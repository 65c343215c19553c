"""`ask` and `chat` from the terminal, through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.matching.engine import AnswerEngine
from cli import cli
from tests.helpers import close_call

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"query", "lang", "topic", "score", "answer", "suggestions"}


def _env(tmp_path: Path) -> dict[str, str]:
    return {"DISCLOSURE_DB": str(tmp_path / "cli.db"), "TELEGRAM_BOT_TOKEN": ""}


def test_ask_prints_the_answer(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ask", "申请要收费吗"], env=_env(tmp_path))
    assert result.exit_code == 0
    assert "第四十二条" in result.output


@pytest.mark.parametrize(("message", "expected"), [("谢谢", "不客气"), ("bye", "Goodbye"),
                                                 ("hello", "Pingdingshan"),
                                                 ("xiexie", "不客气")])  # thanks in pinyin
def test_ask_replies_to_small_talk_as_the_chat_does(tmp_path: Path, message: str,
                                                    expected: str) -> None:
    result = CliRunner().invoke(cli, ["ask", message], env=_env(tmp_path))
    assert result.exit_code == 0
    assert expected in result.output
    assert "Sorry" not in result.output and "抱歉" not in result.output  # not the fallback


def test_ask_shows_a_close_calls_other_topics_as_the_chat_offers_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shipped_engine: AnswerEngine) -> None:
    question = close_call(shipped_engine)
    monkeypatch.setattr("cli.ask.engine", lambda _settings: shipped_engine)
    result = CliRunner().invoke(cli, ["ask", question], env=_env(tmp_path))
    assert result.exit_code == 0
    reply = shipped_engine.ask(question)
    assert result.output.startswith(reply.answer or "-")
    for alternative in reply.alternatives:
        assert f"↪ {alternative.title} [{alternative.topic}]" in result.output


def test_ask_json_contract(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ask", "--json", "申请要收费吗"], env=_env(tmp_path))
    data = json.loads(result.output)
    assert set(data) == KEYS
    assert data["topic"] == "apply.fees" and data["lang"] == "zh"
    assert 0 <= data["score"] <= 100 and data["answer"]
    assert all(set(s) == {"topic", "title", "score"} for s in data["suggestions"])


def test_ask_json_declines_with_nulls(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ask", "--json", "今天天气怎么样"], env=_env(tmp_path))
    data = json.loads(result.output)
    assert data["topic"] is None and data["answer"] is None


def test_ask_json_batch_from_stdin_keeps_order_one_object_per_line(tmp_path: Path) -> None:
    questions = ["申请要收费吗", "how long until they reply to my application", "", "讲个笑话"]
    result = CliRunner().invoke(cli, ["ask", "--json", "-"], input="\n".join(questions) + "\n",
                                env=_env(tmp_path))
    lines = result.output.strip("\n").split("\n")
    assert [json.loads(line)["query"] for line in lines] == questions
    assert json.loads(lines[1])["lang"] == "en"


def test_ask_forced_language(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ask", "--json", "--lang", "en", "申请要收费吗"],
                                env=_env(tmp_path))
    data = json.loads(result.output)
    assert data["lang"] == "en" and "free" in data["answer"].lower()


def _all_commands() -> list[list[str]]:
    import click

    found: list[list[str]] = [[]]
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        found.append([name])
        if isinstance(command, click.Group):
            found += [[name, sub] for sub in command.list_commands(context)]
    return found


@pytest.mark.parametrize("command", _all_commands(), ids=" ".join)
def test_every_help_shows_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "disclosure-bot" in result.output


def test_chat_runs_the_same_conversation_in_the_terminal(tmp_path: Path) -> None:
    script = "申请要收费吗\n1\n/quit\n"
    result = CliRunner().invoke(cli, ["chat", "--db", str(tmp_path / "chat.db")], input=script,
                                env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert "政府信息公开助手" in result.output
    assert "第四十二条" in result.output
    assert "[1]" in result.output


def test_run_without_token_is_one_clear_line(tmp_path: Path) -> None:
    process = subprocess.run([sys.executable, "-m", "cli", "run"], capture_output=True,
                             text=True, env={"PATH": "/usr/bin:/bin", **_env(tmp_path)},
                             cwd=ROOT, timeout=60)
    assert process.returncode != 0
    assert "TELEGRAM_BOT_TOKEN" in process.stderr
    assert "Traceback" not in process.stderr
    assert len(process.stderr.strip().splitlines()) == 1


def test_run_with_malformed_token_hides_the_value(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", **_env(tmp_path), "TELEGRAM_BOT_TOKEN": "oops-not-a-token"}
    process = subprocess.run([sys.executable, "-m", "cli", "run"], capture_output=True,
                             text=True, env=env, cwd=ROOT, timeout=60)
    assert process.returncode != 0
    assert "malformed" in process.stderr and "oops-not-a-token" not in process.stderr


def test_chat_survives_a_failure_politely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    from bot.chat.residents import Residents

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Residents, "ask", explode)
    result = CliRunner().invoke(cli, ["chat", "--db", str(tmp_path / "c.db")],
                                input="申请要收费吗\n/help\n/quit\n", env=_env(tmp_path))
    assert result.exit_code == 0
    assert "抱歉，系统出了点问题" in result.output and "Traceback" not in result.output
    assert "使用方法" in result.output  # the conversation goes on
