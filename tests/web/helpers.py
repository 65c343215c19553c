"""Helpers for the web desk's tests: signing in through a real one-time link, and
cases filed through the core as the bot files them."""

from __future__ import annotations

import re
import secrets
from typing import Any

from starlette.testclient import TestClient

from bot.auth import Authorizer
from bot.forms.runner import FORMS
from bot.services import Services
from bot.staff.web_access import WebAccess

STAFF, OTHER_STAFF, ADMIN, RESIDENT = 500, 501, 900, 42
BASE = "http://127.0.0.1:8080"

APPLICATION = {"applicant_type": "natural", "name": "张三丰", "id_type": "resident_id",
               "id_number": "110101199003076352", "phone": "13812345678",
               "description": "申请公开本区2025年老旧小区改造项目的资金使用情况",
               "medium": "electronic", "delivery": "online"}
COMPLAINT = {"category": "disclosure", "details": "网站上公开的文件链接打不开已经一个月了",
             "identity": "named", "name": "李四", "phone": "13912345678"}


def access(services: Services) -> WebAccess:
    settings = services.settings
    return WebAccess(services.repo, services.clock,
                     Authorizer(settings.staff_ids, settings.admin_ids,
                                settings.approver_ids), BASE)


def file_case(services: Services, kind: str = "application", user_id: int = RESIDENT,
              **changes: Any) -> str:
    form = FORMS["apply" if kind == "application" else "complain"]
    answers = {**(APPLICATION if kind == "application" else COMPLAINT), **changes}
    receipt = services.cases.submit(form, user_id, user_id, "zh", answers,
                                     secrets.token_hex(8))
    return receipt.case.number


def csrf_of(html: str, name: str = "csrf") -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match, f"no {name} field in the page"
    return match.group(1)


def sign_in(client: TestClient, services: Services, user_id: int = STAFF) -> str:
    """Follow a fresh login link as a browser would; returns the session's CSRF token."""
    link = access(services).login_link(user_id)
    page = client.get(link.removeprefix(BASE))
    assert page.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', page.text)
    assert token
    done = client.post("/login", data={"token": token.group(1),
                                       "login_csrf": csrf_of(page.text, "login_csrf")},
                       follow_redirects=False)
    assert done.status_code == 303, done.text
    home = client.get("/")
    assert home.status_code == 200
    return csrf_of(home.text)
