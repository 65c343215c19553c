"""Take the screenshots in docs/web-desk/ with Debian's headless Chromium: a desk on a
temporary database with a few sample cases (invented people), signed in as staff.

    .venv/bin/python docs/web-desk/screenshots.py
"""

from __future__ import annotations

import secrets
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.auth import Authorizer  # noqa: E402
from bot.clock import FixedClock  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.forms.runner import FORMS  # noqa: E402
from bot.services import Services, build_services  # noqa: E402
from bot.staff.web_access import WebAccess  # noqa: E402
from web.app import build_app  # noqa: E402

OUT = Path(__file__).parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PEOPLE = [("张三丰", "申请公开本区2025年老旧小区改造项目的资金使用情况及验收报告"),
          ("李小红", "申请公开学校扩建工程的环境影响评价报告全文"),
          ("王建国", "申请公开2026年度城市道路养护招标文件及中标结果")]


def sample(services: Services, clock: FixedClock) -> str:
    apply = FORMS["apply"]
    numbers = []
    for name, text in PEOPLE:
        receipt = services.cases.submit(apply, 42, 42, "zh", {
            "applicant_type": "natural", "name": name, "id_type": "resident_id",
            "id_number": "110101199003076352", "phone": "13812345678", "description": text,
            "medium": "electronic", "delivery": "online"}, secrets.token_hex(8))
        numbers.append(receipt.case.number)
        clock.advance(days=3)
    services.cases.submit(FORMS["complain"], 43, 43, "zh", {
        "category": "disclosure", "details": "政府网站上公开的文件链接打不开已经一个月了",
        "identity": "anonymous"}, secrets.token_hex(8))
    flow = services.workflow
    flow.accept(numbers[0], 500)
    flow.assign(numbers[0], 500, 500)
    flow.note(numbers[0], 500, "已电话联系申请人，确认所需范围")
    flow.answer(numbers[1], 500, "1", "所申请信息见附件。")
    flow.accept(numbers[2], 500)
    flow.consult(numbers[2], 500, "中标单位", "涉及第三方商业信息，征求其意见")
    return numbers[0]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as profile:
        settings = load_settings({}, db_path=f"{folder}/desk.db", staff_ids="500",
                                 admin_ids="900")
        clock = FixedClock(datetime(2026, 11, 16, 2, 0, tzinfo=UTC))
        services = build_services(settings, clock=clock)
        number = sample(services, clock)
        server = uvicorn.Server(uvicorn.Config(build_app(services), host="127.0.0.1", port=0,
                                               access_log=False, log_config=None))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
        link = WebAccess(services.repo, clock, Authorizer(settings.staff_ids,
                                                          settings.admin_ids), url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                profile, executable_path="/usr/bin/chromium", args=FLAGS, locale="zh-CN",
                viewport={"width": 1280, "height": 860})
            page = browser.new_page()
            page.goto(link.login_link(900))
            page.screenshot(path=str(OUT / "login.png"))
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(url + "/")
            page.goto(url + "/?month=2026-12")  # the month the sample cases fall due
            page.screenshot(path=str(OUT / "dashboard.png"), full_page=True)
            page.goto(url + "/cases?kind=application")
            page.screenshot(path=str(OUT / "cases.png"), full_page=True)
            page.goto(f"{url}/cases/{number}")
            page.screenshot(path=str(OUT / "case.png"), full_page=True)
            page.goto(url + "/cases/new")
            page.screenshot(path=str(OUT / "register.png"), full_page=True)
            page.goto(url + "/report?year=2026")
            page.screenshot(path=str(OUT / "report.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(f"{url}/cases/{number}")
            page.screenshot(path=str(OUT / "case-phone.png"))
            browser.close()
        server.should_exit = True
        services.close()


if __name__ == "__main__":
    main()
