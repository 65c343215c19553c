"""The command table through python-telegram-bot: who may run what, where, and whether
an edit runs it again; menus and /help come from the same table."""

from __future__ import annotations

import pytest

from bot import commands
from bot.auth import Role
from bot.commands import COMMANDS, Audience
from handlers.lifecycle import register_command_menus
from tests.handlers.conftest import Harness
from tests.helpers import Resident, fill_application
from tests.offline import Person

STAFF, ADMIN, STAFF_CHAT = 500, 900, -1000


def _notes(harness: Harness, number: str) -> int:
    repo = harness.services.repo
    case = repo.case_by_number(number)
    assert case is not None
    return len([e for e in repo.case_events(case.id) if e.action == "note"])


def _file_case(harness: Harness) -> str:
    person = Resident(harness.services.assistant, 42)
    fill_application(person)
    person.press_label("确认提交")
    return str(harness.services.repo.list_cases()[-1].number)


async def test_an_edited_staff_command_is_not_run_again(harness: Harness) -> None:
    number = _file_case(harness)
    staff = Person(user_id=STAFF)
    await harness.feed(staff.message(harness.bot, f"/note {number} 已电话联系"))
    assert _notes(harness, number) == 1
    await harness.feed(staff.edited(harness.bot, f"/note {number} 已电话联系申请人"))
    assert _notes(harness, number) == 1
    assert harness.api.texts(STAFF)[-1] == harness.services.texts.get("zh", "command_edited")


async def test_staff_commands_do_not_work_in_an_ordinary_group(harness: Harness) -> None:
    _file_case(harness)
    staff_in_group = Person(user_id=STAFF, chat_id=-555, chat_type="group")
    await harness.feed(staff_in_group.message(harness.bot, "/queue"))
    [reply] = harness.api.texts(-555)
    assert reply == harness.services.texts.get("zh", "command_private_only")
    assert "张三" not in reply and "YSQ" not in reply


async def test_staff_commands_work_in_the_staff_chat_and_in_private(harness: Harness) -> None:
    number = _file_case(harness)
    await harness.feed(Person(user_id=STAFF, chat_id=STAFF_CHAT, chat_type="group")
                       .message(harness.bot, "/queue"))
    await harness.feed(Person(user_id=STAFF).message(harness.bot, "/queue"))
    assert number in harness.api.texts(STAFF_CHAT)[-1]
    assert number in harness.api.texts(STAFF)[-1]


async def test_a_resident_sees_staff_commands_as_unknown(harness: Harness) -> None:
    unknown = harness.services.texts.get("zh", "unknown_command")
    for name in ("queue", "reload", "note"):
        await harness.feed(Person(user_id=42).message(harness.bot, f"/{name}"))
        assert harness.api.texts(42)[-1] == unknown


async def test_staff_cannot_run_admin_commands(harness: Harness) -> None:
    await harness.feed(Person(user_id=STAFF).message(harness.bot, "/reload"))
    assert harness.api.texts(STAFF)[-1] == harness.services.texts.get("zh", "unknown_command")


async def test_help_lists_the_commands_of_the_readers_roles(harness: Harness) -> None:
    texts = harness.services.texts
    for user_id in (42, STAFF, ADMIN):
        await harness.feed(Person(user_id=user_id).message(harness.bot, "/help"))
    resident = "\n".join(harness.api.texts(42))
    staff = "\n".join(harness.api.texts(STAFF))
    admin = "\n".join(harness.api.texts(ADMIN))
    assert "/queue" not in resident and texts.get("zh", "help.staff_title") not in resident
    for command in commands.of_audience(Audience.STAFF):
        line = f"/{command.name} — {texts.get('zh', command.help_key)}"
        # Approving an extension is the approver's: plain staff do not see it.
        assert (line in staff) is commands.allowed(command, frozenset({Role.STAFF}))
    assert "/reload" not in staff and "/reload" in admin and "/queue" in admin


async def test_menus_come_from_the_table(harness: Harness) -> None:
    await register_command_menus(harness.app)
    menus: dict[tuple[str, object, object], list[str]] = {}
    for endpoint, params in harness.api.calls:
        if endpoint == "setMyCommands":
            scope = params["scope"]
            key = (scope["type"], scope.get("chat_id"), params.get("language_code"))
            menus[key] = [c["command"] for c in params["commands"]]
    resident = [c.name for c in commands.menu_for(frozenset())]
    staff = [c.name for c in commands.menu_for(frozenset({Role.STAFF}))]
    admin = [c.name for c in commands.menu_for(frozenset({Role.STAFF, Role.ADMIN}))]
    assert menus[("default", None, None)] == resident == menus[("default", None, "en")]
    assert menus[("chat", STAFF, None)] == staff and "queue" in staff
    assert "reload" not in staff and menus[("chat", ADMIN, "en")] == admin
    assert "reload" in admin


@pytest.mark.parametrize("command", [c for c in COMMANDS.values()
                                     if c.audience is Audience.STAFF], ids=lambda c: c.name)
def test_every_staff_command_has_a_desk_method(harness: Harness,
                                               command: commands.Command) -> None:
    assert callable(getattr(harness.services.assistant.desk, f"_cmd_{command.name}", None))


async def test_a_forged_staff_button_for_a_real_case_does_nothing(harness: Harness) -> None:
    number = _file_case(harness)
    before = harness.services.repo.case_by_number(number)
    await harness.feed(Person(user_id=43).press(harness.bot, f"s:accept:{number}"))
    await harness.feed(Person(user_id=43).press(harness.bot, f"s:take:{number}"))
    after = harness.services.repo.case_by_number(number)
    assert after.status == before.status and after.assigned_to is None
    assert harness.api.sent(43) == []


@pytest.mark.parametrize("data", ["", "zz:1", "s:", "t:", "fb:1", "f:apply", "st", ":" * 10,
                                  "s:accept:NO-SUCH-CASE"])
async def test_stale_or_malformed_buttons_only_stop_the_spinner(harness: Harness,
                                                                 data: str) -> None:
    await harness.feed(Person(user_id=42).press(harness.bot, data))
    assert harness.api.sent(42) == []
    assert len(harness.api.callback_answers()) == 1
