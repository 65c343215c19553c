"""Letters in the desk: exactly the ones the case can have, a preview, DOCX and PDF."""

from __future__ import annotations

import io
import re
import zipfile

from starlette.testclient import TestClient

from bot.services import Services
from tests.web.helpers import STAFF, file_case, sign_in


def letters_offered(client: TestClient, number: str) -> list[str]:
    page = client.get(f"/cases/{number}").text
    return re.findall(rf'href="/cases/{number}/letters/(\w+)">', page)


def test_letters_follow_the_case(client: TestClient, services: Services) -> None:
    number = file_case(services)
    sign_in(client, services)
    assert letters_offered(client, number) == ["receipt"]
    services.workflow.accept(number, STAFF)
    services.workflow.answer(number, STAFF, "1", "所申请信息见附件。")
    assert letters_offered(client, number) == ["receipt", "reply"]
    preview = client.get(f"/cases/{number}/letters/reply")
    assert preview.status_code == 200 and number in preview.text and "答复书" in preview.text
    docx = client.get(f"/cases/{number}/letters/reply/docx")
    assert docx.status_code == 200 and docx.headers["content-disposition"].endswith(
        f'{number}-reply.docx"')
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        assert number in archive.read("word/document.xml").decode("utf-8")
    pdf = client.get(f"/cases/{number}/letters/reply/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_letter_the_case_cannot_have_is_explained(client: TestClient,
                                                    services: Services) -> None:
    number = file_case(services)
    sign_in(client, services)
    reply = client.get(f"/cases/{number}/letters/fee")
    assert 'class="flash bad"' in reply.text and "收费" in reply.text
    assert client.get(f"/cases/{number}/letters/reply/docx").url.path == f"/cases/{number}"
    assert client.get(f"/cases/{number}/letters/reply/exe").status_code == 404


def test_letters_need_a_session(client: TestClient, services: Services) -> None:
    number = file_case(services)
    assert client.get(f"/cases/{number}/letters/receipt").status_code == 401
    assert client.get(f"/cases/{number}/letters/receipt/pdf").status_code == 401


def test_report_shows_table_four_and_fees(client: TestClient, services: Services) -> None:
    sign_in(client, services)
    page = client.get("/report?year=2026").text
    assert "行政复议" in page and "结果维持" in page and "收费" in page
