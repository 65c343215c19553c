"""Every desk action from the command line, offline intake and carried-over imports:
the same rules as in the bot, refusals as one line and exit code 1."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from bot.services import Services
from cli import cli
from tests.helpers import file_application


def run(services: Services, *args: str, actor: str | None = "500",
        stdin: str | None = None) -> tuple[int, str]:
    env = {"DISCLOSURE_DB": str(services.settings.db_path), "DISCLOSURE_STAFF_IDS": "500,501",
           "DISCLOSURE_APPROVER_IDS": "700"}
    acting = ["--actor", actor] if actor else []
    result = CliRunner().invoke(cli, [*args, *acting], env=env, input=stdin)
    return result.exit_code, result.output


def one_line_refusal(code: int, output: str, words: str) -> None:
    assert code == 1, output
    assert len(output.strip().splitlines()) == 1 and words in output, output


@pytest.fixture
def number(services: Services) -> str:
    return file_application(services)[1]


def test_a_case_handled_from_start_to_end_on_the_command_line(services: Services,
                                                              number: str) -> None:
    steps = [
        ("assign", number, "501"),
        ("accept", number),
        ("note", number, "called the applicant"),
        ("consult", number, "--party", "某某置业有限公司", "--note", "商业秘密"),
        ("resume", number),
        ("extend", number, "--days", "10", "--reason", "需要调取档案馆的历史档案"),
    ]
    for step in steps:
        code, output = run(services, "cases", *step)
        assert code == 0, (step, output)
    code, output = run(services, "cases", "approve", number, actor="700")
    assert code == 0 and "queued" in output
    code, _ = run(services, "cases", "answer", number, "--outcome", "3.4", "--article", "15",
                  "--reply", "涉及第三方的商业秘密，第三方不同意公开")
    assert code == 0
    code, _ = run(services, "cases", "amend", number, "--outcome", "2", "--article", "15",
                  "--reason", "第三方同意公开其中一部分，改为部分公开",
                  "--reply", "除第三方商业秘密外的部分予以公开")
    assert code == 0
    assert run(services, "cases", "close", number)[0] == 0
    code, _ = run(services, "cases", "reopen", number, "--ground", "judgment",
                  "--reference", "（2027）豫04行初12号")
    assert code == 0
    case = services.repo.case_by_number(number)
    assert case is not None and case.status == "accepted" and case.extended
    actions = [e.action for e in services.repo.case_events(case.id)]
    assert actions == ["submitted", "assigned", "accepted", "note", "consultation",
                       "consultation_done", "extension_requested", "extended", "answered",
                       "amended", "closed", "reopened"]
    notices = [out.text for _, chat_id, out in services.repo.pending_messages()
               if chat_id == 42]
    # the receipt, then accepted, consulting, resumed, extended, answered, amended, reopened
    assert len(notices) == 8


def test_refusals_are_one_line_and_exit_one(services: Services, number: str) -> None:
    code, output = run(services, "cases", "approve", number)
    one_line_refusal(code, output, "no extension request")
    code, output = run(services, "cases", "answer", number, "--outcome", "3.1",
                       "--reply", "x", "--article", "14")
    one_line_refusal(code, output, "real reasons")
    code, output = run(services, "cases", "accept", number, actor="4242")
    one_line_refusal(code, output, "not a staff member")
    code, output = run(services, "cases", "resume", "YSQ-2026-000404")
    one_line_refusal(code, output, "no case numbered")
    code, output = run(services, "cases", "correct", number, "请写明年份")
    assert code == 0
    code, output = run(services, "cases", "correct", number, "请再写明文号")
    one_line_refusal(code, output, "one notice")


def test_fees_withdrawal_and_rejection(services: Services, number: str) -> None:
    code, output = run(services, "cases", "fee", number, "--method", "pages",
                       "--quantity", "20")
    one_line_refusal(code, output, "free of charge")
    assert run(services, "cases", "fee", number, "--method", "pages", "--quantity", "150")[0] == 0
    case = services.repo.case_by_number(number)
    assert case is not None and case.fee_amount == 1700 and case.status == "fee_due"
    assert run(services, "cases", "paid", number)[0] == 0
    assert run(services, "cases", "extend", number, "--days", "5",
               "--reason", "需要征求多个部门的意见")[0] == 0
    assert run(services, "cases", "reject", number, "--reason", "可以按期答复",
               actor="700")[0] == 0
    assert run(services, "cases", "withdraw", number)[0] == 0
    case = services.repo.case_by_number(number)
    assert case is not None and case.status == "withdrawn" and case.outcome == "6.3"


def test_register_an_application_received_by_letter(services: Services) -> None:
    fields = {"applicant_type": "natural", "name": "王五",
              "description": "2025年新城区道路改造项目的审批文件"}
    code, output = run(services, "cases", "register", "--kind", "application", "--channel",
                       "letter", "--received-on", "2026-11-20", "--fields", "-",
                       stdin=json.dumps(fields, ensure_ascii=False))
    assert code == 0 and output.strip() == "YSQ-2026-000001"
    case = services.repo.case_by_number("YSQ-2026-000001")
    assert case is not None and case.channel == "letter" and case.chat_id is None
    assert case.received_at.astimezone(services.clock.zone).date() == date(2026, 11, 20)
    assert case.due_date == date(2026, 12, 18)  # 20 working days after Fri 11-20
    assert case.data["name"] == "王五"
    code, output = run(services, "cases", "export", "--format", "json", "--include-personal",
                       actor=None)
    assert json.loads(output)[0]["channel"] == "letter"


@pytest.mark.parametrize(("args", "stdin", "words"), [
    (["--received-on", "2027-01-05"], "{}", "after today"),
    (["--received-on", "2026-11-20"], "[1, 2]", "JSON object"),
    (["--received-on", "2026-11-20"], "{not json", "not valid JSON"),
])
def test_register_refuses_what_cannot_be_filed(services: Services, args: list[str],
                                               stdin: str, words: str) -> None:
    code, output = run(services, "cases", "register", "--kind", "complaint", "--channel",
                       "in-person", *args, "--fields", "-", stdin=stdin)
    one_line_refusal(code, output, words)
    assert services.repo.list_cases() == []


def test_import_carried_over_cases_all_or_nothing(services: Services, tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    good = folder / "carried.csv"
    good.write_text("kind,channel,received_on,applicant_type,status,original_number,"
                    "name,description\n"
                    "application,letter,2025-12-22,business,accepted,2025-118,某公司,"
                    "2025年招商引资协议\n"
                    "application,in-person,2025-12-29,,,,李四,2025年拆迁安置名单\n",
                    encoding="utf-8")
    bad = folder / "bad.csv"
    bad.write_text("kind,channel,received_on\napplication,pigeon,2025-12-22\n",
                   encoding="utf-8")
    code, output = run(services, "cases", "import", str(bad))
    one_line_refusal(code, output, "line 2")
    assert services.repo.list_cases() == []
    code, output = run(services, "cases", "import", str(good))
    assert code == 0 and "YSQ-2025-000001" in output and "YSQ-2025-000002" in output
    first = services.repo.case_by_number("YSQ-2025-000001")
    assert first is not None and first.carried_over and first.status == "accepted"
    assert first.applicant_type == "business" and first.data["original_number"] == "2025-118"


def test_a_broken_knowledge_base_does_not_stop_the_case_desk(services: Services,
                                                             number: str,
                                                             tmp_path: object) -> None:
    from pathlib import Path

    broken = Path(str(tmp_path)) / "broken-kb"
    broken.mkdir()
    (broken / "agency.yaml").write_text("agency: [", encoding="utf-8")
    env = {"DISCLOSURE_DB": str(services.settings.db_path), "DISCLOSURE_STAFF_IDS": "500",
           "DISCLOSURE_KNOWLEDGE_DIR": str(broken)}
    for args in (["cases", "list"], ["report", "--year", "2026"],
                 ["cases", "accept", number, "--actor", "500"]):
        result = CliRunner().invoke(cli, args, env=env)
        assert result.exit_code == 0, (args, result.output)


def test_the_bot_starts_on_the_last_good_knowledge_base(services: Services,
                                                        tmp_path: object) -> None:
    import shutil
    from pathlib import Path

    from bot.services import build_services, last_good_folder
    from tests.helpers import Resident, words_only_settings

    good = Path(str(tmp_path)) / "kb"
    shutil.copytree(services.settings.knowledge_dir, good)
    settings = words_only_settings(db_path=str(Path(str(tmp_path)) / "db" / "x.db"),
                                   knowledge_dir=str(good), staff_ids="500")
    build_services(settings).close()  # a good start keeps a copy
    assert (last_good_folder(settings) / "agency.yaml").is_file()
    (good / "agency.yaml").write_text("agency: [", encoding="utf-8")  # a bad edit
    restarted = build_services(settings)
    try:
        staff = Resident(restarted.assistant, 500)
        staff.say("/queue")
        assert staff.text == restarted.texts.get("zh", "staff.queue_empty")
        resident = Resident(restarted.assistant, 42)
        resident.say("申请要收费吗")
        assert "收费" in resident.text
    finally:
        restarted.close()
