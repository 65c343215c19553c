"""`kb validate`: the shipped base is sound, and each kind of mistake is reported with
its file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.kb.loader import KnowledgeBaseError, load_knowledge_base, validate_folder
from bot.textnorm import compact
from cli import cli


@pytest.fixture
def base(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder)
    return folder


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_shipped_base_is_sound_and_covers_every_required_topic() -> None:
    assert validate_folder(DEFAULT_KNOWLEDGE_DIR) == []
    kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    required = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / "required_topics.yaml").read_text())
    assert set(required["topics"]) <= set(kb.by_id)
    for topic in kb.topics:
        assert len(topic.phrasings["zh"]) >= 8 and len(topic.phrasings["en"]) >= 3, topic.id
        for lang in ("zh", "en"):
            assert len(kb.answer(topic.id, lang)) < 4096, topic.id
            assert "{{" not in kb.answer(topic.id, lang)


def test_cli_exit_codes(base: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["kb", "validate", str(base)])
    assert ok.exit_code == 0, ok.output
    _edit(base / "topics" / "apply.yaml", "id: apply.fees", "id: apply.fee-typo")
    broken = runner.invoke(cli, ["kb", "validate", str(base)])
    assert broken.exit_code == 1
    assert "required topic 'apply.fees' is missing" in broken.output


def test_yaml_syntax_error_names_file_and_line(base: Path) -> None:
    path = base / "topics" / "scope.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "  - id: [unclosed")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [problem] = validate_folder(base)
    assert problem.file.endswith("topics/scope.yaml")
    assert problem.line in (6, 7)
    assert "YAML syntax" in problem.message


def test_a_list_item_folded_into_a_title_is_caught(base: Path) -> None:
    path = base / "topics" / "apply.yaml"
    _edit(path, "      en: Who may apply\n",
          "      en: Who may apply\n        - can my company apply\n")
    # YAML itself raises nothing: the title silently swallows the item.
    assert "Who may apply - can my company apply" in str(yaml.safe_load(path.read_text("utf-8")))
    [problem] = validate_folder(base)
    assert problem.file.endswith("topics/apply.yaml")
    assert problem.line == _line_of(path, "en: Who may apply")
    assert "indented under this text" in problem.message


def test_unknown_field_missing_field_and_wrong_type(base: Path) -> None:
    path = base / "topics" / "contact.yaml"
    _edit(path, "category: contact", "category: contact\n    colour: blue")
    problems = validate_folder(base)
    assert any("unknown field" in p.message and "colour" in p.message and
               p.line == _line_of(path, "colour: blue") for p in problems), problems
    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "topics" / "contact.yaml", path)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\n    related:.*", "\n    related: 12", text, count=1),
                    encoding="utf-8")
    problems = validate_folder(base)
    assert any("related" in p.message and p.line == _line_of(path, "related: 12")
               for p in problems), problems


def test_duplicate_id_and_dangling_related(base: Path) -> None:
    path = base / "topics" / "about.yaml"
    _edit(path, "related: [", "related: [no.such-topic, ")
    problems = validate_folder(base)
    assert any("related topic 'no.such-topic' does not exist" in p.message for p in problems)
    contact = (base / "topics" / "contact.yaml").read_text(encoding="utf-8")
    (base / "topics" / "zz-copy.yaml").write_text(contact, encoding="utf-8")
    problems = validate_folder(base)
    assert any("duplicate topic id 'contact.office'" in p.message and
               p.file.endswith("zz-copy.yaml") for p in problems), problems


def test_an_id_too_long_for_a_button_is_refused(base: Path) -> None:
    path = base / "topics" / "contact.yaml"
    long_id = "contact." + "x" * 40
    _edit(path, "id: contact.office", f"id: {long_id}")
    problems = validate_folder(base)
    assert any(p.file.endswith("contact.yaml") and "40" in p.message
               for p in problems), problems


def test_unresolved_placeholder(base: Path) -> None:
    path = base / "topics" / "contact.yaml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"\{\{\s*\w+\s*\}\}", text)
    assert first
    path.write_text(text.replace(first.group(0), "{{fax_number_typo}}", 1), encoding="utf-8")
    problems = validate_folder(base)
    assert any("{{fax_number_typo}}" in p.message for p in problems), problems


def test_same_phrasing_under_two_topics_after_normalisation(base: Path) -> None:
    kb = load_knowledge_base(base)
    borrowed = kb.by_id["apply.fees"].phrasings["zh"][0]
    variant = borrowed + "？？"
    path = base / "topics" / "contact.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      zh:\n", f"      zh:\n        - \"{variant}\"\n", 1),
                    encoding="utf-8")
    problems = validate_folder(base)
    assert any("also under topic 'apply.fees'" in p.message and compact(borrowed) in
               compact(p.message) for p in problems), problems


def test_overlong_answer(base: Path) -> None:
    path = base / "topics" / "about.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["topics"][0]["answer"]["zh"] = "很长的回答。" * 800
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = validate_folder(base)
    assert any("shorten it" in p.message for p in problems), problems


def test_load_refuses_a_broken_base_with_every_problem(base: Path) -> None:
    _edit(base / "topics" / "apply.yaml", "id: apply.fees", "id: apply.fee-typo")
    (base / "agency.yaml").write_text("agency: [", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(base)
    messages = " | ".join(p.message for p in raised.value.problems)
    assert "YAML syntax" in messages and "apply.fees" in messages


def test_bad_holiday_file_is_reported(base: Path) -> None:
    (base / "holidays.yaml").write_text("years:\n  2027:\n    holidays: [2027-02-30]\n",
                                        encoding="utf-8")
    problems = validate_folder(base)
    assert any(p.file == "holidays.yaml" and "2027" in p.message for p in problems), problems


def test_reload_picks_up_next_years_holidays(services, base: Path,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from bot.messages import Context, Event

    monkeypatch.setattr(services.engine, "knowledge_dir", base)
    assert services.calendar.add_workdays(date(2026, 12, 30), 2).provisional
    (base / "holidays.yaml").write_text(
        "years:\n  2027:\n    holidays: [2027-01-01]\n    workdays: []\n", encoding="utf-8")
    ctx = Context(Event(user_id=900, chat_id=900, kind="command", command="reload"), "zh")
    assert "重新加载" in services.assistant.admin.reload(ctx).text
    due = services.calendar.add_workdays(date(2026, 12, 30), 2)
    assert due.date == date(2027, 1, 4) and not due.provisional


def test_an_out_of_scope_part_needs_a_group_of_its_own_and_real_related_topics(
        base: Path) -> None:
    path = base / "out_of_scope.yaml"
    _edit(path, "within: other-services", "within: no-such-group")
    _edit(path, "related: [apply.how, apply.expropriation]",
          "related: [apply.how, no.such-topic]")
    problems = validate_folder(base)
    messages = {p.message for p in problems}
    assert "'other-decisions' is within 'no-such-group', which is not an out-of-scope " \
        "group of its own" in messages, problems
    assert "related topic 'no.such-topic' does not exist" in messages
    assert all(p.file.endswith("out_of_scope.yaml") for p in problems)
    # A part of a part would be matched as nothing: refused too.
    _edit(path, "within: no-such-group", "within: other-services")
    _edit(path, "  - id: private-disputes\n", "  - id: private-disputes\n"
          "    within: other-decisions\n")
    problems = validate_folder(base)
    assert any("'private-disputes' is within 'other-decisions'" in p.message
               for p in problems), problems
