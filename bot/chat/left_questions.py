"""Questions residents leave for staff: offered with the question the bot already has,
and followed with /status like a case."""

from __future__ import annotations

from bot import callbacks
from bot.clock import Clock, from_iso, show
from bot.i18n import Catalogue
from bot.messages import Button, Context, Out
from bot.store import Repository

QUESTION_PREFIX = "Q-"
SHOWN = 10


class LeftQuestions:
    def __init__(self, repo: Repository, texts: Catalogue, clock: Clock) -> None:
        self.repo = repo
        self.texts = texts
        self.clock = clock

    def asked(self, ctx: Context, question_id: int) -> str | None:
        """The text of a question this resident asked (None for anyone else's)."""
        row = self.repo.asked_by(question_id, ctx.user_id)
        if row is None:
            return None
        text = str(row["text"] or "")
        return None if text.startswith("[") else text  # "[topic]": a browsed topic

    def offer(self, ctx: Context, question_id: int) -> Out | None:
        """"Leave it for staff" with the question as asked: send it, or edit it first."""
        text = self.asked(ctx, question_id)
        if text is None:
            return None
        t = self.texts.get
        return Out(t(ctx.lang, "leave_question_confirm", question=text), (
            (Button(t(ctx.lang, "leave_question_send"), callbacks.leave_asked(question_id)),),
            (Button(t(ctx.lang, "leave_question_edit"), callbacks.leave_question()),)),
            edit=True)

    def is_number(self, text: str) -> bool:
        return text.strip().upper().startswith(QUESTION_PREFIX)

    def detail(self, ctx: Context, number: str) -> Out:
        row = self.repo.staff_question(number)
        if row is None or row["user_id"] != ctx.user_id:
            return Out(self.texts.get(ctx.lang, "status.not_found", number=number.strip()[:40]))
        return Out(self.texts.get(
            ctx.lang, "status.question_detail", number=row["number"],
            asked=show(from_iso(row["asked_at"]), self.clock.zone), question=row["text"],
            state=self._state(ctx, row)))

    def listing(self, ctx: Context) -> Out | None:
        rows = self.repo.staff_questions_of_user(ctx.user_id)[:SHOWN]
        if not rows:
            return None
        lines = [self.texts.get(ctx.lang, "status.questions_title")]
        for row in rows:
            question = str(row["text"])
            lines.append(self.texts.get(
                ctx.lang, "status.question_line", number=row["number"],
                question=question if len(question) <= 30 else question[:30] + "…",
                state=self.texts.get(ctx.lang, "status.question_answered" if row["answered_at"]
                                     else "status.question_waiting")))
        return Out("\n".join(lines))

    def _state(self, ctx: Context, row: dict[str, object]) -> str:
        if row.get("answered_at"):
            return self.texts.get(ctx.lang, "status.question_answer", answer=row["answer"])
        return self.texts.get(ctx.lang, "status.question_waiting")
