"""The repository: every read and write the product makes, as named operations."""

from __future__ import annotations

from bot.store.case_records import CasesMixin
from bot.store.drafts import DraftsMixin
from bot.store.outbox import OutboxMixin, UpdatesMixin
from bot.store.questions import QuestionsMixin


class Repository(QuestionsMixin, DraftsMixin, UpdatesMixin, CasesMixin, OutboxMixin):
    """Built once at start-up and handed to whoever needs storage."""
