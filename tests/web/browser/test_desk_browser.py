"""The desk in a real browser: signing in by link, the list, a case from receipt to
answer, the annual report download, and a resident refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from bot.auth import Authorizer
from bot.staff.web_access import WebAccess
from tests.web.browser.live import LiveDesk
from tests.web.helpers import RESIDENT, STAFF, file_case

VALID_CREDIT_CODE = "91350100M000100Y43"


def link_for(desk: LiveDesk, user_id: int) -> str:
    settings = desk.services.settings
    access = WebAccess(desk.services.repo, desk.clock,
                       Authorizer(settings.staff_ids, settings.admin_ids,
                                  settings.approver_ids), desk.url)
    return access.login_link(user_id)


def sign_in(page: Any, desk: LiveDesk, user_id: int = STAFF) -> None:
    page.goto(link_for(desk, user_id))
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(desk.url + "/")


def test_sign_in_by_link_and_out(page: Any, desk: LiveDesk) -> None:
    sign_in(page, desk)
    expect(page.get_by_role("heading", name="今日概览")).to_be_visible()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/login?bye=1")
    page.goto(desk.url + "/cases")
    expect(page.get_by_role("heading", name="请先登录")).to_be_visible()


def test_a_used_link_does_not_sign_in_again(page: Any, desk: LiveDesk) -> None:
    link = link_for(desk, STAFF)
    page.goto(link)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(desk.url + "/")
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("这个登录链接无效、已使用或已过期")).to_be_visible()


def test_a_resident_gets_no_link(desk: LiveDesk) -> None:
    import pytest

    from bot.staff.web_access import NotStaff
    with pytest.raises(NotStaff):
        link_for(desk, RESIDENT)


def test_a_residents_forged_session_is_refused(page: Any, desk: LiveDesk) -> None:
    """A link stored for a resident id (as if forged into the database) opens nothing."""
    from datetime import timedelta

    from bot.clock import to_iso
    from bot.staff.web_access import token_hash
    token = "resident-token-" + "x" * 30
    desk.services.repo.add_login_token(token_hash(token), RESIDENT,
                                       to_iso(desk.clock.now() + timedelta(minutes=5)))
    page.goto(f"{desk.url}/login?token={token}")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("这个登录链接无效、已使用或已过期")).to_be_visible()
    page.goto(desk.url + "/cases")
    expect(page.get_by_role("heading", name="请先登录")).to_be_visible()


def test_list_with_a_filter_and_a_search(page: Any, desk: LiveDesk) -> None:
    first = file_case(desk.services, description="申请公开本区2025年老旧小区改造项目的资金使用情况")
    second = file_case(desk.services, description="申请公开学校扩建工程的环评报告全文")
    complaint = file_case(desk.services, "complaint")
    sign_in(page, desk)
    page.get_by_role("link", name="案件", exact=True).click()
    expect(page.get_by_role("link", name=complaint)).to_be_visible()
    page.get_by_text("筛选", exact=True).click()
    page.get_by_label("类型", exact=True).select_option("application")
    page.get_by_role("button", name="应用筛选").click()
    expect(page.get_by_text("共 2 件")).to_be_visible()
    assert page.get_by_role("link", name=complaint).count() == 0
    assert "张**" in page.content() and "张三丰" not in page.content()  # masked in lists
    page.get_by_label("搜索").fill("环评")
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(page.get_by_text("共 1 件")).to_be_visible()
    expect(page.get_by_role("link", name=second)).to_be_visible()
    assert page.get_by_role("link", name=first).count() == 0
    assert "环评" not in page.url  # the search stays out of the address


def test_a_case_from_receipt_to_answer(page: Any, desk: LiveDesk) -> None:
    number = file_case(desk.services)
    sign_in(page, desk)
    page.goto(f"{desk.url}/cases/{number}")
    expect(page.get_by_text("张三丰")).to_be_visible()  # full details on the case page
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.get_by_text("已完成：受理")).to_be_visible()
    answer = page.get_by_role("form", name="作出答复")
    answer.get_by_label("处理结果").select_option("1")
    answer.get_by_label("答复内容").fill("所申请信息见附件。")
    answer.get_by_role("button", name="作出答复").click()
    expect(page.get_by_text("已完成：作出答复")).to_be_visible()
    assert page.locator(".status").inner_text() == "已答复"
    history = page.locator("#h-history + div").inner_text()
    assert "受理" in history and "作出答复" in history and str(STAFF) in history
    case = desk.services.repo.case_by_number(number)
    assert case is not None and case.status == "answered" and case.outcome == "1"
    notices = [p for p in desk.services.repo.pending_messages(200) if p.chat_id == RESIDENT]
    # The receipt, then the moves' notices, each queued once: the bot delivers them.
    assert len(notices) >= 3
    assert any("所申请信息见附件" in p.out.text for p in notices)
    page.get_by_role("link", name="政府信息公开申请答复书").click()
    expect(page.get_by_role("heading", name="政府信息公开申请答复书", level=1)).to_be_visible()
    with page.expect_download() as letter:
        page.get_by_role("link", name="PDF").click()
    assert Path(letter.value.path()).read_bytes().startswith(b"%PDF")


def test_annual_report_download(page: Any, desk: LiveDesk) -> None:
    file_case(desk.services)
    sign_in(page, desk)
    page.get_by_role("link", name="年度报告").click()
    expect(page.get_by_text("核对通过")).to_be_visible()
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").click()
    body = Path(csv_download.value.path()).read_text(encoding="utf-8")
    assert body.splitlines()[1].startswith("new,")
    with page.expect_download() as json_download:
        page.get_by_role("link", name="JSON").click()
    data = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert data["year"] == 2026
    assert data["rows"][0]["values"]["natural"] == 1
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="DOCX").click()
    assert Path(docx_download.value.path()).read_bytes().startswith(b"PK")


def test_a_reply_letter_and_its_signed_copy_go_to_the_applicant(page: Any, desk: LiveDesk,
                                                                tmp_path: Path) -> None:
    number = file_case(desk.services)
    desk.services.workflow.accept(number, STAFF)
    desk.services.workflow.answer(number, STAFF, "1", "所申请信息见附件。")
    sign_in(page, desk)
    page.goto(f"{desk.url}/cases/{number}/letters/reply")
    page.get_by_role("button", name="经本助手发送给申请人（PDF）").click()
    expect(page.get_by_text("已交由机器人发送给申请人")).to_be_visible()
    signed = tmp_path / "答复书（盖章）.pdf"
    signed.write_bytes(b"%PDF-1.4 signed\n%%EOF")
    upload = page.get_by_role("group", name="上传文件")
    upload.get_by_label("文件", exact=True).set_input_files(str(signed))
    upload.get_by_label("用途").select_option("signed")
    upload.get_by_label("对应文书（签章件）").select_option("reply")
    upload.get_by_label("同时经本助手发送给申请人").check()
    upload.get_by_role("button", name="上传").click()
    expect(page.get_by_text("文件已存档，并交由机器人发送给申请人")).to_be_visible()
    expect(page.get_by_role("link", name="答复书（盖章）.pdf")).to_be_visible()
    letters = [p.out for p in desk.services.repo.pending_messages(200)
               if p.chat_id == RESIDENT and p.out.document]
    assert [out.file_name for out in letters] == [f"{number}-reply.pdf", "答复书（盖章）.pdf"]
    assert letters[1].document == signed.read_bytes()


def test_an_offline_registration(page: Any, desk: LiveDesk) -> None:
    sign_in(page, desk)
    page.goto(desk.url + "/cases")
    page.get_by_role("link", name="登记线下申请").click()
    page.get_by_label("渠道").select_option("letter")
    page.get_by_label("收到日期").fill("2026-11-24")
    page.get_by_label("申请人类型").select_option("business")
    page.get_by_label("单位名称").fill("平顶山市某某建设有限公司")
    page.get_by_label("统一社会信用代码").fill(VALID_CREDIT_CODE)
    page.get_by_label("联系人").fill("王五")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("所需信息").fill("申请公开学校扩建工程的环境影响评价报告全文")
    page.get_by_label("获取形式").select_option("electronic")
    page.get_by_label("获取方式").select_option("pickup")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("已登记")).to_be_visible()
    [case] = desk.services.repo.list_cases()
    assert case.channel == "letter" and case.applicant_type == "business"
    expect(page.get_by_role("heading", name=case.number)).to_be_visible()


def test_keyboard_only_search_and_the_english_switch(page: Any, desk: LiveDesk) -> None:
    number = file_case(desk.services, description="申请公开学校扩建工程的环评报告全文")
    file_case(desk.services)
    sign_in(page, desk)
    page.goto(desk.url + "/cases")
    page.keyboard.press("Tab")  # the first stop is the skip link
    assert page.evaluate("document.activeElement.className") == "skip"
    page.get_by_label("搜索").focus()
    page.keyboard.type("环评")
    page.keyboard.press("Enter")
    expect(page.get_by_text("共 1 件")).to_be_visible()
    page.get_by_role("link", name=number).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{desk.url}/cases/{number}")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Request")).to_be_visible()
    expect(page.get_by_role("link", name="中文")).to_be_visible()
