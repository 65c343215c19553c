"""Signing in with a one-time link, signing out, and the language switch.

Opening a link shows a page with a button; only pressing it (a POST) uses the link. A
chat app fetching the link for a preview therefore cannot spend it.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from web.context import desk_of, guarded, read_form
from web.security import LOGIN_CSRF_COOKIE, same_token
from web.texts import LANG_COOKIE

log = logging.getLogger(__name__)


async def login_page(request: Request) -> Response:
    desk = desk_of(request)
    token = request.query_params.get("token", "")
    csrf = desk.sessions.login_csrf(request)
    response = desk.render(request, "login.html", token=token[:200], login_csrf=csrf,
                           bye=bool(request.query_params.get("bye")))
    desk.sessions.set_login_csrf(response, csrf)
    return response


async def login(request: Request) -> Response:
    desk = desk_of(request)
    if not desk.sessions.login_allowed(request):
        log.warning("web desk: login attempts rate-limited for one address")
        return desk.refuse(request, 429, "web.error.too_many")
    form = await read_form(request)
    given = form.get("login_csrf")
    if not isinstance(given, str) or not same_token(request.cookies.get(LOGIN_CSRF_COOKIE, ""),
                                                    given):
        desk.sessions.login_failed(request)
        return desk.refuse(request, 403, "web.error.csrf")
    token = form.get("token")
    user_id = desk.access.redeem(token if isinstance(token, str) else "")
    if user_id is None:
        desk.sessions.login_failed(request)
        log.info("web desk: a login link was refused (unknown, used, expired or not staff)")
        return desk.refuse(request, 400, "web.login.bad_link")
    response = desk.redirect("/")
    desk.sessions.open(user_id, response)
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    log.info("web desk: staff signed in")
    return response


@guarded()
async def logout(request: Request) -> Response:
    desk = desk_of(request)
    response = desk.redirect("/login?bye=1")
    desk.sessions.close(request.state.viewer, response)
    return response


async def switch_language(request: Request) -> Response:
    """GET /lang/en?next=/cases: a link, not a form; the choice changes no data."""
    lang = request.path_params["lang"]
    target = request.query_params.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = RedirectResponse(target, status_code=303)
    if lang in ("zh", "en"):
        desk = desk_of(request)
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True,
                            samesite="lax", secure=desk.sessions.secure)
    return response
