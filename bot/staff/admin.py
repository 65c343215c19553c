"""Admins' commands in the chat: reload the knowledge base, see what went unanswered."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import Catalogue
from bot.insights import unanswered
from bot.kb.loader import KnowledgeBaseError
from bot.matching.engine import AnswerEngine, ReloadReport
from bot.messages import Context, Out
from bot.store import Repository
from bot.workdays import WorkCalendar

SHOWN_PROBLEMS = 20


def reload_summary(texts: Catalogue, lang: str, report: ReloadReport) -> str:
    def ids(items: list[str]) -> str:
        return ", ".join(items) if items else "-"

    return texts.get(lang, "admin.reloaded", count=report.count,  # type: ignore[arg-type]
                     added=ids(report.added), removed=ids(report.removed),
                     changed=ids(report.changed))


class AdminDesk:
    def __init__(self, engine: AnswerEngine, repo: Repository, texts: Catalogue,
                 calendar: WorkCalendar) -> None:
        self.engine = engine
        self.repo = repo
        self.texts = texts
        self.calendar = calendar
        # Set by the wiring: counts provisional deadlines again after a calendar change.
        self.recount: Callable[[WorkCalendar], list[Out]] | None = None

    def command(self, ctx: Context, name: str, args: str) -> list[Out]:
        if name == "reload":
            return [self.reload(ctx)]
        if name == "unanswered":
            return [self.unanswered(ctx, args)]
        raise ValueError(f"no admin command {name!r}")  # the command table lists only these

    def reload(self, ctx: Context) -> Out:
        """Validated first; on any problem the running base stays as it was."""
        try:
            report = self.reload_base()
        except KnowledgeBaseError as error:
            problems = [str(p) for p in error.problems[:SHOWN_PROBLEMS]]
            more = len(error.problems) - len(problems)
            text = self.texts.get(ctx.lang, "admin.reload_failed", count=len(error.problems),
                                  problems="\n".join(problems))
            if more > 0:
                text += "\n" + self.texts.get(ctx.lang, "admin.more", count=more)
            return Out(text[:4000])
        return Out(reload_summary(self.texts, ctx.lang, report))

    def reload_base(self) -> ReloadReport:
        """Load the base and its holiday file, validated together; raises
        KnowledgeBaseError and changes nothing when anything is wrong. Provisional
        deadlines are counted again with the new holidays; the residents whose date moved
        are told through the outbox."""
        report = self.engine.reload()
        folder = self.engine.knowledge_dir
        if folder is not None:
            before = self.calendar.copy()
            self.calendar.replace_with(WorkCalendar.for_knowledge(folder))
            if self.recount is not None:
                self.recount(before)  # its notices are queued in the outbox with each change
        return report

    def unanswered(self, ctx: Context, args: str) -> Out:
        top = int(args) if args.strip().isdigit() else 10
        groups = unanswered(self.repo, self.engine, top=min(top, 50))
        if not groups:
            return Out(self.texts.get(ctx.lang, "admin.unanswered_none"))
        lines = [self.texts.get(ctx.lang, "admin.unanswered_title")]
        for group in groups:
            lines.append(self.texts.get(ctx.lang, "admin.unanswered_line", count=group.count,
                                        down=group.downvoted, question=group.example[:80],
                                        topic=group.nearest_topic or "-",
                                        score=group.nearest_score))
        return Out("\n".join(lines)[:4000])
