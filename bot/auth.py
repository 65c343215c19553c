"""Who may do what: the one place that turns a Telegram user id into roles."""

from __future__ import annotations

STAFF = "staff"
ADMIN = "admin"
APPROVER = "approver"  # the office's head, who approves extensions (Art. 33)


class Authorizer:
    def __init__(self, staff_ids: frozenset[int], admin_ids: frozenset[int],
                 approver_ids: frozenset[int] = frozenset()) -> None:
        self._staff = staff_ids | admin_ids | approver_ids  # admins and approvers are staff
        self._admins = admin_ids
        self._approvers = approver_ids

    @property
    def approvers(self) -> frozenset[int]:
        return self._approvers

    def roles(self, user_id: int) -> frozenset[str]:
        found = set()
        if user_id in self._staff:
            found.add(STAFF)
        if user_id in self._admins:
            found.add(ADMIN)
        if user_id in self._approvers:
            found.add(APPROVER)
        return frozenset(found)
