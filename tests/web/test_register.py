"""Registering an offline application or complaint in the desk: every field read by the
form's own rules, the case filed by the core with its channel and Art. 31 receipt date."""

from __future__ import annotations

from starlette.testclient import TestClient

from bot.clock import FixedClock
from bot.services import Services
from tests.helpers import VALID_ID
from tests.web.helpers import STAFF, sign_in

LETTER = {"kind": "application", "channel": "letter", "received_on": "2026-11-20",
          "applicant_type": "natural", "name": "赵六", "id_type": "resident_id",
          "id_number": VALID_ID, "phone": "13812345678",
          "description": "申请公开2025年度本区征收补偿方案及批复文件", "medium": "paper",
          "delivery": "post", "address": "河南省平顶山市新城区某路1号", "postcode": "467000"}


def test_register_a_letter(client: TestClient, services: Services) -> None:
    csrf = sign_in(client, services)
    form = client.get("/cases/new")
    assert form.status_code == 200 and 'name="received_on"' in form.text
    reply = client.post("/cases/new", data={"csrf": csrf, **LETTER})
    assert reply.status_code == 200 and "已登记" in reply.text
    [case] = services.repo.list_cases()
    assert case.channel == "letter" and case.user_id == 0 and case.status == "received"
    assert services.clock.local_date(case.received_at).isoformat() == "2026-11-20"
    assert case.data["name"] == "赵六" and case.applicant_type == "natural"
    expected_due = services.calendar.add_workdays(
        services.clock.local_date(case.received_at), services.settings.application_days)
    assert case.due_date == expected_due.date
    events = services.repo.case_events(case.id)
    assert events[0].actor == f"staff:{STAFF}"
    assert case.number in reply.text and "赵六" in reply.text
    listed = client.get("/cases?channel=letter").text
    assert case.number in listed


def test_bad_fields_are_explained_and_nothing_is_filed(client: TestClient,
                                                       services: Services) -> None:
    csrf = sign_in(client, services)
    bad = {**LETTER, "id_number": VALID_ID[:-1] + "3", "phone": "123", "description": ""}
    reply = client.post("/cases/new", data={"csrf": csrf, **bad})
    assert reply.status_code == 400
    assert reply.text.count('class="bad"') >= 3 and "这一项必填" in reply.text
    assert "赵六" in reply.text  # what was typed is kept
    assert services.repo.list_cases() == []


def test_a_future_receipt_date_is_refused(client: TestClient, services: Services,
                                          clock: FixedClock) -> None:
    csrf = sign_in(client, services)
    reply = client.post("/cases/new", data={"csrf": csrf, **LETTER,
                                            "received_on": "2026-12-24"})
    assert reply.status_code == 400 and services.repo.list_cases() == []
    reply = client.post("/cases/new", data={"csrf": csrf, **LETTER, "received_on": "soon"})
    assert reply.status_code == 400 and "2026-11-30" in reply.text


def test_register_a_complaint_in_person(client: TestClient, services: Services) -> None:
    csrf = sign_in(client, services)
    assert "问题类别" in client.get("/cases/new?kind=complaint").text
    reply = client.post("/cases/new", data={
        "csrf": csrf, "kind": "complaint", "channel": "in-person", "received_on": "2026-11-25",
        "category": "disclosure",
        "details": "政府网站上公开的规范性文件链接已经一个多月打不开，多次反映都没有人处理",
        "identity": "anonymous"})
    assert reply.status_code == 200
    [case] = services.repo.list_cases()
    assert case.kind == "complaint" and case.channel == "in-person"


def test_register_needs_a_session_and_the_csrf_token(client: TestClient,
                                                     services: Services) -> None:
    assert client.get("/cases/new").status_code == 401
    assert client.post("/cases/new", data=LETTER).status_code == 401
    sign_in(client, services)
    assert client.post("/cases/new", data={"csrf": "forged", **LETTER}).status_code == 403
    assert services.repo.list_cases() == []
