"""What every page shares: the services, sessions, templates and the guard that checks
the session, the role and (for forms) the CSRF token before a handler runs."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Any

import httpx
import jinja2
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from bot.auth import ADMIN, STAFF, Authorizer, Role
from bot.clock import show
from bot.services import Services
from bot.staff.web_access import WebAccess
from bot.store.records import CaseRecord
from web.present import NUMBER
from web.security import CSRF_FIELD, Sessions, Viewer, same_token
from web.texts import LANG_COOKIE, Texts, desk_catalogue, pick_lang

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
MAX_FORM_FIELDS = 40
Handler = Callable[[Request], Awaitable[Response]]


class Desk:
    def __init__(self, services: Services) -> None:
        settings = services.settings
        self.services = services
        self.auth = Authorizer(settings.staff_ids, settings.admin_ids, settings.approver_ids)
        self.sessions = Sessions(services.repo, services.clock, self.auth,
                                 settings.web.session_hours, settings.web.secure)
        self.access = WebAccess(services.repo, services.clock, self.auth,
                                settings.web.public_url)
        self.catalogue = desk_catalogue()
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                 autoescape=True, undefined=jinja2.StrictUndefined)
        env.filters["local"] = lambda moment: show(moment, services.clock.zone) if moment \
            else "-"
        self.templates = Jinja2Templates(env=env)
        # Tests hand in a fake Bot API here; None is the real network.
        self.file_transport: httpx.AsyncBaseTransport | None = None

    def texts(self, request: Request) -> Texts:
        return Texts(self.catalogue, pick_lang(request.cookies.get(LANG_COOKIE)))

    def render(self, request: Request, name: str, status_code: int = 200,
               **context: Any) -> Response:
        viewer: Viewer | None = getattr(request.state, "viewer", None)
        texts = self.texts(request)
        flash = ""
        if viewer is not None and viewer.flash:
            flash = viewer.flash
            self.services.repo.set_web_session_flash(viewer.session_hash, None)
        base = {"t": texts, "lang": texts.lang, "viewer": viewer, "flash": flash,
                "path": request.url.path, "is_admin": viewer is not None and
                ADMIN in viewer.roles, "csrf_field": CSRF_FIELD,
                "csrf": viewer.csrf if viewer else ""}
        response = self.templates.TemplateResponse(request, name, {**base, **context},
                                                   status_code=status_code)
        return response

    def refuse(self, request: Request, status_code: int, key: str) -> Response:
        return self.render(request, "message.html", status_code=status_code,
                           title_key=f"web.error.{status_code}", message_key=key)

    def flash(self, viewer: Viewer, text: str) -> None:
        self.services.repo.set_web_session_flash(viewer.session_hash, text[:1000])

    def redirect(self, url: str) -> Response:
        return RedirectResponse(url, status_code=303)

    def case_in(self, request: Request) -> CaseRecord:
        """The case the address names (`/cases/{number}/...`); Refused (404) when there
        is none."""
        number = request.path_params["number"]
        case = self.services.repo.case_by_number(number) if NUMBER.match(number) else None
        if case is None:
            raise Refused(404, "web.error.no_case")
        return case


class Refused(Exception):
    """A request the desk turns down with a page saying why (see `guarded`)."""

    def __init__(self, status_code: int, key: str) -> None:
        super().__init__(key)
        self.status_code = status_code
        self.key = key


def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


async def read_form(request: Request, files: int = 0) -> FormData:
    """The form (parsed once per request); `files`: how many uploads it may carry."""
    return await request.form(max_files=files, max_fields=MAX_FORM_FIELDS)


def guarded(role: Role = STAFF, files: int = 0) -> Callable[[Handler], Handler]:
    """Only for a live session with `role`; a POST also needs the session's CSRF token.
    No session: 401 with how to sign in; the wrong role or a bad token: 403. `files`:
    how many uploads the form may carry (none unless said)."""
    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def wrapper(request: Request) -> Response:
            desk = desk_of(request)
            viewer = desk.sessions.viewer(request)
            if viewer is None:
                return desk.refuse(request, 401, "web.error.signin")
            request.state.viewer = viewer
            if role not in viewer.roles:
                return desk.refuse(request, 403, "web.error.role")
            if request.method == "POST":
                form = await read_form(request, files)
                given = form.get(CSRF_FIELD)
                if not isinstance(given, str) or not same_token(viewer.csrf, given):
                    log.warning("web desk: form refused, CSRF token missing or wrong")
                    return desk.refuse(request, 403, "web.error.csrf")
            try:
                return await handler(request)
            except Refused as refusal:
                return desk.refuse(request, refusal.status_code, refusal.key)
        return wrapper
    return decorate


def html(text: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status_code)
