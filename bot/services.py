"""Building the product's services once, from settings, for any front end."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bot.auth import Authorizer
from bot.chat.assistant import Assistant
from bot.chat.residents import Residents
from bot.clock import Clock
from bot.config import Settings
from bot.filing import CaseService
from bot.forms.runner import FormRunner
from bot.i18n import Catalogue, default_catalogue
from bot.kb.loader import KnowledgeBaseError
from bot.letters.facts import confirmed_facts_reader
from bot.matching.engine import AnswerEngine
from bot.remedies import AgencyFacts
from bot.staff.admin import AdminDesk
from bot.staff.desk import StaffDesk
from bot.staff.views import StaffViews
from bot.staff.workflow import Workflow
from bot.store import Repository, open_database
from bot.workdays import WorkCalendar

log = logging.getLogger(__name__)
LAST_GOOD_KNOWLEDGE = "knowledge.last-good"


@dataclass
class Desk:
    """What handling cases needs, and nothing of the question answering: the command
    line's `cases` and `report` run on it, so a broken knowledge base never stops them."""

    settings: Settings
    repo: Repository
    texts: Catalogue
    clock: Clock
    calendar: WorkCalendar
    auth: Authorizer
    cases: CaseService
    workflow: Workflow
    views: StaffViews

    def close(self) -> None:
        self.repo.db.close()


def build_desk(settings: Settings, clock: Clock | None = None,
               agency_facts: Callable[[], AgencyFacts] | None = None) -> Desk:
    """`agency_facts`: the confirmed facts of the knowledge base in use; without it, the
    facts file alone is read (the FAQ itself is not needed to handle cases)."""
    clock = clock or Clock(settings.zone)
    repo = Repository(open_database(settings.db_path, mode=settings.db_mode), clock)
    texts = default_catalogue().for_staff_in(settings.staff_language)
    calendar = WorkCalendar.for_knowledge(settings.knowledge_dir)
    cases = CaseService(repo, texts, calendar, clock, settings.application_days,
                        settings.complaint_ack_days, settings.staff_chat_id)
    views = StaffViews(repo, texts, calendar, clock)
    cases.staff_notice = views.new_case_notice
    authorizer = Authorizer(settings.staff_ids, settings.admin_ids, settings.approver_ids)
    facts = agency_facts or confirmed_facts_reader(settings.knowledge_dir)
    cases.agency_facts = facts
    workflow = Workflow(repo, calendar, clock, texts, settings.correction_days,
                        settings.application_days, authorizer, facts)
    return Desk(settings, repo, texts, clock, calendar, authorizer, cases, workflow, views)


@dataclass
class Services:
    settings: Settings
    engine: AnswerEngine
    repo: Repository
    texts: Catalogue
    assistant: Assistant
    clock: Clock
    cases: CaseService
    calendar: WorkCalendar
    workflow: Workflow
    views: StaffViews
    # Every database call of a front end runs here: one thread, so the connection is
    # never used by two at once, and never the event loop's.
    store_executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="store"))

    def close(self) -> None:
        self.store_executor.shutdown(wait=True)
        self.repo.db.close()


def last_good_folder(settings: Settings) -> Path:
    return Path(settings.db_path).parent / LAST_GOOD_KNOWLEDGE


def load_engine(settings: Settings) -> AnswerEngine:
    """The knowledge base in the settings' folder, kept as the last good copy; when that
    folder is broken, the last good copy, so that a bad edit never stops the bot and its
    case desk. With neither, the knowledge base's own error."""
    folder, copy = settings.knowledge_dir, last_good_folder(settings)
    try:
        engine = AnswerEngine.from_folder(folder, settings.matching)
    except KnowledgeBaseError as broken:
        if not copy.is_dir():
            raise
        log.error("knowledge base in %s has %d problem(s); serving the last good copy",
                  folder, len(broken.problems))
        return AnswerEngine.from_folder(copy, settings.matching)
    try:
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(folder, copy)
    except OSError as exc:  # the copy is a safety net: not having one is no reason to stop
        log.warning("could not keep a copy of the knowledge base: %s", exc)
    return engine


def build_services(settings: Settings, clock: Clock | None = None,
                   engine: AnswerEngine | None = None) -> Services:
    engine = engine or load_engine(settings)
    core = build_desk(settings, clock, lambda: engine.kb.agency)
    repo, texts, clock, calendar = core.repo, core.texts, core.clock, core.calendar
    cases, views, workflow, authorizer = core.cases, core.views, core.workflow, core.auth
    residents = Residents(engine, repo, texts)
    forms = FormRunner(repo, texts, cases, settings.draft_expiry_days, residents.fact)
    desk = StaffDesk(workflow, views, repo, texts, settings.knowledge_dir)
    admin = AdminDesk(engine, repo, texts, calendar)
    admin.recount = workflow.recount_provisional
    assistant = Assistant(settings, repo, texts, residents, authorizer, forms, cases, desk,
                          admin)
    return Services(settings, engine, repo, texts, assistant, clock, cases, calendar,
                    workflow, views)
