"""The `disclosure-bot` command. Each subcommand calls one core function and turns its
domain errors into a clear message and an exit code; no traceback reaches the terminal."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

# Each command's module is imported only when that command runs: `ask` must answer
# within the start-up budget, which importing python-telegram-bot for `run` would spoil.
LAZY_COMMANDS = {
    "ask": "cli.ask:ask",
    "chat": "cli.chat:chat",
    "kb": "cli.kb:kb",
    "cases": "cli.cases:cases",
    "report": "cli.report:report",
    "backup": "cli.ops:backup_command",
    "restore": "cli.ops:restore_command",
    "purge": "cli.ops:purge_command",
    "doctor": "cli.ops:doctor_command",
    "run": "cli.run:run",
    "web": "cli.web:web",
}


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



def main() -> None:
    try:
        cli.main(prog_name="disclosure-bot", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
