"""The `disclosure-bot` command. Each subcommand calls one core function and turns its
domain errors into a clear message and an exit code; no traceback reaches the terminal."""

from __future__ import annotations

import sys

import click

from bot.cli.ask import ask
from bot.cli.chat import chat
from bot.cli.kb import kb


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="disclosure-bot")
def cli() -> None:
    """The disclosure assistant: answers residents' questions on government information
    disclosure, takes applications and complaints, and helps staff handle them.

    \b
    Examples:
      disclosure-bot chat                      # talk to the bot in this terminal
      disclosure-bot ask "申请要收费吗"
      disclosure-bot kb validate
      TELEGRAM_BOT_TOKEN=123:ABC disclosure-bot run
    """


cli.add_command(ask)
cli.add_command(chat)
cli.add_command(kb)


def main() -> None:
    try:
        cli.main(prog_name="disclosure-bot", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
