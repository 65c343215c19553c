"""Building the product's services once, from settings, for any front end."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bot.auth import Authorizer
from bot.chat.assistant import Assistant
from bot.chat.residents import Residents
from bot.clock import Clock
from bot.config import Settings
from bot.filing import CaseService
from bot.forms.runner import FormRunner
from bot.i18n import Catalogue, default_catalogue
from bot.matching.engine import AnswerEngine
from bot.staff.admin import AdminDesk
from bot.staff.desk import StaffDesk
from bot.staff.views import StaffViews
from bot.staff.workflow import Workflow
from bot.store import Repository, open_database
from bot.workdays import WorkCalendar


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


def build_services(settings: Settings, clock: Clock | None = None,
                   engine: AnswerEngine | None = None) -> Services:
    clock = clock or Clock(settings.zone)
    engine = engine or AnswerEngine.from_folder(settings.knowledge_dir, settings.matching)
    repo = Repository(open_database(settings.db_path, mode=settings.db_mode), clock)
    texts = default_catalogue().for_staff_in(settings.staff_language)
    calendar = WorkCalendar.for_knowledge(settings.knowledge_dir)
    residents = Residents(engine, repo, texts)
    cases = CaseService(repo, texts, calendar, clock, settings.application_days,
                        settings.complaint_ack_days, settings.staff_chat_id)
    forms = FormRunner(repo, texts, cases, settings.draft_expiry_days, residents.fact)
    views = StaffViews(repo, texts, calendar, clock)
    cases.staff_notice = views.new_case_notice
    cases.agency_facts = lambda: engine.kb.agency
    workflow = Workflow(repo, calendar, clock, texts, settings.correction_days,
                        settings.application_days, lambda: engine.kb.agency)
    desk = StaffDesk(workflow, views, repo, texts)
    authorizer = Authorizer(settings.staff_ids, settings.admin_ids)
    assistant = Assistant(settings, repo, texts, residents, authorizer, forms, cases, desk,
                          AdminDesk(engine, repo, texts, calendar))
    return Services(settings, engine, repo, texts, assistant, clock, cases, calendar,
                    workflow, views)
