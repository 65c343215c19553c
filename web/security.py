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
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response

from bot.auth import STAFF, Authorizer
from bot.clock import Clock, to_iso
from bot.staff.web_access import new_token, token_hash
from bot.store import Repository

SESSION_COOKIE = "desk_session"
LOGIN_CSRF_COOKIE = "desk_login"
CSRF_FIELD = "csrf"
LOGIN_ATTEMPTS = 10  # failed link uses per client address ...
LOGIN_WINDOW_SECONDS = 600.0  # ... in ten minutes
MAX_TRACKED = 10_000


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


class FailureLimit:
    """Failed attempts per key in a sliding window. Only failures count, so an office
    whose staff share one address can sign in all morning; a run of bad links cannot."""

    def __init__(self, limit: int, window: float,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._monotonic = monotonic
        self._failures: dict[int, deque[float]] = {}

    def _recent(self, key: int) -> deque[float]:
        now = self._monotonic()
        seen = self._failures.get(key, deque())
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        return seen

    def blocked(self, key: int) -> bool:
        return len(self._recent(key)) >= self.limit

    def failed(self, key: int) -> None:
        if len(self._failures) > MAX_TRACKED:  # forget quiet addresses: memory stays bounded
            self._failures = {k: v for k, v in self._failures.items() if self._recent(k)}
        seen = self._recent(key)
        seen.append(self._monotonic())
        self._failures[key] = seen


def address_key(request: Request) -> int:
    address = request.client.host if request.client else "unknown"
    return int.from_bytes(hashlib.sha256(address.encode()).digest()[:8], "big")


class Sessions:
    def __init__(self, repo: Repository, clock: Clock, authorizer: Authorizer,
                 hours: float, secure: bool) -> None:
        self.repo = repo
        self.clock = clock
        self.auth = authorizer
        self.hours = hours
        self.secure = secure
        self.login_failures = FailureLimit(LOGIN_ATTEMPTS, LOGIN_WINDOW_SECONDS)

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
        """Failed link use per client address is limited; the links' 256 random bits
        already make guessing hopeless, this keeps a flood out of the logs and the CPU."""
        return not self.login_failures.blocked(address_key(request))

    def login_failed(self, request: Request) -> None:
        self.login_failures.failed(address_key(request))


def same_token(expected: str, given: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())
