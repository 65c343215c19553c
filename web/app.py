"""The web desk's ASGI application: routes, security headers, an access log without
query strings, and polite pages for every error."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.services import Services
from web import (
    routes_auth,
    routes_cases,
    routes_documents,
    routes_home,
    routes_letters,
    routes_register,
)
from web.context import Desk, desk_of
from web.context import Handler as Endpoint

log = logging.getLogger("web.access")

STATIC = Path(__file__).parent / "static"
MAX_BODY_BYTES = 1_000_000
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; "
     b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    # Login links carry their token in the address: never pass it on as a referrer.
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


class Headers:
    """Security headers on every response, and one access-log line per request with
    the path only: query strings may hold a login token."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                # Pages may show personal data: never cached. The stylesheet may be.
                static = scope["path"].startswith("/static/")
                headers += [h for h in SECURITY_HEADERS if h[0] not in present
                            and not (static and h[0] == b"cache-control")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
        log.info("%s %s %s %.0fms", scope["method"], scope["path"], status,
                 (time.monotonic() - started) * 1000)


async def http_error(request: Request, exc: Exception) -> Response:
    code = exc.status_code if isinstance(exc, HTTPException) else 500
    key = {404: "web.error.not_found", 405: "web.error.not_found",
           413: "web.error.too_big"}.get(code, "web.error.server")
    return desk_of(request).refuse(request, code, key)


async def server_error(request: Request, exc: Exception) -> Response:
    log.error("web desk: unexpected %s", type(exc).__name__, exc_info=exc)
    return desk_of(request).refuse(request, 500, "web.error.server")


def post(path: str, endpoint: Endpoint, limit: int = MAX_BODY_BYTES) -> Route:
    """A form's route; its body is held to `limit` (uploads say their own)."""
    return Route(path, endpoint, methods=["POST"], max_body_size=limit)


ROUTES = [
    Route("/", routes_home.dashboard),
    Route("/login", routes_auth.login_page, methods=["GET"]),
    post("/login", routes_auth.login),
    post("/logout", routes_auth.logout),
    Route("/lang/{lang}", routes_auth.switch_language),
    Route("/cases", routes_cases.case_list, methods=["GET"]),
    post("/cases/search", routes_cases.case_search),
    Route("/cases/new", routes_register.register_page, methods=["GET"]),
    post("/cases/new", routes_register.register),
    Route("/cases/{number}", routes_cases.case_page, methods=["GET"]),
    post("/cases/{number}/do/{action}", routes_cases.case_action),
    Route("/cases/{number}/files/{item}", routes_cases.case_file, methods=["GET"]),
    Route("/cases/{number}/letters/{kind}", routes_letters.letter_page, methods=["GET"]),
    Route("/cases/{number}/letters/{kind}/{fmt}", routes_letters.letter_file,
          methods=["GET"]),
    post("/cases/{number}/letters/{kind}/send", routes_letters.letter_send),
    post("/cases/{number}/documents", routes_documents.upload,
         routes_documents.MAX_UPLOAD_REQUEST),
    Route("/cases/{number}/documents/{item}", routes_documents.download, methods=["GET"]),
    Route("/report", routes_home.report_page),
    Route("/report/download/{fmt}", routes_home.report_download),
    Route("/admin/unanswered", routes_home.unanswered_page),
    post("/admin/unanswered/learn", routes_home.learn),
    Route("/admin/knowledge", routes_home.knowledge_page),
    Route("/admin/staff", routes_home.staff_page),
    Mount("/static", StaticFiles(directory=STATIC), name="static"),
]


def build_app(services: Services) -> Starlette:
    app = Starlette(routes=ROUTES,
                    middleware=[Middleware(Headers)],
                    exception_handlers={HTTPException: http_error, Exception: server_error})
    app.state.desk = Desk(services)
    return app
