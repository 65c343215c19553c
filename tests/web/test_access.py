"""Who gets in: one-time links (10 minutes, once, staff only, hashed at rest), sessions
(cookie flags, expiry, logout, roles looked up on every request), CSRF on every form,
the rate limit on link use, and /web in the bot."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from bot.clock import FixedClock, to_iso
from bot.messages import Event
from bot.services import Services
from bot.staff.web_access import NotStaff, token_hash
from tests.helpers import Resident
from tests.web.helpers import ADMIN, BASE, RESIDENT, STAFF, access, csrf_of, file_case, sign_in
from web.app import build_app
from web.security import LOGIN_ATTEMPTS, SESSION_COOKIE


def token_of(link: str) -> str:
    return link.split("token=", 1)[1]


def post_login(client: TestClient, token: str) -> int:
    page = client.get(f"/login?token={token}")
    reply = client.post("/login", data={"token": token,
                                        "login_csrf": csrf_of(page.text, "login_csrf")},
                        follow_redirects=False)
    return reply.status_code


def test_a_link_signs_in_once(client: TestClient, services: Services) -> None:
    token = token_of(access(services).login_link(STAFF))
    assert post_login(client, token) == 303
    assert client.get("/cases").status_code == 200
    client.cookies.clear()
    assert post_login(client, token) == 400
    assert client.get("/cases").status_code == 401


def test_only_the_hash_of_a_link_is_stored(services: Services) -> None:
    token = token_of(access(services).login_link(STAFF))
    row = services.repo.one("select * from web_logins")
    assert row is not None and row["token_hash"] == token_hash(token)
    assert token not in str(row)


def test_a_link_expires_after_ten_minutes(client: TestClient, services: Services,
                                          clock: FixedClock) -> None:
    token = token_of(access(services).login_link(STAFF))
    clock.advance(minutes=10, seconds=1)
    assert post_login(client, token) == 400


def test_opening_a_link_does_not_spend_it(client: TestClient, services: Services) -> None:
    """A chat app's link preview fetches the page; only the button press signs in."""
    token = token_of(access(services).login_link(STAFF))
    for _ in range(3):
        assert client.get(f"/login?token={token}").status_code == 200
    assert post_login(client, token) == 303


@pytest.mark.parametrize("user_id", [RESIDENT, 0, -1000])
def test_no_link_for_anyone_not_staff(services: Services, user_id: int) -> None:
    with pytest.raises(NotStaff):
        access(services).login_link(user_id)


def test_a_link_of_someone_no_longer_staff_opens_nothing(client: TestClient,
                                                          services: Services) -> None:
    services.repo.add_login_token(token_hash("t" * 43), RESIDENT,
                                  to_iso(services.clock.now() + timedelta(minutes=5)))
    assert post_login(client, "t" * 43) == 400
    assert client.get("/").status_code == 401


def test_login_needs_the_login_csrf_cookie(client: TestClient, services: Services) -> None:
    token = token_of(access(services).login_link(STAFF))
    reply = client.post("/login", data={"token": token, "login_csrf": "forged" * 5},
                        follow_redirects=False)
    assert reply.status_code == 403
    assert post_login(client, token) == 303  # the link was not spent by the refused try


def test_session_cookie_flags(client: TestClient, services: Services) -> None:
    token = token_of(access(services).login_link(STAFF))
    page = client.get(f"/login?token={token}")
    reply = client.post("/login", data={"token": token,
                                        "login_csrf": csrf_of(page.text, "login_csrf")},
                        follow_redirects=False)
    cookie = next(v for k, v in reply.headers.multi_items()
                  if k == "set-cookie" and v.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # plain http on 127.0.0.1


def test_cookies_are_secure_behind_https(services: Services) -> None:
    services.settings.web.url = "https://desk.example.gov.cn"
    with TestClient(build_app(services), base_url="https://desk.example.gov.cn") as client:
        token = token_of(access(services).login_link(STAFF))
        page = client.get(f"/login?token={token}")
        reply = client.post("/login", data={"token": token, "login_csrf": csrf_of(
            page.text, "login_csrf")}, follow_redirects=False)
    cookie = next(v for k, v in reply.headers.multi_items()
                  if k == "set-cookie" and v.startswith(SESSION_COOKIE))
    assert "Secure" in cookie


def test_sessions_expire(client: TestClient, services: Services, clock: FixedClock) -> None:
    sign_in(client, services)
    clock.advance(hours=services.settings.web.session_hours, seconds=1)
    assert client.get("/cases").status_code == 401


def test_logout_ends_the_session(client: TestClient, services: Services) -> None:
    csrf = sign_in(client, services)
    stolen = client.cookies.get(SESSION_COOKIE)
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    client.cookies.set(SESSION_COOKIE, stolen or "")
    assert client.get("/cases").status_code == 401


def test_removing_someone_from_staff_shuts_them_out(client: TestClient,
                                                    services: Services) -> None:
    sign_in(client, services)
    desk = client.app.state.desk  # type: ignore[attr-defined]
    desk.sessions.auth = type(desk.sessions.auth)(frozenset({501}), frozenset({900}))
    assert client.get("/cases").status_code == 401


def test_failed_link_use_is_rate_limited(client: TestClient, services: Services) -> None:
    page = client.get("/login?token=x")
    csrf = csrf_of(page.text, "login_csrf")
    codes = [client.post("/login", data={"token": f"guess{i}", "login_csrf": csrf},
                         follow_redirects=False).status_code
             for i in range(LOGIN_ATTEMPTS + 1)]
    assert codes == [400] * LOGIN_ATTEMPTS + [429]
    token = token_of(access(services).login_link(STAFF))
    assert client.post("/login", data={"token": token, "login_csrf": csrf},
                       follow_redirects=False).status_code == 429


def test_an_office_behind_one_address_can_sign_in_all_morning(client: TestClient,
                                                              services: Services) -> None:
    for _ in range(LOGIN_ATTEMPTS + 5):
        client.cookies.clear()
        assert post_login(client, token_of(access(services).login_link(STAFF))) == 303


def test_a_server_error_is_a_polite_page(services: Services,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(build_app(services), base_url=BASE,
                    raise_server_exceptions=False) as client:
        sign_in(client, services)

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(services.repo, "search_cases", broken)
        reply = client.get("/cases")
    assert reply.status_code == 500
    assert "未作任何更改" in reply.text and "disk on fire" not in reply.text
    assert "Traceback" not in reply.text


# every route's authorisation -------------------------------------------------------------
PAGES = ["/", "/cases", "/cases/YSQ-2026-000001", "/report", "/report/download/csv",
         "/report/download/json", "/cases/new", "/cases/YSQ-2026-000001/letters/receipt",
         "/cases/YSQ-2026-000001/letters/receipt/pdf"]
ADMIN_PAGES = ["/admin/unanswered", "/admin/knowledge", "/admin/staff"]
FORMS = ["/cases/search", "/cases/YSQ-2026-000001/do/accept",
         "/cases/YSQ-2026-000001/do/note", "/cases/new", "/logout",
         "/cases/YSQ-2026-000001/letters/receipt/send", "/cases/YSQ-2026-000001/documents"]


@pytest.mark.parametrize("path", PAGES + ADMIN_PAGES)
def test_pages_need_a_session(client: TestClient, services: Services, path: str) -> None:
    file_case(services)
    reply = client.get(path)
    assert reply.status_code == 401
    assert "/web" in reply.text and "张三丰" not in reply.text


@pytest.mark.parametrize("path", FORMS)
def test_forms_need_a_session(client: TestClient, services: Services, path: str) -> None:
    file_case(services)
    assert client.post(path, data={"csrf": "x", "text": "x"}).status_code == 401
    assert services.repo.list_cases()[0].status == "received"


@pytest.mark.parametrize("path", PAGES + ADMIN_PAGES)
def test_pages_refuse_an_expired_session(client: TestClient, services: Services,
                                         clock: FixedClock, path: str) -> None:
    file_case(services)
    sign_in(client, services, ADMIN)
    clock.advance(hours=13)
    assert client.get(path).status_code == 401


@pytest.mark.parametrize("path", FORMS)
def test_forms_refuse_an_expired_session(client: TestClient, services: Services,
                                         clock: FixedClock, path: str) -> None:
    file_case(services)
    csrf = sign_in(client, services)
    clock.advance(hours=13)
    assert client.post(path, data={"csrf": csrf, "text": "x"}).status_code == 401
    assert services.repo.list_cases()[0].status == "received"


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_refuse_plain_staff(client: TestClient, services: Services,
                                        path: str) -> None:
    sign_in(client, services, STAFF)
    assert client.get(path).status_code == 403
    client.cookies.clear()
    sign_in(client, services, ADMIN)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_staff_pages_open_for_staff(client: TestClient, services: Services,
                                    path: str) -> None:
    file_case(services)
    sign_in(client, services, STAFF)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize("token", ["", "forged", "other-session"])
def test_forms_refuse_a_forged_csrf_token(client: TestClient, services: Services,
                                          path: str, token: str) -> None:
    number = file_case(services)
    if token == "other-session":
        other = TestClient(build_app(services), base_url=BASE)
        token = sign_in(other, services, 501)
    sign_in(client, services, STAFF)
    data = {"text": "note", "q": "x"} | ({"csrf": token} if token else {})
    reply = client.post(path, data=data, follow_redirects=False)
    assert reply.status_code == 403
    case = services.repo.case_by_number(number)
    assert case is not None and case.status == "received"
    assert [e.action for e in services.repo.case_events(case.id)] == ["submitted"]
    assert client.get("/cases").status_code == 200  # still signed in: logout was refused


def test_no_personal_data_or_token_in_the_access_log(client: TestClient, services: Services,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    file_case(services)
    caplog.set_level("INFO")
    token = token_of(access(services).login_link(STAFF))
    post_login(client, token)
    csrf = csrf_of(client.get("/").text)
    client.post("/cases/search", data={"csrf": csrf, "q": "张三丰"})
    client.get("/cases")
    # The test client's own request log (httpx) is not the desk's.
    logged = "\n".join(record.getMessage() for record in caplog.records
                       if record.name.startswith("web"))
    assert "GET /cases 200" in logged
    assert token not in logged and "张三丰" not in logged and "13812345678" not in logged


def test_security_headers(client: TestClient) -> None:
    reply = client.get("/login")
    assert reply.headers["referrer-policy"] == "no-referrer"
    assert reply.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]


# /web in the bot ------------------------------------------------------------------------
def test_web_command_sends_a_link_privately(client: TestClient, services: Services) -> None:
    staff = Resident(services.assistant, STAFF)
    staff.say("/web")
    link = re.search(r"http\S+/login\?token=\S+", staff.text)
    assert link and "10" in staff.text
    assert post_login(client, token_of(link.group(0))) == 303


def test_web_command_never_posts_a_link_in_a_group(services: Services) -> None:
    event = Event(user_id=STAFF, chat_id=-1000, kind="command", command="web",
                  private=False)
    outs = services.assistant.handle(event).messages
    assert outs and all("token=" not in out.text for out in outs)
    assert services.repo.one("select count(*) as n from web_logins") == {"n": 0}


def test_web_command_looks_unknown_to_residents(services: Services) -> None:
    resident = Resident(services.assistant, RESIDENT)
    resident.say("/web")
    assert "token=" not in resident.text and "没有这个指令" in resident.text


def test_expired_links_and_sessions_are_forgotten(client: TestClient, services: Services,
                                                  clock: FixedClock) -> None:
    sign_in(client, services)
    access(services).login_link(STAFF)
    assert services.repo.forget_web_access_before(to_iso(clock.now())) == 0
    clock.advance(hours=13)
    assert services.repo.forget_web_access_before(to_iso(clock.now())) == 3
