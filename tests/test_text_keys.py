"""Every text the code can ask for exists in both languages.

Keys come from two places: literal keys in calls (found by reading the source), and the
families the code builds from data (form fields and choices, commands, statuses, kinds,
case events, validation errors, menu categories). A missing key would otherwise show up
only when a resident hits that path.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.commands import COMMANDS
from bot.filing import CHANNELS, RESIDENT_EVENTS
from bot.forms import FORMS
from bot.i18n import Catalogue, MissingText, default_catalogue
from bot.letters import KINDS as LETTER_KINDS
from bot.matching.smalltalk import KINDS as SMALL_TALK
from bot.staff.documents import PURPOSES as DOCUMENT_PURPOSES
from bot.staff.outcomes import APPLICANT_COLUMNS, GROUP_NUMBERS, OUTCOMES
from bot.staff.report import REMEDY_BLOCKS, RESULTS
from bot.staff.states import CaseStatus
from bot.staff.views import BUTTON_ACTIONS
from bot.staff.workflow import COMPLAINT_RESULTS, REOPEN_GROUNDS
from bot.store.case_changes import EVENT_ACTIONS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for folder in ("bot", "handlers", "cli") for p in (ROOT / folder).rglob("*.py")]
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$|^[a-z][a-z0-9_]*$")
# Calls whose second argument is a text key: texts.get(lang, KEY), self.t(ctx, KEY), ...
TEXT_CALLS = {"get", "t", "_t", "text"}
CATEGORIES = ("scope", "exempt", "apply", "complain", "contact", "about")


def _trees() -> Iterator[ast.AST]:
    for path in SOURCES:
        yield ast.parse(path.read_text(encoding="utf-8"))


def _literal_keys() -> set[str]:
    keys: set[str] = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else \
                func.id if isinstance(func, ast.Name) else ""
            receiver = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
            if name not in TEXT_CALLS or (name == "get" and "text" not in receiver):
                continue
            arg = node.args[1]
            for value in (arg.body, arg.orelse) if isinstance(arg, ast.IfExp) else (arg,):
                if isinstance(value, ast.Constant) and isinstance(value.value, str) \
                        and KEY.match(value.value):
                    keys.add(value.value)
    return keys


def _dotted_constants(prefixes: set[str]) -> set[str]:
    """Key-shaped string constants anywhere in the code (menus, error keys, tables)."""
    found = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and "." in node.value and KEY.match(node.value) \
                    and node.value.split(".", 1)[0] in prefixes:
                found.add(node.value)
    return found


def _staff_calls() -> set[str]:
    """texts.staff(KEY): a text for staff, in the staff language."""
    keys = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "staff" and node.args \
                    and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                keys.add(node.args[0].value)
    return keys


def _keyword_constants(keyword: str) -> set[str]:
    found = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == keyword and \
                    isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                found.add(node.value.value)
    return found


def _raised_codes() -> set[str]:
    codes = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and \
                    ast.unparse(node.exc.func) == "InvalidField" and node.exc.args and \
                    isinstance(node.exc.args[0], ast.Constant):
                codes.add(str(node.exc.args[0].value))
    return codes


def _family_keys() -> set[str]:
    keys: set[str] = set()
    for name, form in FORMS.items():
        keys |= {f"form.{name}.{screen}" for screen in (
            "consent", "summary", "waiting", "leave_confirm", "discarded", "kept")}
        keys.add(f"form.switch.{name}")
        for spec in form.fields:
            keys.add(f"label.{spec.key}")
            keys |= set(spec.prompt_keys(name))
            keys |= {f"choice.{spec.key}.{value}" for value in spec.choices}
            if spec.evidence is not None:
                keys |= {f"form.evidence.kind.{kind}" for kind in spec.evidence.kinds}
    for command in COMMANDS.values():
        keys.add(command.help_key)
        if command.usage_key:
            keys.add(command.usage_key)
    keys |= {f"status.{s}" for s in CaseStatus}
    keys |= {f"event.{a}" for a in EVENT_ACTIONS}
    keys |= {f"resident_event.{a}" for a in RESIDENT_EVENTS}
    keys |= {f"outcome_plain.{code}" for code in OUTCOMES}
    keys |= {f"outcome.{code}" for code in OUTCOMES}
    keys |= {f"outcome.group.{group}" for group in GROUP_NUMBERS}
    keys |= {f"report.column.{column}" for column in APPLICANT_COLUMNS}
    keys |= {f"report.result.{result}" for result in RESULTS}
    keys |= {f"report.block.{block}" for block in REMEDY_BLOCKS}
    keys |= {f"channel.{c}" for c in (*CHANNELS, "telegram")}
    keys |= {f"reopen.{g}" for g in REOPEN_GROUNDS}
    keys |= {f"staff.btn.{a.value}" for a in BUTTON_ACTIONS}
    keys |= {f"letter.needs.{kind}" for kind in LETTER_KINDS if kind != "receipt"}
    keys |= {f"letter.kind.{kind}" for kind in LETTER_KINDS}
    keys |= {f"kind.{k}" for k in ("application", "complaint")}
    keys |= {f"purpose.{p}" for p in DOCUMENT_PURPOSES}
    # Events: actions passed by keyword, the two the store writes itself, complaint results.
    keys |= {f"event.{a}" for a in (*_keyword_constants("action"), "submitted", "anonymised",
                                     *COMPLAINT_RESULTS)}
    keys |= {f"staff.btn.{a}" for a in ("view", "take", "accept", "resume", "close",
                                        "progress")}
    keys |= {f"action.{name}" for name in FORMS}  # a topic's call to action
    keys |= {f"invalid.{code}" for code in _raised_codes()}
    keys |= {f"category.{c}" for c in CATEGORIES}
    # Small talk: a reply per kind; a greeting gets the welcome instead.
    keys |= {f"smalltalk.{kind}" for kind in SMALL_TALK if kind != "greeting"}
    return keys


PREFIXES = {key.split(".", 1)[0] for key in default_catalogue().keys("zh") if "." in key}
EXPECTED = sorted(_literal_keys() | _family_keys() | _staff_calls() | _dotted_constants(PREFIXES))


def test_the_scan_finds_the_keys_it_should() -> None:
    # Guards the scan itself: if it found nothing, the test below would pass vacuously.
    assert {"greeting", "unknown_command", "event.note", "command.queue",
            "label.name", "invalid.id.checksum"} <= set(EXPECTED)
    assert len(EXPECTED) > 200


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_key_the_code_asks_for_exists(lang: str) -> None:
    texts = default_catalogue()
    missing = [key for key in EXPECTED if key not in texts.keys(lang)]  # type: ignore[arg-type]
    assert missing == []


def test_no_text_is_left_unused() -> None:
    assert sorted(default_catalogue().keys("zh") - set(EXPECTED)) == []


def test_both_languages_have_the_same_keys() -> None:
    texts = default_catalogue()
    assert sorted(texts.keys("zh") ^ texts.keys("en")) == []


def test_a_missing_key_is_an_error_not_a_raw_key() -> None:
    texts = Catalogue({"zh": {"only_zh": "中文"}, "en": {}})
    assert texts.get("en", "only_zh") == "中文"  # the other language, never the key
    with pytest.raises(MissingText):
        texts.get("zh", "no.such.key")
