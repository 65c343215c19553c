"""Who is asking: the session cookie, roles from the same settings as the bot, CSRF
tokens, and the rate limit on login links.

Cookies are HttpOnly and SameSite=Strict, and Secure when the desk's public address is
https. Only hashes of session tokens are stored. Roles are looked up on every request,
so removing someone from DISCLOSURE_STAFF_IDS shuts them out at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response

from bot.auth import STAFF, Authorizer
from bot.chat.guard import RateLimiter
from bot.clock import Clock, to_iso
from bot.staff.web_access import new_token, token_hash
from bot.store import Repository

SESSION_COOKIE = "desk_session"
LOGIN_CSRF_COOKIE = "desk_login"
CSRF_FIELD = "csrf"
LOGIN_ATTEMPTS = 10  # per client address ...
LOGIN_WINDOW_SECONDS = 600.0  # ... in ten minutes


@dataclass(frozen=True)
class Viewer:
    """The signed-in staff member of one request."""

    user_id: int
    roles: frozenset[str]
    csrf: str
    session_hash: str
    search: str
    flash: str

    @property
    def actor(self) -> str:
        """The same actor name the Telegram desk records, so history reads alike."""
        return f"staff:{self.user_id}"


class Sessions:
    def __init__(self, repo: Repository, clock: Clock, authorizer: Authorizer,
                 hours: float, secure: bool) -> None:
        self.repo = repo
        self.clock = clock
        self.auth = authorizer
        self.hours = hours
        self.secure = secure
        self.login_limiter = RateLimiter(LOGIN_ATTEMPTS, LOGIN_WINDOW_SECONDS)

    # sessions ---------------------------------------------------------------------
    def open(self, user_id: int, response: Response) -> None:
        token = new_token()
        expires = self.clock.now() + timedelta(hours=self.hours)
        self.repo.add_web_session(token_hash(token), user_id, secrets.token_urlsafe(32),
                                  to_iso(expires))
        response.set_cookie(SESSION_COOKIE, token, max_age=int(self.hours * 3600),
                            httponly=True, samesite="strict", secure=self.secure)

    def viewer(self, request: Request) -> Viewer | None:
        token = request.cookies.get(SESSION_COOKIE, "")
        if not token or len(token) > 200:
            return None
        row = self.repo.web_session(token_hash(token))
        if row is None:
            return None
        roles = self.auth.roles(int(row["user_id"]))
        if STAFF not in roles:
            return None
        return Viewer(int(row["user_id"]), roles, str(row["csrf"]), str(row["token_hash"]),
                      str(row["search"] or ""), str(row["flash"] or ""))

    def close(self, viewer: Viewer, response: Response) -> None:
        self.repo.end_web_session(viewer.session_hash)
        response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict",
                               secure=self.secure)

    # login CSRF: before there is a session, a cookie the form must echo --------------
    def login_csrf(self, request: Request) -> str:
        existing = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        return existing if 20 <= len(existing) <= 100 else secrets.token_urlsafe(24)

    def set_login_csrf(self, response: Response, value: str) -> None:
        response.set_cookie(LOGIN_CSRF_COOKIE, value, max_age=3600, httponly=True,
                            samesite="strict", secure=self.secure)

    def login_allowed(self, request: Request) -> bool:
        """Link use per client address is limited; the links' 256 random bits already
        make guessing hopeless, this keeps a flood from filling the logs and the CPU."""
        address = request.client.host if request.client else "unknown"
        key = int.from_bytes(hashlib.sha256(address.encode()).digest()[:8], "big")
        allowed, _, _ = self.login_limiter.check(key)
        return allowed


def same_token(expected: str, given: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())
