"""Staff commands and buttons: parsing them and calling the workflow.

Whether the caller is staff is decided before anything here runs (Assistant); this
module assumes an authorised caller and only checks what the case rules require.
Options inside a command are written `name=value` (article=15, agency=市自然资源局).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.i18n import Catalogue
from bot.letters import LetterError, compose, render
from bot.messages import Context, Media, Out
from bot.privacy import mask_free_text
from bot.staff.outcomes import OUTCOMES, group_label, outcome_label
from bot.staff.views import StaffViews
from bot.staff.workflow import Workflow, WorkflowError
from bot.store import Repository
from bot.textnorm import Lang

BUTTON_ACTIONS = ("view", "take", "accept", "resume", "pay", "approve", "close", "progress")
OPTIONS = ("article", "agency", "days")


def split_options(words: list[str]) -> tuple[dict[str, str], str]:
    """Leading `name=value` words as options; the rest joined as free text."""
    options: dict[str, str] = {}
    index = 0
    while index < len(words):
        name, sep, value = words[index].partition("=")
        if not sep or name not in OPTIONS:
            break
        options[name] = value
        index += 1
    return options, " ".join(words[index:])


class StaffDesk:
    def __init__(self, workflow: Workflow, views: StaffViews, repo: Repository,
                 texts: Catalogue, knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR) -> None:
        self.workflow = workflow
        self.views = views
        self.repo = repo
        self.texts = texts
        self.knowledge_dir = knowledge_dir  # where the letter templates are

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
                outs = self.workflow.assign(number, ctx.user_id, ctx.user_id, take=True)
                return outs, self.texts.get(ctx.lang, "staff.taken", number=number)
            method = {"accept": self.workflow.accept, "resume": self.workflow.resume,
                      "pay": self.workflow.record_payment,
                      "approve": self.workflow.approve_extension,
                      "close": self.workflow.close,
                      "progress": self.workflow.start_complaint}[action]
            outs = method(number, ctx.user_id)
            return outs, self.texts.get(ctx.lang, "staff.done", number=number)
        except WorkflowError as error:
            return [], self.texts.get(ctx.lang, error.key, **error.values)

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
        elif who.lstrip("@").lstrip("-").isdigit():
            assignee = int(who.lstrip("@"))
        else:
            found = self.repo.user_by_username(who.lstrip("@"))
            if found is None:
                raise WorkflowError("staff.unknown_user", who=who[:40])
            assignee = found
        return self._done(ctx, number, self.workflow.assign(number, ctx.user_id, assignee))

    def _cmd_note(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        if not rest:
            raise IndexError
        return self._done(ctx, parts[0], self.workflow.note(parts[0], ctx.user_id, rest))

    def _cmd_accept(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.accept(parts[0], ctx.user_id))

    def _cmd_correct(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        if not rest:
            raise IndexError
        outs = self.workflow.request_correction(parts[0], ctx.user_id, rest)
        return self._done(ctx, parts[0], outs)

    def _cmd_consult(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, party = parts[0], parts[1]
        note = " ".join(parts[2:])
        return self._done(ctx, number, self.workflow.consult(number, ctx.user_id, party, note))

    def _cmd_resume(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.resume(parts[0], ctx.user_id))

    def _cmd_extend(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, days = parts[0], int(parts[1])
        outs = self.workflow.request_extension(number, ctx.user_id, days, " ".join(parts[2:]))
        return [*outs, Out(self.texts.get(ctx.lang, "staff.extension_requested",
                                          number=number))]

    def _cmd_approve(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.approve_extension(parts[0],
                                                                         ctx.user_id))

    def _cmd_reject(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        if not rest:
            raise IndexError
        return self._done(ctx, parts[0], self.workflow.reject_extension(parts[0], ctx.user_id,
                                                                        rest))

    def _cmd_fee(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, method, quantity = parts[0], parts[1], int(parts[2])
        return self._done(ctx, number, self.workflow.charge_fee(number, ctx.user_id, method,
                                                                quantity))

    def _cmd_paid(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.record_payment(parts[0], ctx.user_id))

    def _cmd_answer(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, code = parts[0], parts[1]
        options, reply = split_options(parts[2:])
        return self._done(ctx, number, self.workflow.answer(
            number, ctx.user_id, code, reply, article=options.get("article", ""),
            agency=options.get("agency", "")))

    def _cmd_amend(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, code = parts[0], parts[1]
        options, text = split_options(parts[2:])
        reason, _, reply = text.partition("|")
        return self._done(ctx, number, self.workflow.amend(
            number, ctx.user_id, code, reply.strip(), reason.strip(),
            article=options.get("article", ""), agency=options.get("agency", "")))

    def _cmd_reopen(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, ground = parts[0], parts[1]
        options, reference = split_options(parts[2:])
        days = int(options["days"]) if "days" in options else None
        return self._done(ctx, number, self.workflow.reopen(number, ctx.user_id, ground,
                                                            reference, days))

    def _cmd_letter(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        """`/letter NUMBER KIND`: the letter as a PDF to the staff member, privately;
        `/letter NUMBER KIND send`: to the resident through the bot."""
        number, kind = parts[0], parts[1]
        send = parts[2:] == ["send"]
        if parts[2:] and not send:
            raise IndexError
        case = self.workflow.get(number)
        try:
            letter = compose(case, kind, self.repo.case_events(case.id), self.knowledge_dir,
                             self.texts, self.workflow.clock.today())
        except LetterError as error:
            raise WorkflowError(error.key, **error.values) from None
        name = f"{case.number}-{kind}.pdf"
        document = render(letter, "pdf")
        if send:
            outs = self.workflow.send_letter(case.number, ctx.user_id, kind, document, name)
            return self._done(ctx, case.number, outs)
        return [Out(letter.title, chat_id=ctx.user_id, document=document, file_name=name)]

    def release(self, ctx: Context, number: str, media: Media) -> list[Out]:
        """A file staff send with the caption `/release NUMBER`: the released information,
        to an applicant who chose delivery through the bot."""
        try:
            outs = self.workflow.release_file(number, ctx.user_id, media)
        except WorkflowError as error:
            return [Out(self.texts.get(ctx.lang, error.key, **error.values))]
        return self._done(ctx, number, outs)

    def _cmd_close(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.close(parts[0], ctx.user_id))

    def _cmd_progress(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        return self._done(ctx, parts[0], self.workflow.start_complaint(parts[0], ctx.user_id))

    def _cmd_resolve(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        number, result = parts[0], parts[1]
        return self._done(ctx, number, self.workflow.finish_complaint(
            number, ctx.user_id, result, " ".join(parts[2:])))

    def _cmd_outcomes(self, ctx: Context, parts: list[str], rest: str) -> list[Out]:
        lines = [self.texts.get(ctx.lang, "staff.outcomes_title")]
        for code in OUTCOMES:
            if "." not in code or code.endswith(".1"):
                lines.append(group_label(code.split(".")[0], ctx.lang, self.texts))
            lines.append(f"  {code}  {outcome_label(code, ctx.lang, self.texts)}")
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
            lang: Lang = "en" if (self.repo.user_lang(question["user_id"]) or
                                  question["lang"]) == "en" else "zh"
            answer = self.workflow.notices.staff_text(lang, rest)
            return [Out(self.texts.get(lang, "notify.question_answered",
                                       number=question["number"], question=question["text"],
                                       answer=answer), chat_id=question["chat_id"])]

        answered = self.repo.answer_staff_question(number, rest, ctx.user_id, notice)
        if answered is None:
            raise WorkflowError("staff.no_question", number=number[:40])
        question, queued = answered
        if question["answered_at"] is not None:  # answered before: the first answer stands
            raise WorkflowError("staff.question_answered", number=number[:40])
        return [*queued, Out(self.texts.get(ctx.lang, "staff.done", number=number))]
