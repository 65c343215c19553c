"""The `disclosure-bot` command. Each subcommand calls one core function and turns its
domain errors into a clear message and an exit code; no traceback reaches the terminal."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from bot.cli.ask import ask
from bot.cli.cases import cases
from bot.cli.chat import chat
from bot.cli.kb import kb
from bot.cli.ops import backup_command, doctor_command, purge_command, restore_command
from bot.cli.report import report

# Commands that need Telegram live in `handlers/`; naming them here keeps the core free
# of Telegram imports while `disclosure-bot --help` still lists them.
LAZY_COMMANDS = {"run": "handlers.run:run"}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            module, _, attribute = LAZY_COMMANDS[name].partition(":")
            command: Any = getattr(importlib.import_module(module), attribute)
            return command  # type: ignore[no-any-return]
        return super().get_command(ctx, name)


@click.group(cls=_Group,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


for _command in (ask, chat, kb, cases, report, backup_command, restore_command,
                 purge_command, doctor_command):
    cli.add_command(_command)


def main() -> None:
    try:
        cli.main(prog_name="disclosure-bot", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
