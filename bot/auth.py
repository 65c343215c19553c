"""Who may do what: the one place that turns a Telegram user id into roles."""

from __future__ import annotations

STAFF = "staff"
ADMIN = "admin"


class Authorizer:
    def __init__(self, staff_ids: frozenset[int], admin_ids: frozenset[int]) -> None:
        self._staff = staff_ids | admin_ids  # admins are staff too
        self._admins = admin_ids

    def roles(self, user_id: int) -> frozenset[str]:
        found = set()
        if user_id in self._staff:
            found.add(STAFF)
        if user_id in self._admins:
            found.add(ADMIN)
        return frozenset(found)
