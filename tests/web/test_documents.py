"""Letters and files sent from the desk: a letter to the applicant through the bot,
signed copies and released files uploaded, kept, downloaded and sent; the core's rules
refuse what may not go, and nothing changes then."""

from __future__ import annotations

from datetime import date

from starlette.testclient import TestClient

from bot.services import Services
from bot.staff.documents import MAX_UPLOAD_BYTES
from bot.store.records import CaseFile
from tests.web.helpers import STAFF, file_case, sign_in

PDF = b"%PDF-1.4 signed and sealed\n%%EOF"


def events(services: Services, number: str) -> list[str]:
    case = services.repo.case_by_number(number)
    assert case is not None
    return [event.action for event in services.repo.case_events(case.id)]


def queued_documents(services: Services) -> list[tuple[int, str, bytes]]:
    return [(p.chat_id, p.out.file_name, p.out.document)
            for p in services.repo.pending_messages(200) if p.out.document]


def upload(client: TestClient, csrf: str, number: str, name: str, content: bytes,
           **fields: str) -> str:
    reply = client.post(f"/cases/{number}/documents", data={"csrf": csrf, **fields},
                        files={"file": (name, content, "application/pdf")})
    assert reply.status_code == 200, reply.text
    return reply.text


def test_a_letter_is_sent_to_the_applicant_through_the_outbox(client: TestClient,
                                                              services: Services) -> None:
    number = file_case(services)
    csrf = sign_in(client, services)
    page = client.get(f"/cases/{number}/letters/receipt").text
    assert f'action="/cases/{number}/letters/receipt/send"' in page
    reply = client.post(f"/cases/{number}/letters/receipt/send", data={"csrf": csrf})
    assert reply.url.path == f"/cases/{number}" and "受理回执" in reply.text
    [(chat, name, document)] = queued_documents(services)
    assert chat == 42 and name == f"{number}-receipt.pdf" and document.startswith(b"%PDF")
    assert events(services, number)[-1] == "letter_sent"
    assert "发送书面文书" in client.get(f"/cases/{number}").text


def test_an_offline_application_gets_no_send_button(client: TestClient,
                                                    services: Services) -> None:
    csrf = sign_in(client, services)
    number = services.cases.register(
        "application", "letter", date(2026, 11, 25),
        {"applicant_type": "natural", "name": "王五", "description": "道路维修项目的预算",
         "delivery": "post"}, f"staff:{STAFF}").number
    page = client.get(f"/cases/{number}/letters/receipt").text
    assert "/send" not in page and "线下" in page
    reply = client.post(f"/cases/{number}/letters/receipt/send", data={"csrf": csrf})
    assert "线下" in reply.text and queued_documents(services) == []
    assert "letter_sent" not in events(services, number)


def test_a_signed_copy_is_kept_sent_and_downloadable(client: TestClient,
                                                     services: Services) -> None:
    number = file_case(services)
    csrf = sign_in(client, services)
    page = upload(client, csrf, number, "回执（盖章）.pdf", PDF, purpose="signed",
                  letter_kind="receipt", send="yes")
    assert "交由机器人发送" in page and "回执（盖章）.pdf" in page
    [(chat, name, document)] = queued_documents(services)
    assert (chat, name, document) == (42, "回执（盖章）.pdf", PDF)
    assert events(services, number)[-1] == "letter_sent"
    case = services.repo.case_by_number(number)
    assert case is not None
    [kept] = services.repo.case_files(case.id)
    download = client.get(f"/cases/{number}/documents/{kept.id}")
    assert download.status_code == 200 and download.content == PDF
    assert "filename*=UTF-8''" in download.headers["content-disposition"]


def test_a_file_only_kept_goes_nowhere(client: TestClient, services: Services) -> None:
    number = file_case(services)
    csrf = sign_in(client, services)
    page = upload(client, csrf, number, "会议纪要.docx", b"PK\x03\x04 minutes",
                  purpose="other")
    assert "文件已存档" in page and queued_documents(services) == []
    assert events(services, number)[-1] == "file_kept"
    # The same case in the bot (/case) and on the command line (cases show).
    case = services.repo.case_by_number(number)
    assert case is not None
    detail = services.views.detail(case, "zh")[0].text
    assert "存档文件：会议纪要.docx（其他材料" in detail and "存档文件" in detail


def test_released_information_goes_only_to_online_delivery(client: TestClient,
                                                           services: Services) -> None:
    online = file_case(services)
    by_post = file_case(services, delivery="post", address="新城区某路1号", postcode="467000")
    csrf = sign_in(client, services)
    page = upload(client, csrf, by_post, "资金使用情况.pdf", PDF, purpose="released",
                  send="yes")
    assert "邮寄" in page and queued_documents(services) == []
    assert events(services, by_post) == ["submitted"]
    upload(client, csrf, online, "资金使用情况.pdf", PDF, purpose="released", send="yes")
    assert queued_documents(services) == [(42, "资金使用情况.pdf", PDF)]
    assert events(services, online)[-1] == "file_released"


def test_bad_uploads_are_explained_and_change_nothing(client: TestClient,
                                                      services: Services) -> None:
    number = file_case(services)
    csrf = sign_in(client, services)
    cases = [("run.exe", PDF, {"purpose": "other"}, "不支持"),
             ("empty.pdf", b"", {"purpose": "other"}, "不能为空"),
             ("big.pdf", b"0" * (MAX_UPLOAD_BYTES + 1), {"purpose": "other"}, "文件过大"),
             ("x.pdf", PDF, {"purpose": "signed"}, "文书种类"),
             ("x.pdf", PDF, {"purpose": "nonsense"}, "用途"),
             ("x.pdf", PDF, {"purpose": "other", "send": "yes"}, "只存档")]
    for name, content, fields, said in cases:
        page = upload(client, csrf, number, name, content, **fields)
        assert 'class="flash bad"' in page and said in page, name
    case = services.repo.case_by_number(number)
    assert case is not None and services.repo.case_files(case.id) == []
    assert events(services, number) == ["submitted"] and queued_documents(services) == []


def keep_one(client: TestClient, services: Services, name: str) -> tuple[str, CaseFile]:
    """A case with one file kept by a signed-in staff member."""
    number = file_case(services)
    upload(client, sign_in(client, services), number, name, PDF, purpose="other")
    case = services.repo.case_by_number(number)
    assert case is not None
    [kept] = services.repo.case_files(case.id)
    return number, kept


def test_a_file_name_cannot_reach_outside_its_name(client: TestClient,
                                                   services: Services) -> None:
    _, kept = keep_one(client, services, "../../etc/a:b*c.pdf")
    assert kept.name == "a_b_c.pdf"


def test_kept_files_need_a_session_and_exist(client: TestClient, services: Services) -> None:
    number, kept = keep_one(client, services, "a.pdf")
    assert client.get(f"/cases/{number}/documents/{kept.id + 1}").status_code == 404
    other = file_case(services)
    assert client.get(f"/cases/{other}/documents/{kept.id}").status_code == 404
    client.cookies.clear()
    assert client.get(f"/cases/{number}/documents/{kept.id}").status_code == 401


def test_anonymising_a_case_removes_its_files(services: Services, client: TestClient) -> None:
    number = file_case(services)
    csrf = sign_in(client, services)
    upload(client, csrf, number, "a.pdf", PDF, purpose="other")
    case = services.repo.case_by_number(number)
    assert case is not None
    services.repo.anonymise_case(case.id, {}, "-")
    assert services.repo.case_files(case.id) == []
