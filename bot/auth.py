"""Who may do what: the one place that turns a Telegram user id into roles."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    RESIDENT = "resident"  # everyone: no one needs to be granted it
    STAFF = "staff"
    ADMIN = "admin"


STAFF = Role.STAFF
ADMIN = Role.ADMIN


class Authorizer:
    def __init__(self, staff_ids: frozenset[int], admin_ids: frozenset[int]) -> None:
        self._staff = staff_ids | admin_ids  # admins are staff too
        self._admins = admin_ids

    def roles(self, user_id: int) -> frozenset[Role]:
        found = set()
        if user_id in self._staff:
            found.add(Role.STAFF)
        if user_id in self._admins:
            found.add(Role.ADMIN)
        return frozenset(found)

    def is_staff(self, user_id: int) -> bool:
        return user_id in self._staff
