"""Letters: every kind, in DOCX and PDF, with the parts a Chinese official document of
its kind must have; a reply letter for every outcome code."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from bot.clock import FixedClock
from bot.letters import KINDS, LetterError, compose
from bot.letters.compose import article
from bot.letters.render import render
from bot.services import Services
from bot.staff.outcomes import OUTCOMES
from cli import cli
from tests.helpers import file_application

STAFF, APPROVER = 500, 700
REASON = "该信息涉及第三方的商业秘密，第三方书面表示不同意公开"
OFFICE = "平顶山市新城区管委会"


def text_of(data: bytes, fmt: str) -> str:
    if fmt == "docx":
        return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def letter_text(services: Services, number: str, kind: str, fmt: str) -> str:
    case = services.repo.case_by_number(number)
    assert case is not None
    letter = compose(case, kind, services.repo.case_events(case.id),
                     services.settings.knowledge_dir, services.texts, services.clock.today())
    return "".join(text_of(render(letter, fmt), fmt).split())  # PDF lines wrap anywhere


def decide(services: Services, clock: FixedClock, number: str, code: str) -> None:
    """Bring the case to `code` the way the rules allow it."""
    workflow = services.workflow
    if code == "6.1":
        workflow.request_correction(number, STAFF, "请写明文件的年份")
        clock.advance(days=30)
        workflow.expire_deadlines()
    elif code == "6.2":
        workflow.charge_fee(number, STAFF, "pages", 150)
        clock.advance(days=40)
        workflow.expire_deadlines()
    elif code == "6.3":
        workflow.withdraw(number, None, STAFF)
    else:
        if code == "4.3":
            workflow.request_correction(number, STAFF, "请写明文件的年份")
            workflow.corrected(number, 42, "大概是前几年的文件")
        workflow.answer(number, STAFF, code, REASON, article="15",
                        agency="平顶山市自然资源和规划局")


def common_parts(text: str, number: str) -> None:
    assert number in text and "张三" in text
    assert OFFICE in text and "（印章）" in text and "年" in text and "月" in text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("code", list(OUTCOMES))
def test_a_reply_letter_for_every_outcome(services: Services, clock: FixedClock, code: str,
                                         fmt: str) -> None:
    _, number = file_application(services)
    decide(services, clock, number, code)
    text = letter_text(services, number, "reply", fmt)
    common_parts(text, number)
    assert "政府信息公开申请答复书" in text
    assert "法律依据：《中华人民共和国政府信息公开条例》第" in text  # the legal basis
    assert "理由及说明" in text
    if code not in ("6.1", "6.2", "6.3"):
        assert "".join(REASON.split()) in text
    # The remedy that fits, with its period, its dates and the body to go to; the body is
    # not a confirmed fact yet, so the letter leaves it blank for staff to fill in.
    assert "行政复议" in text and "六十日内" in text and "＿＿＿＿（复议机关）" in text
    assert "平顶山市人民政府" not in text and "中级人民法院" not in text
    if code == "2" or code.startswith("3."):
        assert "对行政复议决定不服的" in text and "六个月" not in text
    else:
        assert "六个月内" in text and "有管辖权的人民法院" in text
    if code == "4.1":
        assert "平顶山市自然资源和规划局" in text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_every_other_kind_of_letter(services: Services, clock: FixedClock, fmt: str) -> None:
    _, number = file_application(services)
    workflow = services.workflow
    workflow.request_correction(number, STAFF, "请写明文件的年份")
    workflow.corrected(number, 42, "是2025年的征收补偿方案")
    workflow.consult(number, STAFF, "某某置业有限公司", "涉及其商业秘密")
    workflow.resume(number, STAFF)
    workflow.request_extension(number, STAFF, 10, "需要调取档案馆保存的历史档案")
    workflow.approve_extension(number, APPROVER)
    workflow.charge_fee(number, STAFF, "pages", 150)
    expected = {
        "receipt": ("受理回执", "第三十一条", "第三十三条", "2026年11月26日"),
        "correction": ("补正告知书", "第三十条", "请写明文件的年份", "一次性告知"),
        "extension": ("延期答复告知书", "第三十三条", "10个工作日", "需要调取档案馆保存的历史档案"),
        "consultation": ("征询函", "第三十二条", "某某置业有限公司", "15个工作日"),
        "fee": ("收费通知书", "第四十二条", "1700元", "国办函〔2020〕109号"),
    }
    for kind, parts in expected.items():
        text = letter_text(services, number, kind, fmt)
        common_parts(text, number) if kind != "consultation" else None
        assert number in text and OFFICE in text and "（印章）" in text
        for part in parts:
            assert "".join(part.split()) in text, (kind, part)
    assert set(expected) | {"reply"} == set(KINDS)


def test_a_letter_the_case_cannot_have_is_refused(services: Services) -> None:
    _, number = file_application(services)
    case = services.repo.case_by_number(number)
    assert case is not None
    for kind in ("reply", "correction", "extension", "consultation", "fee"):
        with pytest.raises(LetterError) as caught:
            compose(case, kind, [], services.settings.knowledge_dir, services.texts,
                    services.clock.today())
        assert caught.value.key == f"letter.needs.{kind}"


def test_articles_in_chinese_numerals() -> None:
    assert [article(n) for n in (1, 10, 15, 20, 36, 42)] == [
        "第一条", "第十条", "第十五条", "第二十条", "第三十六条", "第四十二条"]


def test_the_letter_command(services: Services, tmp_path: Path) -> None:
    _, number = file_application(services)
    env = {"DISCLOSURE_DB": str(services.settings.db_path)}
    output = tmp_path / "receipt.pdf"
    result = CliRunner().invoke(cli, ["cases", "letter", number, "--kind", "receipt",
                                      "--format", "pdf", "--output", str(output)], env=env)
    assert result.exit_code == 0, result.output
    assert "受理回执" in text_of(output.read_bytes(), "pdf")
    result = CliRunner().invoke(cli, ["cases", "letter", number, "--kind", "reply",
                                      "--format", "docx", "--output", str(output)], env=env)
    assert result.exit_code == 1 and "no outcome yet" in result.output
    help_text = CliRunner().invoke(cli, ["cases", "letter", "--help"]).output
    assert all(kind in help_text for kind in KINDS)
