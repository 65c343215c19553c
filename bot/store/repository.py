"""The repository: every read and write the product makes, as named operations."""

from __future__ import annotations

from bot.store.case_files import CaseFilesMixin
from bot.store.case_search import CaseSearchMixin
from bot.store.drafts import DraftsMixin
from bot.store.outbox import OutboxMixin, UpdatesMixin
from bot.store.questions import QuestionsMixin
from bot.store.web_access import WebAccessMixin


class Repository(QuestionsMixin, DraftsMixin, UpdatesMixin, CaseFilesMixin, OutboxMixin,
                 CaseSearchMixin, WebAccessMixin):
    """Built once at start-up and handed to whoever needs storage."""
