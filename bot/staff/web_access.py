"""Getting staff into the web desk without passwords: a one-time link, valid for ten
minutes, sent to a staff member's private chat (`/web`) or printed by the CLI.

Only the link's hash is stored; the link itself opens at most one session. Whoever is
not staff gets no link, and a link whose owner stopped being staff opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from bot.auth import STAFF, Authorizer
from bot.clock import Clock, to_iso
from bot.store import Repository

LINK_MINUTES = 10
LOGIN_PATH = "/login"


class NotStaff(Exception):
    """Login links are for staff only."""


def token_hash(token: str) -> str:
    """Tokens carry 256 random bits, so a plain hash is enough to make a stolen database
    useless for logging in."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class WebAccess:
    def __init__(self, repo: Repository, clock: Clock, authorizer: Authorizer,
                 public_url: str) -> None:
        self.repo = repo
        self.clock = clock
        self.auth = authorizer
        self.public_url = public_url.rstrip("/")

    def login_link(self, user_id: int) -> str:
        """A fresh one-time link for a staff member; NotStaff for anyone else."""
        if STAFF not in self.auth.roles(user_id):
            raise NotStaff(user_id)
        token = new_token()
        expires = self.clock.now() + timedelta(minutes=LINK_MINUTES)
        self.repo.add_login_token(token_hash(token), user_id, to_iso(expires))
        return f"{self.public_url}{LOGIN_PATH}?token={token}"

    def redeem(self, token: str) -> int | None:
        """The staff member a link belongs to, the first time it is used within its ten
        minutes and while they are still staff; None otherwise."""
        if not token or len(token) > 200:
            return None
        user_id = self.repo.use_login_token(token_hash(token))
        if user_id is None or STAFF not in self.auth.roles(user_id):
            return None
        return user_id
