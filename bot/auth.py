"""Who may do what: the one place that turns a Telegram user id into roles."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    RESIDENT = "resident"  # everyone: no one needs to be granted it
    STAFF = "staff"
    ADMIN = "admin"
    APPROVER = "approver"  # the office's head, who approves extensions (Art. 33)


STAFF = Role.STAFF
ADMIN = Role.ADMIN
APPROVER = Role.APPROVER


class Authorizer:
    def __init__(self, staff_ids: frozenset[int], admin_ids: frozenset[int],
                 approver_ids: frozenset[int] = frozenset()) -> None:
        self._staff = staff_ids | admin_ids | approver_ids  # admins and approvers are staff
        self._admins = admin_ids
        self._approvers = approver_ids

    @property
    def approvers(self) -> frozenset[int]:
        return self._approvers

    def roles(self, user_id: int) -> frozenset[Role]:
        found = set()
        if user_id in self._staff:
            found.add(Role.STAFF)
        if user_id in self._admins:
            found.add(Role.ADMIN)
        if user_id in self._approvers:
            found.add(Role.APPROVER)
        return frozenset(found)
