"""Admins' commands in the chat: reload the knowledge base, see what went unanswered."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot import callbacks
from bot.i18n import Catalogue
from bot.insights import by_topic, unanswered
from bot.kb.editor import EditError, add_phrasing
from bot.kb.loader import KnowledgeBaseError
from bot.matching.engine import AnswerEngine, ReloadReport
from bot.messages import Button, Context, Out
from bot.store import Repository
from bot.textnorm import Lang, detect_language
from bot.workdays import WorkCalendar

log = logging.getLogger(__name__)

SHOWN_PROBLEMS = 20
LEARN_BUTTONS = 20  # questions listed with one-tap buttons
# Where an "out of scope" tap files a question no out-of-scope group comes near.
OUT_OF_SCOPE_GROUP = "other-services"
# Who loaded the base: the bot at start or on a reload, or a web desk of its own.
LOAD_ORIGINS = ("start", "reload", "desk")


class LearnError(Exception):
    def __init__(self, reason: str, read_only: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        # The service may not write the knowledge folder (a read-only deployment).
        self.read_only = read_only

    @property
    def key(self) -> str:
        return "admin.learn_read_only" if self.read_only else "admin.learn_failed"


@dataclass(frozen=True)
class Learned:
    group: str  # the topic id or out-of-scope group the phrasing went to
    path: Path  # the YAML file changed
    text: str
    # Words only other services' phrasings used until this topic phrasing (the admin is
    # warned: questions naming them may now get this topic's answer).
    other_services_words: tuple[str, ...] = ()


def claimed_words(engine: AnswerEngine, target: str, text: str) -> tuple[str, ...]:
    """The words of `text` that only out-of-scope phrasings use, when `target` is a topic:
    filing it there makes them a topic's words too (the admin is warned)."""
    return tuple(engine.other_services_words(text)) if target in engine.kb.by_id else ()


def listed(words: Iterable[str], lang: str) -> str:
    """Words in a sentence of `lang`: 医院、护照 / hospital, passport."""
    return ("、" if lang == "zh" else ", ").join(words)


@contextmanager
def _as_learn_error() -> Iterator[None]:
    """A learn's edit or reload refused, as the admin is told it."""
    try:
        yield
    except (EditError, KnowledgeBaseError) as error:
        raise LearnError(str(error)[:300]) from None
    except OSError as error:
        raise LearnError(type(error).__name__, read_only=True) from None


def reload_summary(texts: Catalogue, lang: str, report: ReloadReport) -> str:
    def ids(items: list[str]) -> str:
        return ", ".join(items) if items else "-"

    return texts.get(lang, "admin.reloaded", count=report.count,  # type: ignore[arg-type]
                     added=ids(report.added), removed=ids(report.removed),
                     changed=ids(report.changed))


def prepare_quietly(engine: AnswerEngine) -> None:
    """Index the edited base on the caller's thread (seconds after an edit), so that the
    reload that follows only swaps it in. A base the reload would refuse is left for it
    to refuse and explain; on any other failure the reload builds the base itself."""
    try:
        engine.prepare()
    except KnowledgeBaseError:
        pass
    except Exception as error:
        log.warning("knowledge base not prepared: %s", type(error).__name__)


class AdminDesk:
    def __init__(self, engine: AnswerEngine, repo: Repository, texts: Catalogue,
                 calendar: WorkCalendar) -> None:
        self.engine = engine
        self.repo = repo
        self.texts = texts
        self.calendar = calendar
        # Set by the wiring: counts provisional deadlines again after a calendar change.
        self.recount: Callable[[WorkCalendar], list[Out]] | None = None
        # Set by the Telegram wiring: reloads in the background, indexing off the store's
        # thread, so that a learn tap never holds residents' messages up for seconds; it
        # then calls `finish_learning` (the admin's chat, their language) on that thread.
        self.reload_later: Callable[[int, Lang], None] | None = None

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
            return self._refused(ctx.lang, error)
        return Out(reload_summary(self.texts, ctx.lang, report))

    def _refused(self, lang: Lang, error: KnowledgeBaseError) -> Out:
        problems = [str(p) for p in error.problems[:SHOWN_PROBLEMS]]
        more = len(error.problems) - len(problems)
        text = self.texts.get(lang, "admin.reload_failed", count=len(error.problems),
                              problems="\n".join(problems))
        if more > 0:
            text += "\n" + self.texts.get(lang, "admin.more", count=more)
        return Out(text[:4000])

    def finish_learning(self, chat_id: int, lang: Lang, park: bool = True
                        ) -> ReloadReport | Out:
        """The reload after a learn tap, when it comes later: the report, or the refusal
        (another edit meanwhile, the holiday file), which `park` also queues in the outbox
        for the admin who tapped, as the tap would have said it at once."""
        try:
            return self.reload_base()
        except KnowledgeBaseError as error:
            refused = self._refused(lang, error)
            if park:
                self.repo.park_message(chat_id, refused)
            return refused

    def reload_base(self, origin: str = "reload") -> ReloadReport:
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
        self.repo.record_knowledge_load(origin, report.count)
        return report

    def unanswered(self, ctx: Context, args: str) -> Out:
        """The questions to learn from, under their likely topic, each with one-tap
        buttons: add it to that topic, or to out of scope."""
        top = int(args) if args.strip().isdigit() else 10
        groups = unanswered(self.repo, self.engine, top=min(top, LEARN_BUTTONS))
        if not groups:
            return Out(self.texts.get(ctx.lang, "admin.unanswered_none"))
        lines = [self.texts.get(ctx.lang, "admin.unanswered_title")]
        buttons: list[tuple[Button, ...]] = []
        number = 0
        for topic, members in by_topic(groups):
            lines.append(self.texts.get(ctx.lang, "admin.unanswered_topic",
                                        topic=topic or "-"))
            for group in members:
                number += 1
                lines.append(f"{number}. " + self.texts.get(
                    ctx.lang, "admin.unanswered_line", count=group.count,
                    down=group.downvoted, question=group.example[:80], topic=topic or "-",
                    score=group.nearest_score))
                row = [Button(self.texts.get(ctx.lang, "admin.learn_decline", number=number),
                              callbacks.learn(group.question_id, "~"))]
                if topic:
                    row.insert(0, Button(self.texts.get(ctx.lang, "admin.learn_topic",
                                                        number=number, topic=topic),
                                         callbacks.learn(group.question_id, topic)))
                buttons.append(tuple(row))
        lines.append(self.texts.get(ctx.lang, "admin.unanswered_hint"))
        return Out("\n".join(lines)[:4000], tuple(buttons))

    def learn(self, ctx: Context, question_id: str, target: str) -> Out:
        """One tap: the stored (masked) question becomes a phrasing of `target` (a topic
        id, or "~" for out of scope); the base is validated and reloaded, at once or,
        with `reload_later`, in the background."""
        later = self.reload_later
        try:
            learned = self.attach(int(question_id) if question_id.isdigit() else 0, target,
                                  reload=later is None)
        except LearnError as error:
            return Out(self.texts.get(ctx.lang, error.key, reason=error.reason))
        key = "admin.learned"
        if later is not None:
            try:
                later(ctx.chat_id, ctx.lang)
                key = "admin.learned_reloading"
            except RuntimeError:  # the bot is stopping and takes no more work: here, then
                done = self.finish_learning(ctx.chat_id, ctx.lang, park=False)
                if isinstance(done, Out):
                    return done
        reply = self.texts.get(ctx.lang, key, topic=learned.group,
                               file=learned.path.name, question=learned.text[:80])
        if learned.other_services_words:
            reply += "\n" + self.texts.get(ctx.lang, "admin.learned_other_services",
                                            words=listed(learned.other_services_words,
                                                         ctx.lang))
        return Out(reply)

    def attach(self, question_id: int, target: str, origin: str = "reload",
               reload: bool = True) -> Learned:
        """The stored (masked) question becomes a phrasing of `target` (a topic id, or
        "~" for out of scope), written into the YAML, validated and (unless `reload` is
        False, for a reload that follows) reloaded: the one way the Telegram buttons and
        the web desk teach the base."""
        row = self.repo.question(question_id)
        folder = self.engine.knowledge_dir
        if row is None or folder is None:
            raise LearnError("-")
        text = str(row["text"])
        group = (self.engine.nearest_decline(text) or OUT_OF_SCOPE_GROUP) \
            if target == "~" else target
        claimed = claimed_words(self.engine, group, text)
        with _as_learn_error():
            path = add_phrasing(folder, group, detect_language(text), text)  # checks the base
        if reload:
            self.reload_learned(origin)
        return Learned(group, path, text, claimed)

    def reload_learned(self, origin: str = "reload") -> ReloadReport:
        """The reload that makes an attached phrasing count; LearnError when refused."""
        with _as_learn_error():
            return self.reload_base(origin)
