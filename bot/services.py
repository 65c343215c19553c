"""Building the product's services once, from settings, for any front end."""

from __future__ import annotations

from dataclasses import dataclass

from bot.auth import Authorizer
from bot.chat.assistant import Assistant
from bot.chat.residents import Residents
from bot.clock import Clock
from bot.config import Settings
from bot.engine import AnswerEngine
from bot.i18n import Catalogue, default_catalogue
from bot.store import Repository, open_database


@dataclass
class Services:
    settings: Settings
    engine: AnswerEngine
    repo: Repository
    texts: Catalogue
    assistant: Assistant
    clock: Clock

    def close(self) -> None:
        self.repo.db.close()


def build_services(settings: Settings, clock: Clock | None = None,
                   engine: AnswerEngine | None = None) -> Services:
    clock = clock or Clock()
    engine = engine or AnswerEngine.from_folder(settings.knowledge_dir, settings.matching)
    repo = Repository(open_database(settings.db_path), clock)
    texts = default_catalogue()
    residents = Residents(engine, repo, texts)
    authorizer = Authorizer(settings.staff_ids, settings.admin_ids)
    assistant = Assistant(settings, repo, texts, residents, authorizer)
    return Services(settings, engine, repo, texts, assistant, clock)
