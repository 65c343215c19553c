"""A case's whole life through the real bot: resident and staff in their own chats."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from tests.e2e.harness import (
    ROOT,
    BotApiServer,
    RunningBot,
    finish_application,
    start_application,
    wait_until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
STAFF, ADMIN, APPROVER, STAFF_CHAT = 700, 900, 800, -700


@pytest.fixture(scope="module")
def staff_bot(botapi: BotApiServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        RunningBot]:
    folder = tmp_path_factory.mktemp("staff")
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder / "knowledge")
    bot = RunningBot(botapi, folder / "staff.db", groups=(STAFF_CHAT,),
                     DISCLOSURE_STAFF_IDS=str(STAFF), DISCLOSURE_ADMIN_IDS=str(ADMIN),
                     DISCLOSURE_APPROVER_IDS=str(APPROVER),
                     DISCLOSURE_STAFF_CHAT_ID=str(STAFF_CHAT),
                     DISCLOSURE_KNOWLEDGE_DIR=str(folder / "knowledge"))
    yield bot
    bot.stop()


def test_full_life_cycle(staff_bot: RunningBot) -> None:
    db, telegram = staff_bot.db, staff_bot.telegram
    resident = telegram.person(30001, language_code="zh-hans")
    staff = telegram.person(STAFF, username="clerk")
    approver = telegram.person(APPROVER, username="head")
    approver.say("/queue")  # the approver has a chat with the bot
    staff_group = telegram.watch(STAFF_CHAT)
    start_application(resident)
    finish_application(resident)
    resident.tap("确认提交")
    number = resident.text.split("编号：")[1].split("\n")[0].strip()
    [notice] = staff_group.expect(1)
    assert number in notice["text"] and "张*" in notice["text"] and "张三" not in notice["text"]

    staff.say(f"/accept {number}")
    assert f"{number} 已更新" in staff.text
    resident.expect(1)
    assert "已受理" in resident.text

    staff.say(f"/correct {number} 请写明您需要的是哪一年的方案", n=1)
    resident.expect(1)
    assert "需要补正" in resident.text and "哪一年" in resident.text
    resident.tap("提交补正内容")
    resident.say("需要2025年发布的那一版征收补偿方案")
    assert "已收到申请" in resident.text

    staff.say(f"/extend {number} 15 需要到档案馆调取原件")
    approver.expect(1)  # the head is asked to approve (Art. 33)
    assert "/approve" in approver.text
    approver.say(f"/approve {number}")
    resident.expect(1)
    assert "延长" in resident.text and "档案馆" in resident.text

    staff.say(f"/answer {number} 1 您申请的方案全文已通过本助手发送，请查收。")
    resident.expect(1)
    assert "予以公开" in resident.text and "请查收" in resident.text

    staff.say(f"/case {number}")
    assert "张三" in staff.text and "补正内容" in staff.text

    report = subprocess.run([sys.executable, "-m", "cli", "report", "--year", "2026",
                             "--format", "json"], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "DISCLOSURE_DB": str(db)},
                            timeout=60)
    rows = {r["row"]: r["values"] for r in json.loads(report.stdout)["rows"]}
    assert rows["1"]["natural"] == 1 and rows["total"]["total"] == 1


def test_staff_commands_are_unknown_to_residents(staff_bot: RunningBot) -> None:
    resident = staff_bot.telegram.person(30002)
    for command in ("/queue", "/case YSQ-2026-000001", "/reload", "/unanswered"):
        resident.say(command)
        assert "没有这个指令" in resident.text


def test_reload_with_a_broken_file_keeps_the_old_base_serving(staff_bot: RunningBot) -> None:
    db, process = staff_bot.db, staff_bot.process
    knowledge = db.parent / "knowledge"
    fees = knowledge / "topics" / "apply.yaml"
    original = fees.read_text(encoding="utf-8")
    admin, resident = staff_bot.telegram.person(ADMIN), staff_bot.telegram.person(30003)
    try:
        fees.write_text(original.replace("id: apply.fees", "id: [broken", 1), encoding="utf-8")
        admin.say("/reload")
        assert "未加载" in admin.text and "apply.yaml" in admin.text
        resident.say("申请要收费吗")
        assert "第四十二条" in resident.text  # the old base still answers

        fees.write_text(original.replace("第四十二条", "第四十二条（已更新）", 1),
                        encoding="utf-8")
        admin.say("/reload")
        assert "知识库已重新加载" in admin.text and "apply.fees" in admin.text
        resident.say("申请要收费吗")
        assert "已更新" in resident.text

        fees.write_text(original, encoding="utf-8")
        cli = subprocess.run([sys.executable, "-m", "cli", "kb", "reload"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60,
                             env={"PATH": "/usr/bin:/bin", "DISCLOSURE_DB": str(db),
                                  "DISCLOSURE_KNOWLEDGE_DIR": str(knowledge)})
        assert cli.returncode == 0 and "told to reload" in cli.stdout
        # Only the SIGHUP path logs this line; /reload answers in the chat instead.
        assert wait_until(lambda: "knowledge base reloaded" in process.output)
        resident.say("申请要收费吗")
        assert "已更新" not in resident.text
        with sqlite3.connect(db) as conn:  # each load recorded, for the desk to show
            origins = [row[0] for row in conn.execute(
                "select origin from knowledge_loads order by id")]
        assert origins == ["start", "reload", "reload"]  # the refused reload loaded nothing
    finally:
        fees.write_text(original, encoding="utf-8")


def test_a_learn_tap_answers_at_once_and_reloads_in_the_background(
        staff_bot: RunningBot) -> None:
    """The slow part of the reload runs off the thread that answers residents, after the
    admin has been told."""
    process = staff_bot.process
    resident, admin = staff_bot.telegram.person(30005), staff_bot.telegram.person(ADMIN)
    resident.say("量子纠缠的原理是什么")
    admin.say("/unanswered")
    [number] = [line.split(".")[0] for line in admin.text.splitlines() if "量子纠缠" in line]
    reloads = process.output.count("knowledge base reloaded")
    admin.tap(f"{number} 🚫")
    assert "知识库将在几秒内重新加载" in admin.text and "other-services" in admin.text
    assert wait_until(lambda: process.output.count("knowledge base reloaded") > reloads)
    admin.say("/unanswered")
    assert "量子纠缠" not in admin.text  # a phrasing of the reloaded base now


def test_a_resident_who_blocked_the_bot_does_not_stop_the_staff(staff_bot: RunningBot) -> None:
    telegram = staff_bot.telegram
    resident, staff = telegram.person(30004), telegram.person(STAFF)
    start_application(resident)
    finish_application(resident)
    resident.tap("确认提交")
    number = resident.text.split("编号：")[1].split("\n")[0].strip()
    resident.block()
    staff.say(f"/accept {number}")
    assert f"{number} 已更新" in staff.text  # the staff member is answered all the same
    # the notice belongs to the state change, so it goes out through the outbox
    assert wait_until(lambda: "given up: blocked" in staff_bot.process.output)
    # ... and the staff group is told, so that someone can phone the resident
    staff_group = telegram.watch(STAFF_CHAT)
    assert wait_until(lambda: any("未能送达" in m["text"] and number in m["text"]
                                  for m in staff_group.receive(1, timeout=1)), timeout=30)
    resident.block(False)
    assert resident.receive(1, timeout=1) == []  # given up, not sent later
