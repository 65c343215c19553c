"""The desk's pages through HTTP: the list's filters, search, sorting, paging and
counts; the case page and its actions run by the core; the dashboard; the report."""

from __future__ import annotations

import io
import json
import re
import zipfile

import httpx
import pytest
from pydantic import SecretStr
from starlette.testclient import TestClient

from bot.auth import Authorizer
from bot.clock import FixedClock
from bot.files import file_url_base
from bot.messages import Event
from bot.services import Services
from bot.store.case_search import CaseQuery
from tests.web.helpers import ADMIN, RESIDENT, STAFF, file_case, sign_in

REASON = "需要调取二〇一五年以来的城建档案，数量较大"


def numbers(html: str) -> list[str]:
    return re.findall(r'<td><a href="/cases/([A-Z]+-\d{4}-\d{6})">', html)


@pytest.fixture
def three(services: Services, clock: FixedClock) -> list[str]:
    first = file_case(services, description="申请公开本区2025年老旧小区改造项目的资金使用情况")
    clock.advance(days=1)
    second = file_case(services, applicant_type="business", org_name="平顶山市某某建设有限公司",
                       credit_code="91410400MA9XXXXX0X", contact_person="王五",
                       description="申请公开学校扩建工程的环评报告全文")
    clock.advance(days=1)
    complaint = file_case(services, "complaint")
    return [first, second, complaint]


def test_list_masks_personal_data(client: TestClient, services: Services,
                                  three: list[str]) -> None:
    sign_in(client, services)
    page = client.get("/cases").text
    assert numbers(page) == list(reversed(three))  # newest first
    assert "张**" in page and "张三丰" not in page and "13812345678" not in page
    assert "平顶山市某某建设有限公司" in page  # an organisation's name is not personal data


@pytest.mark.parametrize(("query", "expected"), [
    ("kind=complaint", [2]), ("kind=application", [1, 0]), ("applicant_type=business", [1]),
    ("status=received", [2, 1, 0]), ("status=answered", []), ("status=paused", []),
    ("status=open", [2, 1, 0]), ("assignee=none", [2, 1, 0]),
    ("assignee=me", []), ("channel=telegram", [2, 1, 0]), ("channel=letter", []),
    ("received_from=2026-11-27", [2, 1]), ("received_to=2026-11-26", [0]),
    ("sort=received&order=asc", [0, 1, 2]), ("sort=number&order=asc", [0, 1, 2]),
])
def test_list_filters(client: TestClient, services: Services, three: list[str], query: str,
                      expected: list[int]) -> None:
    sign_in(client, services)
    assert numbers(client.get(f"/cases?{query}").text) == [three[i] for i in expected]


def test_due_filters(client: TestClient, services: Services, three: list[str],
                     clock: FixedClock) -> None:
    sign_in(client, services)
    first = services.repo.case_by_number(three[0])
    assert first is not None
    due = first.due_date.isoformat()
    assert numbers(client.get(f"/cases?due_from={due}&due_to={due}").text) == [three[0]]
    assert numbers(client.get("/cases?overdue=1").text) == []
    assert numbers(client.get("/cases?within=3").text) == []
    clock.advance(days=40)
    sign_in(client, services)  # the first session has long expired
    assert set(numbers(client.get("/cases?overdue=1").text)) == set(three)
    assert numbers(client.get("/cases?overdue=1&kind=complaint").text) == [three[2]]


def test_due_within_working_days(client: TestClient, services: Services,
                                 three: list[str], clock: FixedClock) -> None:
    sign_in(client, services)
    case = services.repo.case_by_number(three[0])
    assert case is not None
    left = services.views.days_left(services.workflow.get(three[0]))
    assert left is not None
    assert three[0] not in numbers(client.get(f"/cases?within={left - 1}").text)
    assert three[0] in numbers(client.get(f"/cases?within={left}").text)


def test_bad_filters_are_explained_and_ignored(client: TestClient, services: Services,
                                               three: list[str]) -> None:
    sign_in(client, services)
    for query in ("kind=bogus", "due_from=2026-13-45", "within=abc", "sort=drop table"):
        reply = client.get(f"/cases?{query}")
        assert reply.status_code == 200
        assert "筛选条件有误" in reply.text and len(numbers(reply.text)) == 3


def test_search_over_text_and_applicant(client: TestClient, services: Services,
                                        three: list[str]) -> None:
    csrf = sign_in(client, services)
    for text, expected in (("环评", [three[1]]), ("张三丰", [three[0]]), ("某某建设", [three[1]]),
                           ("链接打不开", [three[2]]), (three[2], [three[2]]), ("100%", []),
                           ("不存在的内容", [])):
        reply = client.post("/cases/search", data={"csrf": csrf, "q": text})
        assert reply.status_code == 200 and text not in str(reply.url)
        assert numbers(reply.text) == expected, text
    reply = client.post("/cases/search", data={"csrf": csrf, "q": "", "kind": "application"})
    assert numbers(reply.text) == [three[1], three[0]]
    assert str(reply.url).endswith("/cases?kind=application")


def test_counts_per_status_ignore_the_status_filter(services: Services,
                                                    three: list[str]) -> None:
    services.workflow.accept(three[0], 500)
    counts = services.repo.status_counts(CaseQuery(statuses=("accepted",)))
    assert counts == {"received": 2, "accepted": 1}


def test_paging(client: TestClient, services: Services, clock: FixedClock) -> None:
    made = []
    for _ in range(27):
        made.append(file_case(services))
        clock.advance(minutes=1)
    sign_in(client, services)
    first = client.get("/cases").text
    second = client.get("/cases?page=2").text
    assert numbers(first) == list(reversed(made))[:25]
    assert numbers(second) == list(reversed(made))[25:]
    assert "第 1 / 2 页" in first and 'href="/cases?page=2"' in first
    assert "共 27 件" in first


def test_case_page_shows_everything(client: TestClient, services: Services,
                                    three: list[str]) -> None:
    services.workflow.note(three[0], 501, "已电话联系申请人")
    sign_in(client, services)
    page = client.get(f"/cases/{three[0]}").text
    for shown in ("张三丰", "110101199003076352", "13812345678", "老旧小区改造",
                  "已电话联系申请人", "2026-11-26 10:00", "答复期限"):
        assert shown in page, shown
    assert client.get("/cases/YSQ-2026-999999").status_code == 404
    assert client.get("/cases/not-a-number").status_code == 404


@pytest.mark.parametrize(("method", "path"), [
    ("GET", ""), ("POST", "/do/note"), ("GET", "/files/1"), ("GET", "/letters/reply"),
    ("GET", "/letters/reply/pdf"), ("POST", "/letters/reply/send"), ("POST", "/documents"),
    ("GET", "/documents/1"),
])
def test_every_page_of_a_case_that_does_not_exist_says_so(
        client: TestClient, services: Services, three: list[str], method: str,
        path: str) -> None:
    token = sign_in(client, services)
    for number in ("YSQ-2026-999999", "not-a-number"):
        answer = client.request(method, f"/cases/{number}{path}",
                                data={"csrf": token} if method == "POST" else None)
        assert answer.status_code == 404, (number, path)
        assert "没有这个案件编号" in answer.text or "There is no case" in answer.text
    assert services.repo.case_by_number(three[0]) is not None  # nothing else touched


def test_case_page_offers_exactly_the_allowed_actions(client: TestClient, services: Services,
                                                      three: list[str]) -> None:
    sign_in(client, services)

    def offered(number: str) -> list[str]:
        return re.findall(rf'action="/cases/{number}/do/(\w+)"', client.get(
            f"/cases/{number}").text)

    assert offered(three[0]) == ["accept", "correct", "extend", "charge", "answer", "withdraw",
                                 "note", "assign"]
    services.workflow.accept(three[0], 500)
    assert offered(three[0]) == ["correct", "consult", "extend", "charge", "answer",
                                 "withdraw", "note", "assign"]
    services.workflow.request_extension(three[0], 500, 5, REASON)
    assert "extend" not in offered(three[0])
    assert "approve" not in offered(three[0])  # only the approver decides (Art. 33)
    assert offered(three[2]) == ["progress", "resolve", "note", "assign"]


def test_actions_run_the_core_and_queue_the_residents_notice(
        client: TestClient, services: Services, three: list[str]) -> None:
    csrf = sign_in(client, services)
    number = three[0]
    waiting = len(services.repo.pending_messages(200))  # the receipts, queued at filing
    reply = client.post(f"/cases/{number}/do/consult", data={"csrf": csrf, "party": "x"})
    assert 'class="flash bad"' in reply.text  # not offered before acceptance
    assert len(services.repo.pending_messages(200)) == waiting
    client.post(f"/cases/{number}/do/accept", data={"csrf": csrf})
    reply = client.post(f"/cases/{number}/do/extend",
                        data={"csrf": csrf, "days": "10", "reason": REASON})
    assert "已完成：延长期限" in reply.text
    case = services.repo.case_by_number(number)
    assert case is not None and case.extension_pending and not case.extended
    events = services.repo.case_events(case.id)
    assert [(e.action, e.actor) for e in events][1] == ("accepted", f"staff:{STAFF}")
    notices = services.repo.pending_messages(200)[waiting:]
    assert notices and notices[0].chat_id == RESIDENT  # queued once, with the change


def test_only_an_approver_approves_an_extension(client: TestClient,
                                                services: Services, three: list[str]) -> None:
    approvers = Authorizer(services.settings.staff_ids, services.settings.admin_ids,
                           frozenset({ADMIN}))
    services.workflow.auth = approvers
    client.app.state.desk.sessions.auth = approvers  # type: ignore[attr-defined]
    services.workflow.accept(three[0], STAFF)
    services.workflow.request_extension(three[0], STAFF, 10, REASON)
    csrf = sign_in(client, services, STAFF)
    assert client.post(f"/cases/{three[0]}/do/approve", data={"csrf": csrf}).status_code == 200
    case = services.repo.case_by_number(three[0])
    assert case is not None and not case.extended
    client.cookies.clear()
    csrf = sign_in(client, services, ADMIN)
    page = client.get(f"/cases/{three[0]}").text
    assert f'action="/cases/{three[0]}/do/approve"' in page
    reply = client.post(f"/cases/{three[0]}/do/approve", data={"csrf": csrf})
    assert "已完成：批准延期" in reply.text
    case = services.repo.case_by_number(three[0])
    assert case is not None and case.extended and case.extension_days == 10


@pytest.mark.parametrize(("action", "data", "message"), [
    ("extend", {"days": "30", "reason": REASON}, "20"),
    ("extend", {"days": "many", "reason": REASON}, "20"),
    ("extend", {"days": "5", "reason": "xxxxxxxxxxxx"}, ""),
    ("answer", {"code": "9.9", "reply": "x"}, "9.9"),
    ("answer", {"code": "1", "reply": "  "}, ""),
    ("assign", {"assignee": "42"}, "42"),
    ("close", {}, "不允许"),
])
def test_refused_actions_change_nothing(client: TestClient, services: Services,
                                        three: list[str], action: str,
                                        data: dict[str, str], message: str) -> None:
    services.workflow.accept(three[0], 500)
    csrf = sign_in(client, services)
    case = services.repo.case_by_number(three[0])
    assert case is not None
    before = len(services.repo.case_events(case.id))
    reply = client.post(f"/cases/{three[0]}/do/{action}", data={"csrf": csrf, **data})
    assert reply.status_code == 200 and 'class="flash bad"' in reply.text
    assert message in reply.text
    assert len(services.repo.case_events(case.id)) == before
    after = services.repo.case_by_number(three[0])
    assert after is not None and after.status == "accepted"


def test_assign_and_note(client: TestClient, services: Services, three: list[str]) -> None:
    csrf = sign_in(client, services)
    client.post(f"/cases/{three[2]}/do/assign", data={"csrf": csrf, "assignee": "501"})
    client.post(f"/cases/{three[2]}/do/note", data={"csrf": csrf, "text": "转纪工委"})
    case = services.repo.case_by_number(three[2])
    assert case is not None and case.assigned_to == 501
    assert numbers(client.get("/cases?assignee=501").text) == [three[2]]
    assert "转纪工委" in client.get(f"/cases/{three[2]}").text


def test_a_complaint_to_its_end(client: TestClient, services: Services,
                                three: list[str]) -> None:
    csrf = sign_in(client, services)
    number = three[2]
    client.post(f"/cases/{number}/do/progress", data={"csrf": csrf})
    client.post(f"/cases/{number}/do/resolve",
                data={"csrf": csrf, "result": "resolved", "reply": "链接已修复"})
    case = services.repo.case_by_number(number)
    assert case is not None and case.status == "resolved"
    assert any("链接已修复" in p.out.text for p in services.repo.pending_messages(200))


def test_dashboard(client: TestClient, services: Services, three: list[str],
                   clock: FixedClock) -> None:
    services.workflow.accept(three[0], 500)
    services.workflow.answer(three[0], 500, "1", "见附件")
    services.workflow.accept(three[1], 500)
    services.workflow.consult(three[1], 500, "征求第三方意见")
    sign_in(client, services)
    page = client.get("/").text
    assert "100%" in page  # one answered, on time
    assert "<b>1.0</b>" in page  # received Thursday, answered Saturday: one working day
    assert three[1] in page  # paused
    assert numbers(client.get("/cases?status=paused").text) == [three[1]]
    assert "到期日历 2026-11" in page
    due = services.repo.case_by_number(three[2])
    assert due is not None
    assert due.due_date is not None
    day = due.due_date.isoformat()
    assert f"due_from={day}" in client.get(f"/?month={day[:7]}").text


def test_report_page_and_downloads(client: TestClient, services: Services,
                                   three: list[str]) -> None:
    services.workflow.answer(three[0], 500, "4.1", "本机关不掌握",
                             agency="平顶山市自然资源和规划局")
    sign_in(client, services)
    page = client.get("/report?year=2026").text
    assert "核对通过" in page and "本年新收政府信息公开申请数量" in page
    data = json.loads(client.get("/report/download/json?year=2026").text)
    new = next(row for row in data["rows"] if row["row"] == "new")
    assert new["values"] == {"natural": 1, "business": 1, "research": 0,
                             "public_interest": 0, "legal_service": 0, "other_org": 0,
                             "total": 2}
    csv = client.get("/report/download/csv?year=2026")
    assert csv.headers["content-disposition"] == 'attachment; filename="annual-report-2026.csv"'
    docx = client.get("/report/download/docx?year=2026")
    assert docx.headers["content-disposition"].endswith('annual-report-2026.docx"')
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "2026年度政府信息公开工作年度报告" in document
    assert "本年新收政府信息公开申请数量" in document
    assert "不平衡" not in document  # the table balances: no warning printed in it
    assert client.get("/report/download/xlsx").status_code == 404


def test_admin_pages(client: TestClient, services: Services) -> None:
    services.assistant.handle(Event(user_id=RESIDENT, chat_id=RESIDENT, kind="text",
                                    text="量子纠缠是什么原理"))  # not answered, not declined
    sign_in(client, services, ADMIN)
    assert "量子纠缠" in client.get("/admin/unanswered").text
    knowledge = client.get("/admin/knowledge").text
    assert "hours" in knowledge and "没有问题" in knowledge
    # Other services' words a topic phrasing takes (the shipped base has 护照 in apply.who).
    assert "被主题问法顺带用到的其他服务词语" in knowledge
    assert "<td>护照</td>" in knowledge and "用护照证明身份行不行" in knowledge
    staff = client.get("/admin/staff").text
    assert "500" in staff and "900" in staff and "管理员" in staff


def test_english_switch(client: TestClient, services: Services) -> None:
    sign_in(client, services)
    assert "案件" in client.get("/cases").text
    reply = client.get("/lang/en?next=/cases")
    assert reply.status_code == 200 and "Cases" in reply.text and "Filters" in reply.text
    assert client.get("/lang/en?next=//evil.example").url.path == "/"


PHOTO = {"file_id": "AgACphoto1", "kind": "photo", "mime": "image/jpeg", "size": 2048,
         "name": ""}


def fake_bot_api(seen: list[str]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/bot123:abc/getFile":
            known = request.url.params["file_id"] == PHOTO["file_id"]
            return httpx.Response(200, json={"ok": True, "result": {
                "file_id": PHOTO["file_id"], "file_path": "photos/file_7.jpg"}} if known
                else {"ok": False, "description": "Bad Request: invalid file_id"})
        if request.url.path == "/file/bot123:abc/photos/file_7.jpg":
            return httpx.Response(200, content=b"\xff\xd8jpeg")
        return httpx.Response(404)
    return httpx.MockTransport(answer)


def test_attachments_are_fetched_from_telegram(client: TestClient, services: Services) -> None:
    number = file_case(services, "complaint", evidence=[PHOTO])
    services.settings.token = SecretStr("123:abc")
    seen: list[str] = []
    client.app.state.desk.file_transport = fake_bot_api(seen)  # type: ignore[attr-defined]
    sign_in(client, services)
    page = client.get(f"/cases/{number}").text
    link = re.search(rf'href="(/cases/{number}/files/\d+)"', page)
    assert link
    reply = client.get(link.group(1))
    assert reply.status_code == 200 and reply.content == b"\xff\xd8jpeg"
    assert reply.headers["content-type"] == "image/jpeg"
    assert f'filename="{number}-' in reply.headers["content-disposition"]
    assert seen == ["/bot123:abc/getFile", "/file/bot123:abc/photos/file_7.jpg"]
    assert client.get(f"/cases/{number}/files/999").status_code == 404


def test_an_attachment_gone_from_telegram_is_explained(client: TestClient,
                                                       services: Services) -> None:
    number = file_case(services, "complaint", evidence=[{**PHOTO, "file_id": "gone"}])
    services.settings.token = SecretStr("123:abc")
    client.app.state.desk.file_transport = fake_bot_api([])  # type: ignore[attr-defined]
    sign_in(client, services)
    link = re.search(rf'href="(/cases/{number}/files/\d+)"', client.get(f"/cases/{number}").text)
    assert link
    reply = client.get(link.group(1))
    assert reply.status_code == 502 and "/case" in reply.text


def test_bot_api_file_address() -> None:
    assert file_url_base("") == "https://api.telegram.org/file/bot"
    assert file_url_base("http://127.0.0.1:9000/bot") == "http://127.0.0.1:9000/file/bot"


def test_a_written_withdrawal_needs_the_tick(client: TestClient, services: Services,
                                             three: list[str]) -> None:
    csrf = sign_in(client, services)
    reply = client.post(f"/cases/{three[0]}/do/withdraw", data={"csrf": csrf})
    assert "请先勾选确认" in reply.text
    assert services.workflow.get(three[0]).status == "received"
    client.post(f"/cases/{three[0]}/do/withdraw", data={"csrf": csrf, "written": "1"})
    assert services.workflow.get(three[0]).status == "withdrawn"
