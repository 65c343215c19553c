"""What the `cases` commands share: the desk without the knowledge base, the --actor
option, and running a move with its refusal as one line."""

from __future__ import annotations

from typing import Any

import click

from bot.services import Desk, build_desk
from bot.staff.workflow import WorkflowError
from cli.common import fail, settings

KINDS = {"application": "application", "complaint": "complaint"}
ACTOR_HELP = "Your Telegram user id: a staff id (env DISCLOSURE_ACTOR)."


def actor_option(func: Any) -> Any:
    return click.option("--actor", type=int, required=True, envvar="DISCLOSURE_ACTOR",
                        help=ACTOR_HELP)(func)


def _services() -> Desk:
    return build_desk(settings())


def _run(action: Any) -> None:
    """Run a workflow move; queue its notices for the running bot; print the outcome.
    A move the rules refuse exits 1 with one line saying why."""
    services = _services()
    try:
        try:
            outs = action(services.workflow)
        except WorkflowError as error:
            fail(services.texts.get("en", error.key, **error.values))
            return
        # The workflow queued its notices in the outbox with the change; the running bot
        # delivers them.
        queued = [out for out in outs if out.outbox_id]
        click.echo("OK" + (f" ({len(queued)} notice(s) queued)" if queued else ""))
    finally:
        services.close()
