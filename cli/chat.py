"""`chat`: talk to the assistant in this terminal, on the same engine as the bot."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from bot.chat.terminal import TerminalChat
from bot.services import build_services
from bot.textnorm import Lang
from cli.common import handles_errors, settings


def _typed_lines() -> Iterator[str]:
    if not sys.stdin.isatty():
        yield from sys.stdin
        return
    while True:
        try:
            yield input("> ")
        except EOFError:
            return


@click.command()
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh",
              help="Language of the conversation (changeable with /lang).")
@click.option("--db", type=click.Path(path_type=Path), default=None,
              help="SQLite file to use instead of the configured one.")
@handles_errors
def chat(lang: Lang, db: Path | None) -> None:
    """Talk to the assistant in this terminal: type questions and commands; buttons
    appear as numbers, type the number to press one. /quit leaves.

    \b
    Examples:
      disclosure-bot chat
      disclosure-bot chat --lang en
      printf '收费吗\\n/quit\\n' | disclosure-bot chat
    """
    config = settings()
    if db is not None:
        config = config.model_copy(update={"db_path": db})
    services = build_services(config)
    try:
        terminal = TerminalChat(services.assistant, click.echo, lang=lang)
        terminal.run(_typed_lines(), services.texts.get(lang, "chat_intro"))
        click.echo(services.texts.get(lang, "chat_bye"))
    finally:
        services.close()
