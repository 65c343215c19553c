"""What the bot does when it starts: command menus per audience and language."""

from __future__ import annotations

import json

from handlers.lifecycle import register_command_menus
from tests.handlers.conftest import Harness


async def test_command_menus_per_role_and_language(harness: Harness) -> None:
    await register_command_menus(harness.app)
    calls = [p for e, p in harness.api.calls if e == "setMyCommands"]

    def names(params: dict) -> list[str]:  # type: ignore[type-arg]
        commands = params["commands"]
        commands = json.loads(commands) if isinstance(commands, str) else commands
        return [c["command"] if isinstance(c, dict) else c.command for c in commands]

    def scope(params: dict) -> dict:  # type: ignore[type-arg]
        value = params["scope"]
        return json.loads(value) if isinstance(value, str) else value

    default = [p for p in calls if scope(p)["type"] == "default"]
    assert len(default) == 2  # Chinese and English
    assert "queue" not in names(default[0]) and "apply" in names(default[0])
    by_user = {(scope(p)["chat_id"], p.get("language_code")): names(p) for p in calls
               if scope(p)["type"] == "chat"}
    assert "queue" in by_user[(500, None)] and "reload" not in by_user[(500, None)]
    assert "reload" in by_user[(900, "en")]
