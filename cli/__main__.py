"""`python -m cli` is the same as the `disclosure-bot` command."""

from cli import main

main()
