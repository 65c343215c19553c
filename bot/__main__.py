"""`python -m bot` is the same as the `disclosure-bot` command."""

from bot.cli import main

main()
