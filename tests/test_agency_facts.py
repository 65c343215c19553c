"""Agency facts: each has a status; unconfirmed ones are never shown as fact; `kb
validate` and `doctor` report them; confirming one is a one-line change. Also the check
that flags an English answer much shorter than its Chinese."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.config import DEFAULT_KNOWLEDGE_DIR, load_settings
from bot.kb.loader import inspect_folder, load_knowledge_base, validate_folder
from bot.ops import doctor
from cli import cli

# What the 2016 report states (checked line by line against it; see docs/legal-review.md).
CONFIRMED = {"name", "address", "postcode", "fax", "email", "complaint_desk"}
UNCONFIRMED = {"office", "phone", "application_email", "hours", "website", "wechat",
               "report_boxes", "complaint_phone", "supervisor", "reconsideration_body", "court"}


@pytest.fixture
def base(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder)
    return folder


def _marked(base: Path) -> Path:
    """The base with every unconfirmed fact's value replaced by a unique marker."""
    path = base / "agency.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    for key in UNCONFIRMED:
        for field in ("value", "zh", "en"):
            if field in data["agency"][key]:
                at = text.index(f"    {field}:", text.index(f"\n  {key}:\n"))
                end = text.index("\n", at)
                text = text[:at] + f"    {field}: MARK-{key}-{field}" + text[end:]
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_fact_has_its_status_and_source() -> None:
    kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    assert {key for key, fact in kb.facts.items() if fact.confirmed} == CONFIRMED
    assert {fact.key for fact in kb.unconfirmed()} == UNCONFIRMED
    for key in CONFIRMED:
        assert (kb.facts[key].source or "").startswith("2016 report"), key
    assert "招商电话" in (kb.facts["phone"].doubt or "")
    assert "webmaster" in (kb.facts["application_email"].doubt or "")
    assert "basic-level" in (kb.facts["court"].doubt or "")
    # Only confirmed facts are offered as fact to the rest of the bot.
    assert set(kb.agency) == CONFIRMED


def test_unconfirmed_facts_never_reach_an_answer_and_confirming_is_one_line(
        base: Path) -> None:
    agency = _marked(base)
    kb = load_knowledge_base(base)
    for topic in kb.topics:
        for lang in ("zh", "en"):
            text = kb.answer(topic.id, lang)  # type: ignore[arg-type]
            assert "MARK-" not in text, (topic.id, lang)
            assert "{{" not in text
    for decline in kb.declines:
        for lang in ("zh", "en"):
            if decline.hint:
                assert "MARK-" not in kb.render(decline.hint[lang], lang)  # type: ignore
    # Confirming the phone number: its `unconfirmed:` line becomes `confirmed:`.
    text = agency.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines()
                if line.strip().startswith("unconfirmed:") and "招商电话" in line
                and text.index(line) > text.index("\n  phone:"))
    agency.write_text(text.replace(line, "    confirmed: the office's letter of 2026-12-01"),
                      encoding="utf-8")
    kb = load_knowledge_base(base)
    assert kb.facts["phone"].confirmed
    assert "电话：MARK-phone-value" in kb.answer("contact.office", "zh")
    assert "Phone: MARK-phone-value" in kb.answer("contact.office", "en")
    assert "MARK-phone-value" in kb.answer("apply.status", "zh")


def test_unconfirmed_lines_leave_the_rest_readable() -> None:
    kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    contact = kb.answer("contact.office", "zh")
    assert "0375-2667985" in contact and "传真：0375-2667985" in contact
    assert "电话：0375" not in contact  # the number the report labels 招商电话
    assert "以上未列出的联系方式" in contact
    how = kb.answer("apply.how", "en")
    assert "E-mail:" not in how and "Fax: 0375-2667985" in how


def test_validate_lists_unconfirmed_facts_as_warnings_exit_zero() -> None:
    result = CliRunner().invoke(cli, ["kb", "validate", str(DEFAULT_KNOWLEDGE_DIR)])
    assert result.exit_code == 0, result.output
    for key in UNCONFIRMED:
        assert f"agency fact '{key}' is unconfirmed" in result.output, key
    assert re.search(r"warning: knowledge/agency\.yaml:\d+: agency fact 'phone'", result.output)
    assert "11 warning(s)" in result.output
    assert validate_folder(DEFAULT_KNOWLEDGE_DIR) == []


def test_doctor_reports_unconfirmed_facts(tmp_path: Path) -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "123456:ABCDEF",
                              "DISCLOSURE_DB": str(tmp_path / "d.db")})
    from datetime import date

    checks = {c.name: c for c in doctor(settings, date(2026, 3, 1))}
    kb_check = checks["knowledge base"]
    assert kb_check.ok
    assert "11 agency fact(s) unconfirmed" in kb_check.detail and "phone" in kb_check.detail


@pytest.mark.parametrize(("old", "new", "message"), [
    ('  postcode:\n    value: "467000"\n    confirmed: 2016 report, footer "邮编(P.C.):467000"\n',
     '  postcode: "467000"\n', "fact 'postcode' has no status"),
    ('    value: "467000"\n    confirmed:',
     '    value: "467000"\n    unconfirmed: x\n    confirmed:',
     "needs exactly one of"),
    ('    value: "467000"\n    confirmed:', '    zh: "467000"\n    confirmed:',
     "needs either 'value:' or both"),
])
def test_malformed_facts_are_errors(base: Path, old: str, new: str, message: str) -> None:
    path = base / "agency.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = validate_folder(base)
    assert any(message in p.message and p.file.endswith("agency.yaml") for p in problems), \
        problems


def test_an_answer_made_only_of_unconfirmed_lines_is_an_error(base: Path) -> None:
    path = base / "topics" / "about.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["topics"][0]["answer"]["zh"] = "请致电{{phone}}。\n"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = validate_folder(base)
    assert any("nothing is left to show" in p.message for p in problems), problems


def test_english_much_shorter_than_chinese_is_flagged(base: Path) -> None:
    _, warnings = inspect_folder(DEFAULT_KNOWLEDGE_DIR)
    assert not [w for w in warnings if "English answer" in w.message], warnings
    path = base / "topics" / "apply.yaml"
    text = path.read_text(encoding="utf-8")
    # The English of apply.fees as it was: without "of receiving the notice" and the rest.
    start = text.index("Information provided on request is free of charge (Art. 42).")
    end = text.index("    related:", start)
    short = ("Information provided on request is free of charge (Art. 42). A fee only "
             "for clearly excessive requests.\n")
    path.write_text(text[:start] + short + text[end:], encoding="utf-8")
    errors, warnings = inspect_folder(base)
    assert errors == []
    assert any("English answer of 'apply.fees'" in w.message for w in warnings), warnings
    result = CliRunner().invoke(cli, ["kb", "validate", str(base)])
    assert result.exit_code == 0 and "English answer of 'apply.fees'" in result.output


def test_the_apology_offers_a_phone_only_when_confirmed() -> None:
    from bot.i18n import default_catalogue

    texts = default_catalogue()
    kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    assert "phone" not in kb.agency  # what handlers/errors.py reads
    for lang in ("zh", "en"):
        bare = texts.get(lang, "error", call="")  # type: ignore[arg-type]
        assert "0375" not in bare and "{" not in bare and "拨打" not in bare
        call = texts.get(lang, "error.call", phone="0375-1234567")  # type: ignore[arg-type]
        assert "0375-1234567" in texts.get(lang, "error", call=call)  # type: ignore[arg-type]
