"""Every command the bot knows, declared once.

Routing, authorisation, the command menus and /help are all read from `COMMANDS`:
adding a command is one entry here, its texts in the locale files, and its method on
the desk of its audience. Whether a caller may run a command is decided by
`allowed`, nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, Flag, auto

from bot.auth import Role
from bot.i18n import Catalogue
from bot.textnorm import Lang


class Audience(Enum):
    """Which part of the core runs the command."""

    RESIDENT = auto()
    STAFF = auto()
    ADMIN = auto()


class Chats(Flag):
    """Where a command works. The staff chat is the group named in the settings."""

    PRIVATE = auto()
    GROUP = auto()
    STAFF_CHAT = auto()
    ANYWHERE = PRIVATE | GROUP | STAFF_CHAT
    DESK = PRIVATE | STAFF_CHAT  # staff work: never in an ordinary group


@dataclass(frozen=True)
class Command:
    name: str
    audience: Audience
    role: Role
    chats: Chats = Chats.ANYWHERE
    in_menu: bool = True
    # Running a command again because its message was edited repeats its effect
    # (a second note, a second reply to a resident): only commands that just show
    # something may run from an edit.
    on_edit: bool = False
    has_usage: bool = False

    @property
    def help_key(self) -> str:
        return f"command.{self.name}"

    @property
    def usage_key(self) -> str | None:
        return f"usage.{self.name}" if self.has_usage else None


def _resident(name: str, *, on_edit: bool = False, in_menu: bool = True) -> Command:
    return Command(name, Audience.RESIDENT, Role.RESIDENT, Chats.ANYWHERE, in_menu, on_edit)


def _staff(name: str, *, has_usage: bool = True) -> Command:
    return Command(name, Audience.STAFF, Role.STAFF, Chats.DESK, has_usage=has_usage)


def _approver(name: str) -> Command:
    return Command(name, Audience.STAFF, Role.APPROVER, Chats.DESK, has_usage=True)


def _admin(name: str) -> Command:
    return Command(name, Audience.ADMIN, Role.ADMIN, Chats.DESK, has_usage=True)


COMMANDS: dict[str, Command] = {command.name: command for command in (
    _resident("start", on_edit=True),
    _resident("menu", on_edit=True),
    _resident("help", on_edit=True),
    _resident("apply"),
    _resident("complain"),
    _resident("status", on_edit=True),
    _resident("lang", on_edit=True),
    _resident("cancel"),
    _staff("queue"),
    _staff("case"),
    _staff("assign"),
    _staff("note"),
    _staff("accept"),
    _staff("correct"),
    _staff("consult"),
    _staff("resume"),
    _staff("extend"),
    _approver("approve"),
    _approver("reject"),
    _staff("fee"),
    _staff("paid"),
    _staff("answer"),
    _staff("amend"),
    _staff("reopen"),
    _staff("letter"),
    _staff("close"),
    _staff("progress"),
    _staff("resolve"),
    _staff("outcomes"),
    _staff("questions"),
    _staff("reply"),
    _admin("reload"),
    _admin("unanswered"),
)}


def find(name: str) -> Command | None:
    return COMMANDS.get(name.lower())


def allowed(command: Command, roles: frozenset[Role]) -> bool:
    """The one authorisation check for commands: a resident's command is for everyone."""
    return command.role is Role.RESIDENT or command.role in roles


def works_in(command: Command, *, private: bool, staff_chat: bool) -> bool:
    where = Chats.PRIVATE if private else Chats.STAFF_CHAT if staff_chat else Chats.GROUP
    return bool(command.chats & where)


def available(roles: frozenset[Role]) -> list[Command]:
    """The commands a person with these roles may run, in the table's order."""
    return [c for c in COMMANDS.values() if allowed(c, roles)]


def menu_for(roles: frozenset[Role]) -> list[Command]:
    return [c for c in available(roles) if c.in_menu]


def of_audience(audience: Audience) -> Iterable[Command]:
    return (c for c in COMMANDS.values() if c.audience is audience)


def role_help(texts: Catalogue, lang: Lang, roles: frozenset[Role]) -> str:
    """The staff and admin sections of /help: each command the person may run, with
    what it does and how to call it. Empty for residents."""
    sections = []
    for audience, title in ((Audience.STAFF, "help.staff_title"),
                            (Audience.ADMIN, "help.admin_title")):
        shown = [c for c in of_audience(audience) if allowed(c, roles)]
        if not shown:
            continue
        lines = [texts.get(lang, title)]
        for command in shown:
            lines.append(f"/{command.name} — {texts.get(lang, command.help_key)}")
            if command.usage_key is not None:
                lines.append("    " + texts.get(lang, command.usage_key))
        sections.append("\n".join(lines))
    return "\n\n".join(sections)
