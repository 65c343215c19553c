"""The staff and admin command line, on a database the conversation core filled."""

from __future__ import annotations

import json
import signal
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.runtime import pid_file, running_bot_pid, write_pid
from bot.services import Services
from cli import cli
from tests.helpers import VALID_ID, Resident, fill_application


@pytest.fixture
def filed(services: Services) -> Services:
    person = Resident(services.assistant, 42)
    fill_application(person)
    person.press_label("确认提交")
    person.say("今天天气怎么样")  # declined (not this office's business): not unanswered
    person.say("量子纠缠是什么原理")
    person.say("量子纠缠是什么原理呀")
    person.say("申请要收费吗")
    feedback = next(d for _, d in person.buttons() if d.endswith(":-1"))
    person.press(feedback)
    return services


def run(services: Services, *args: str) -> tuple[int, str]:
    env = {"DISCLOSURE_DB": str(services.settings.db_path), "DISCLOSURE_STAFF_IDS": "500,501",
           "DISCLOSURE_APPROVER_IDS": "700", "DISCLOSURE_ACTOR": "500"}
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.output


def test_cases_list_show_and_masked_export(filed: Services) -> None:
    code, output = run(filed, "cases", "list")
    assert code == 0 and "YSQ-2026-000001\tapplication\treceived" in output
    code, output = run(filed, "cases", "show", "YSQ-2026-000001")
    assert code == 0 and VALID_ID in output
    code, output = run(filed, "cases", "export", "--format", "json")
    [record] = json.loads(output)
    assert {"number", "type", "status", "received_at", "due_date", "applicant_type"} <= set(
        record)
    assert record["fields"]["id_number"] == "****002X"
    code, output = run(filed, "cases", "export", "--format", "json", "--include-personal")
    assert json.loads(output)[0]["fields"]["id_number"] == VALID_ID
    code, output = run(filed, "cases", "export", "--format", "csv")
    assert output.splitlines()[0].startswith("number,type,status")
    assert VALID_ID not in output


def test_set_status_follows_the_rules_and_queues_notices(filed: Services) -> None:
    # Filing through the core alone left the receipt waiting in the outbox too.
    before = {parked.id for parked in filed.repo.pending_messages()}
    code, output = run(filed, "cases", "set-status", "YSQ-2026-000001", "accepted")
    assert code == 0 and "queued" in output
    [(_, chat_id, notice)] = [p for p in filed.repo.pending_messages() if p.id not in before]
    assert chat_id == 42 and "已受理" in notice.text
    code, output = run(filed, "cases", "set-status", "YSQ-2026-000001", "resolved",
                       "--note", "x")
    assert code == 1 and "not that kind of case" in output
    code, output = run(filed, "cases", "set-status", "YSQ-2026-000001", "answered",
                       "--outcome", "1", "--note", "见附件")
    assert code == 0
    assert filed.repo.case_by_number("YSQ-2026-000001").outcome == "1"
    code, output = run(filed, "cases", "set-status", "YSQ-2026-000404", "accepted")
    assert code == 1 and "no case numbered" in output


def test_assign_and_note(filed: Services) -> None:
    assert run(filed, "cases", "assign", "YSQ-2026-000001", "500")[0] == 0
    assert run(filed, "cases", "note", "YSQ-2026-000001", "called")[0] == 0
    case = filed.repo.case_by_number("YSQ-2026-000001")
    assert case.assigned_to == 500
    assert [e.action for e in filed.repo.case_events(case.id)][-2:] == ["assigned", "note"]


def test_report_command(filed: Services) -> None:
    code, output = run(filed, "report", "--year", "2026", "--format", "json")
    assert code == 0
    rows = {r["row"]: r["values"] for r in json.loads(output)["rows"]}
    assert rows["new"]["natural"] == 1 and rows["carried_forward"]["total"] == 1


def test_report_as_docx_goes_to_a_file(filed: Services, tmp_path: Path) -> None:
    code, output = run(filed, "report", "--year", "2026", "--format", "docx")
    assert code != 0 and "--output" in output
    target = tmp_path / "report.docx"
    code, output = run(filed, "report", "--year", "2026", "--format", "docx", "-o",
                       str(target))
    assert code == 0 and str(target) in output
    with zipfile.ZipFile(target) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "四、政府信息公开行政复议、行政诉讼情况" in document


def test_unanswered_groups_similar_questions_with_nearest_topic(filed: Services) -> None:
    code, output = run(filed, "kb", "unanswered", "--top", "5")
    assert code == 0
    lines = output.splitlines()
    assert any("2x" in line and "量子纠缠" in line for line in lines)
    assert "天气" not in output
    # Grouped under the likely topic: the 👎'd question sits under [apply.fees].
    fees = lines.index("[apply.fees]")
    assert "申请要收费吗" in lines[fees + 1]


def test_stats(filed: Services) -> None:
    code, output = run(filed, "kb", "stats")
    assert code == 0 and "week of 2026-11-23" in output and "apply.fees" in output


def test_kb_reload_signals_the_running_bot(filed: Services, tmp_path: Path) -> None:
    received: list[int] = []
    previous = signal.signal(signal.SIGHUP, lambda sig, frame: received.append(sig))
    try:
        write_pid(filed.settings.db_path)  # as `run` announces itself
        code, output = run(filed, "kb", "reload")
        assert code == 0 and "told to reload" in output
        assert received == [signal.SIGHUP]
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_a_stale_pid_file_naming_another_process_is_not_trusted(filed: Services) -> None:
    other = subprocess.Popen(["sleep", "30"])
    try:
        # Written by a bot that has since died; its pid now belongs to `sleep`.
        pid_file(filed.settings.db_path).write_text(f"{other.pid} 1", encoding="utf-8")
        assert running_bot_pid(filed.settings.db_path) is None
        pid_file(filed.settings.db_path).write_text(str(other.pid), encoding="utf-8")
        assert running_bot_pid(filed.settings.db_path) is None
        run(filed, "kb", "reload")
        assert other.poll() is None  # not sent SIGHUP (which would have ended `sleep`)
    finally:
        other.kill()
        other.wait()


def test_kb_reload_refuses_a_broken_base(filed: Services, tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    broken.mkdir()
    (broken / "agency.yaml").write_text("agency: [", encoding="utf-8")
    result = CliRunner().invoke(cli, ["kb", "reload"], env={
        "DISCLOSURE_DB": str(filed.settings.db_path), "DISCLOSURE_KNOWLEDGE_DIR": str(broken)})
    assert result.exit_code == 1 and "keeps its current base" in result.output
