"""Staff commands and buttons: parsing them and calling the workflow.

Whether the caller is staff is decided before anything here runs (Assistant); this
module assumes an authorised caller and only checks what the case rules require.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.i18n import Catalogue
from bot.messages import Context, Out
from bot.privacy import mask_free_text
from bot.staff.outcomes import GROUPS, OUTCOMES, outcome_label
from bot.staff.views import StaffViews
from bot.staff.workflow import Workflow, WorkflowError
from bot.store import Repository
from bot.textnorm import Lang

BUTTON_ACTIONS = ("view", "take", "accept", "resume", "close", "progress")


class StaffDesk:
    def __init__(self, workflow: Workflow, views: StaffViews, repo: Repository,
                 texts: Catalogue) -> None:
        self.workflow = workflow
        self.views = views
        self.repo = repo
        self.texts = texts

    def _usage(self, ctx: Context, name: str) -> list[Out]:
        return [Out(self.texts.get(ctx.lang, f"usage.{name}"))]

    def command(self, ctx: Context, name: str, args: str) -> list[Out]:
        handler: Callable[[Context, list[str], str], list[Out]] = getattr(self, f"_cmd_{name}")
        parts = args.split()
        rest = args.split(maxsplit=1)[1] if len(parts) > 1 else ""
        try:
            return handler(ctx, parts, rest)
        except WorkflowError as error:
            return [Out(self.texts.get(ctx.lang, error.key, **error.values))]
        except (IndexError, ValueError):
            return self._usage(ctx, name)

    def button(self, ctx: Context, action: str, number: str) -> tuple[list[Out], str]:
        if action not in BUTTON_ACTIONS:
            return [], ""
        try:
            if action == "view":
                return self._private_detail(ctx, number), ""
            if action == "take":
                self.workflow.assign(number, self._actor(ctx), ctx.user_id, "me")
                return [], self.texts.get(ctx.lang, "staff.taken", number=number)
            method = {"accept": self.workflow.accept, "resume": self.workflow.resume,
                      "close": self.workflow.close,
                      "progress": self.workflow.start_complaint}[action]
            outs = method(number, self._actor(ctx))
            return outs, self.texts.get(ctx.lang, "staff.done", number=number)
        except WorkflowError as error:
            return [], self.texts.get(ctx.lang, error.key, **error.values)

    @staticmethod
    def _actor(ctx: Context) -> str:
        return f"staff:{ctx.user_id}"

    def _done(self, ctx: Context, number: str, outs: list[Out]) -> list[Out]:
        return [*outs, Out(self.texts.get(ctx.lang, "staff.done", number=number))]

    def _private_detail(self, ctx: Context, number: str) -> list[Out]:
        """Full details go only to the staff member's private chat, even when asked for
        in the staff group."""
        case = self.workflow.get(number)
        detail = self.views.detail(case, ctx.lang)
        if ctx.event.private:
            return detail
        private = [Out(o.text, o.buttons, chat_id=ctx.user_id, file_id=o.file_id,
                       file_kind=o.file_kind) for o in detail]
        return [*private, Out(self.texts.get(ctx.lang, "staff.sent_privately"))]

    # commands ------------------------------------------------------------------------
    def _cmd_queue(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return [self.views.queue(ctx.lang)]

    def _cmd_case(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._private_detail(ctx, parts[0])

    def _cmd_assign(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, who = parts[0], parts[1]
        if who == "me":
            assignee = ctx.user_id
        elif who.lstrip("@").isdigit():
            assignee = int(who.lstrip("@"))
        else:
            found = self.repo.user_by_username(who.lstrip("@"))
            if found is None:
                raise WorkflowError("staff.unknown_user", who=who[:40])
            assignee = found
        outs = self.workflow.assign(number, self._actor(ctx), assignee, who)
        return self._done(ctx, number, outs)

    def _cmd_note(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        if not rest:
            raise IndexError
        return self._done(ctx, parts[0], self.workflow.note(parts[0], self._actor(ctx), rest))

    def _cmd_accept(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.accept(parts[0], self._actor(ctx)))

    def _cmd_correct(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        if not rest:
            raise IndexError
        outs = self.workflow.request_correction(parts[0], self._actor(ctx), rest)
        return self._done(ctx, parts[0], outs)

    def _cmd_consult(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.consult(parts[0], self._actor(ctx),
                                                               rest))

    def _cmd_resume(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.resume(parts[0], self._actor(ctx)))

    def _cmd_extend(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, days = parts[0], int(parts[1])
        reason = rest.split(maxsplit=1)[1] if len(rest.split(maxsplit=1)) > 1 else ""
        return self._done(ctx, number, self.workflow.extend(number, self._actor(ctx), days,
                                                            reason))

    def _cmd_answer(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, code = parts[0], parts[1]
        reply = rest.split(maxsplit=1)[1] if len(rest.split(maxsplit=1)) > 1 else ""
        return self._done(ctx, number, self.workflow.answer(number, self._actor(ctx), code,
                                                            reply))

    def _cmd_close(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.close(parts[0], self._actor(ctx)))

    def _cmd_progress(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.start_complaint(parts[0],
                                                                       self._actor(ctx)))

    def _cmd_resolve(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, result = parts[0], parts[1]
        reply = rest.split(maxsplit=1)[1] if len(rest.split(maxsplit=1)) > 1 else ""
        return self._done(ctx, number, self.workflow.finish_complaint(
            number, self._actor(ctx), result, reply))

    def _cmd_outcomes(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        lines = [self.texts.get(ctx.lang, "staff.outcomes_title")]
        for code in OUTCOMES:
            if "." not in code or code.endswith(".1"):
                lines.append(GROUPS[code.split(".")[0]])
            lines.append(f"  {code}  {outcome_label(code, ctx.lang)}")
        return [Out("\n".join(lines))]

    def _cmd_questions(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        open_questions = self.repo.open_staff_questions()
        if not open_questions:
            return [Out(self.texts.get(ctx.lang, "staff.questions_none"))]
        lines = [self.texts.get(ctx.lang, "staff.questions_title", count=len(open_questions))]
        # In a group, personal data is masked; the full text only in a private chat.
        shown = (lambda text: text) if ctx.event.private else mask_free_text
        lines += [f"• {q['number']}: {shown(q['text'][:200])}" for q in open_questions[:30]]
        return [Out("\n".join(lines))]

    def _cmd_reply(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number = parts[0]
        if not rest:
            raise IndexError
        def notice(question: dict[str, Any]) -> list[Out]:
            lang: Lang = "en" if question["lang"] == "en" else "zh"
            return [Out(self.texts.get(lang, "notify.question_answered",
                                       number=question["number"], question=question["text"],
                                       answer=rest), chat_id=question["chat_id"])]

        answered = self.repo.answer_staff_question(number, rest, ctx.user_id, notice)
        if answered is None:
            raise WorkflowError("staff.no_question", number=number[:40])
        return [*answered[1], Out(self.texts.get(ctx.lang, "staff.done", number=number))]
