"""The conversation's front door: every event from any channel comes through `handle`.

It decides the language, applies the limits every resident is held to, and hands the
event to the service for its audience. Roles are looked up here and nowhere else, so a
staff command or button from anyone else behaves exactly as an unknown one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from bot import callbacks, commands
from bot.auth import ADMIN, STAFF, Authorizer, Role
from bot.callbacks import Callback, Kind
from bot.chat.formchat import FormChat
from bot.chat.guard import RateLimiter
from bot.chat.left_questions import LeftQuestions
from bot.chat.residents import Residents
from bot.commands import Audience
from bot.config import Settings
from bot.filing import CaseService, find_case_number
from bot.forms import FORMS
from bot.forms.runner import FormRunner
from bot.i18n import Catalogue
from bot.language import decide_language
from bot.messages import Button, Context, Event, Out
from bot.staff.admin import AdminDesk
from bot.staff.desk import StaffDesk
from bot.staff.workflow import WorkflowError
from bot.store import Repository
from bot.textnorm import Lang, strip_invisible

log = logging.getLogger(__name__)

LEAVE_FORM = "leave"
# A file staff send privately with this caption goes to the applicant of the case.
RELEASE_CAPTION = "/release"
CORRECTION_FORM = "correction"
FORM_COMMANDS = ("apply", "complain")
# Filling a form is typing corrections and sending photos in quick succession: it is
# held to a far looser limit than questions, one no person typing can reach.
FORM_RATE_FACTOR = 5


@dataclass(frozen=True)
class Reaction:
    """The answer to one event: messages to send, and a short notice for a button."""

    messages: list[Out]
    notice: str = ""


def visible(event: Event) -> Event:
    """Every field of every event through the one normalisation (textnorm.strip_invisible)
    before any service sees it: names, answers, staff notes and replies alike."""
    return replace(event, text=strip_invisible(event.text), args=strip_invisible(event.args),
                   data=strip_invisible(event.data),
                   first_name=strip_invisible(event.first_name),
                   username=strip_invisible(event.username),
                   media=replace(event.media, name=strip_invisible(event.media.name))
                   if event.media is not None else None)


class Assistant:
    def __init__(self, settings: Settings, repo: Repository, texts: Catalogue,
                 residents: Residents, authorizer: Authorizer, forms: FormRunner,
                 cases: CaseService, desk: StaffDesk, admin: AdminDesk,
                 limiter: RateLimiter | None = None) -> None:
        self.settings = settings
        self.repo = repo
        self.texts = texts
        self.residents = residents
        self.auth = authorizer
        self.forms = forms
        self.cases = cases
        self.desk = desk
        self.admin = admin
        self.limiter = limiter or RateLimiter(settings.rate_limit_messages,
                                              settings.rate_limit_seconds)
        self.button_limiter = RateLimiter(settings.rate_limit_buttons,
                                          settings.rate_limit_seconds)
        self.form_limiter = RateLimiter(settings.rate_limit_messages * FORM_RATE_FACTOR,
                                        settings.rate_limit_seconds)
        self.formchat = FormChat(forms, residents, texts)
        self.left = LeftQuestions(repo, texts, repo.clock)
        self.bot_username = ""
        self._usernames: dict[int, str] = {}  # staff usernames already stored

    # entry point ---------------------------------------------------------------
    def handle(self, event: Event) -> Reaction:
        event = visible(event)
        ctx = Context(event, self._lang(event), self.auth.roles(event.user_id))
        known = f"{event.username}|{event.first_name}"
        if STAFF in ctx.roles and (event.username or event.first_name) and \
                self._usernames.get(event.user_id) != known:
            self.repo.remember_staff(event.user_id, event.username, event.first_name)
            self._usernames[event.user_id] = known
        # Staff and admins are never limited like residents: nothing they send is
        # dropped, and a burst of desk commands all run.
        if STAFF in ctx.roles:
            pass
        elif event.kind == "button":
            # A flooded button gets the short notice on the press itself, never messages.
            allowed, _, wait = self.button_limiter.check(event.user_id)
            if not allowed:
                return Reaction([], notice=self.texts.get(ctx.lang, "rate_limited",
                                                          seconds=wait))
        else:
            allowed, warn, wait = self._limiter_for(event).check(event.user_id)
            if not allowed:
                # Told once per pause, and told that what comes meanwhile is not read:
                # nothing is dropped without the resident knowing to send it again.
                text = self.texts.get(ctx.lang, "rate_limited", seconds=wait)
                return Reaction([Out(text)] if warn else [])
        if event.kind == "command":
            return self._command(ctx)
        if event.kind == "button":
            return self._button(ctx)
        if event.kind == "media":
            return self._media(ctx)
        return self._text(ctx)

    def reloads_knowledge(self, event: Event) -> bool:
        """Whether handling `event` reloads the knowledge base (an admin's /reload): the
        caller may first run `AnswerEngine.prepare` off the store's thread, so that the
        reload itself only swaps the prepared base in."""
        command = commands.find(event.command) if event.kind == "command" else None
        return command is not None and command.name == "reload" and \
            self._refusal(command, event, self.auth.roles(event.user_id), "en") is None

    def _refusal(self, command: commands.Command | None, event: Event,
                 roles: frozenset[Role], lang: Lang) -> Out | None:
        """Why a command is not run here, said in `lang`; None to run it."""
        # To anyone without the role, a staff or admin command looks exactly like an
        # unknown one.
        if command is None or not commands.allowed(command, roles):
            return Out(self.texts.get(lang, "unknown_command"))
        if event.edited and not command.on_edit:
            return Out(self.texts.get(lang, "command_edited"))
        staff_chat = event.chat_id == self.settings.staff_chat_id
        if not commands.works_in(command, private=event.private, staff_chat=staff_chat):
            return Out(self.texts.get(lang, "command_private_only"))
        return None

    def _limiter_for(self, event: Event) -> RateLimiter:
        if event.private and event.kind in ("text", "media"):
            draft = self.forms.active(event.user_id)
            if draft is not None and not draft.paused:
                return self.form_limiter
        return self.limiter

    def _media(self, ctx: Context) -> Reaction:
        event = ctx.event
        caption = event.text.strip()
        if STAFF in ctx.roles and event.private and event.media is not None \
                and caption.startswith(RELEASE_CAPTION):
            number = caption.removeprefix(RELEASE_CAPTION).strip()
            return Reaction(self.desk.release(ctx, number, event.media))
        media = event.album or ((event.media,) if event.media is not None else ())
        draft = self.forms.active(ctx.user_id) if event.private else None
        if media and (draft is not None or any(item.file_id for item in media)):
            return Reaction(self.formchat.media(ctx, draft, media, event.text))
        return Reaction([Out(self.texts.get(ctx.lang, "non_text"))])

    def _lang(self, event: Event) -> Lang:
        sits_on = event.origin_text if event.kind == "button" else None
        return decide_language(self.repo.user_lang(event.user_id), event.lang_hint,
                               sits_on=sits_on)

    # commands ------------------------------------------------------------------
    def _command(self, ctx: Context) -> Reaction:
        command = commands.find(ctx.event.command)
        refusal = self._refusal(command, ctx.event, ctx.roles, ctx.lang)
        if refusal is not None or command is None:
            return Reaction([refusal or Out(self.texts.get(ctx.lang, "unknown_command"))])
        if command.audience is Audience.STAFF:
            return Reaction(self.desk.command(ctx, command.name, ctx.event.args))
        if command.audience is Audience.ADMIN:
            return Reaction(self.admin.command(ctx, command.name, ctx.event.args))
        return self._resident_command(ctx, command.name)

    def _resident_command(self, ctx: Context, name: str) -> Reaction:
        if name == "start":
            return self._start(ctx)
        if name == "help":
            return Reaction(self._help(ctx))
        if name == "menu":
            draft = self.forms.active(ctx.user_id) if ctx.event.private else None
            waiting = [self.forms.pause(ctx, draft)] if draft is not None else []
            return Reaction([self.residents.menu(ctx), *waiting])
        if name == "lang":
            return self._lang_command(ctx)
        if name == "cancel":
            return self._cancel(ctx)
        return self._action(ctx, name)

    def _help(self, ctx: Context) -> list[Out]:
        extra = commands.role_help(self.texts, ctx.lang, ctx.roles)
        return [self.residents.help(ctx), *([Out(extra[:4000])] if extra else [])]

    def _start(self, ctx: Context) -> Reaction:
        payload = ctx.event.args.strip().lower()
        if payload in (*FORM_COMMANDS, "status"):
            return self._action(ctx, payload)
        topic = self._linked_topic(payload)
        if topic is not None:
            return Reaction([self.residents.topic(ctx, topic)])
        messages = [self.residents.greeting(ctx)]
        if self.repo.user_lang(ctx.user_id) is None and not (
                (ctx.event.lang_hint or "").lower().startswith(("zh", "en"))):
            messages[0] = Out(messages[0].text + "\n\n" + self.texts.get(
                "zh", "lang_hint_other"), messages[0].buttons)
        draft = self.forms.active(ctx.user_id) if ctx.event.private else None
        if draft is not None:
            messages.append(self.forms.pause(ctx, draft))
        return Reaction(messages)

    def _linked_topic(self, payload: str) -> str | None:
        """`/start apply_fees` from a link on the office's website or a poster: deep-link
        payloads allow no dots, so a topic id is written with "_" for ".". """
        if not payload:
            return None
        for topic_id in self.residents.engine.kb.by_id:
            if payload in (topic_id, topic_id.replace(".", "_")):
                return topic_id
        return None

    def _lang_command(self, ctx: Context) -> Reaction:
        wanted = ctx.event.args.strip().lower()
        if wanted in ("zh", "en", "中文", "english"):
            lang: Lang = "en" if wanted in ("en", "english") else "zh"
            return Reaction([self.residents.set_language(ctx, lang)])
        return Reaction([self.residents.language_choice(ctx)])

    def _cancel(self, ctx: Context) -> Reaction:
        # A /cancel typed by mistake must not throw away a half-filled form: the same
        # question as the form's own cancel button.
        active = self.forms.active(ctx.user_id) if ctx.event.private else None
        if active is not None and active.filled:
            return Reaction([self.forms.confirm_leaving(ctx, active)])
        drafts = self.repo.active_drafts(ctx.user_id)
        for row in drafts:
            self.repo.delete_draft(ctx.user_id, row["form"])
        menu = self.residents.menu_keyboard(ctx.lang)
        text = self.texts.get(ctx.lang, "cancelled" if drafts else "nothing_to_cancel")
        return Reaction([Out(text, menu)])

    def _action(self, ctx: Context, action: str) -> Reaction:
        if not ctx.event.private:
            return Reaction([self._private_only(ctx, action)])
        if action in FORM_COMMANDS:
            return Reaction(self.forms.start(ctx, action))
        number = ctx.event.args.strip() if ctx.event.kind == "command" else ""
        if number and ctx.event.command == "status":
            if self.left.is_number(number):
                return Reaction([self.left.detail(ctx, number)])
            return Reaction([self.cases.status_detail(ctx.user_id, number, ctx.lang)])
        questions = self.left.listing(ctx)
        if questions is not None and not self.cases.resident_cases(ctx.user_id):
            return Reaction([questions])
        listing = self.cases.status_list(ctx.user_id, ctx.lang)
        return Reaction([listing, *([questions] if questions is not None else [])])

    def _private_only(self, ctx: Context, payload: str) -> Out:
        """Personal data is never collected in a group: offer a private chat instead."""
        url = f"https://t.me/{self.bot_username}?start={payload}" if self.bot_username else ""
        button = Button(self.texts.get(ctx.lang, "group_open_private"), url=url)
        text = self.texts.get(ctx.lang, "group_private_status" if payload == "status"
                              else "group_private_only")
        return Out(text, ((button,),) if url else ())

    # buttons -------------------------------------------------------------------
    def _button(self, ctx: Context) -> Reaction:
        pressed = callbacks.decode(ctx.event.data)
        reaction = self._pressed(ctx, pressed) if pressed is not None else None
        # Stale, forged or foreign data, or a button of a role the presser lacks: the
        # spinner stops and nothing else happens.
        return reaction if reaction is not None else Reaction([], notice="")

    def _pressed(self, ctx: Context, pressed: Callback) -> Reaction | None:
        residents, kind, first = self.residents, pressed.kind, pressed.part(0)
        private = ctx.event.private
        if kind is Kind.MENU:  # menus and category lists replace the message pressed
            return Reaction([residents.menu(ctx, edit=True)])
        if kind is Kind.CATEGORY:
            return Reaction([replace(residents.category(ctx, first), edit=True)])
        if kind is Kind.TOPIC:
            return Reaction([residents.topic(ctx, first)])
        if kind is Kind.CHOSEN:
            return Reaction([residents.chosen(ctx, first, pressed.part(1))])
        if kind is Kind.ACTION and first in (*FORM_COMMANDS, "status"):
            return self._action(ctx, first)
        if kind is Kind.LANG:
            if first in ("zh", "en"):
                return Reaction([residents.set_language(ctx, first)])  # type: ignore[arg-type]
            return Reaction([residents.language_choice(ctx)])
        if kind is Kind.FEEDBACK:
            return self._feedback(ctx, first, pressed.part(1))
        if kind is Kind.NONE_OF_THESE:
            return Reaction([residents.none_of_these(ctx, first)])
        if kind is Kind.LEAVE:
            offer = self.left.offer(ctx, int(first)) if first.isdigit() and private else None
            return Reaction([offer]) if offer is not None else self._leave_prompt(ctx)
        if kind is Kind.LEAVE_ASKED and first.isdigit() and private:
            return self._leave_asked(ctx, int(first))
        if kind is Kind.CANCEL:
            return self._cancel(ctx)
        if kind is Kind.STATUS and private:
            return Reaction([self.cases.status_detail(ctx.user_id, first, ctx.lang)])
        if kind is Kind.STAFF and STAFF in ctx.roles:
            messages, notice = self.desk.button(ctx, first, pressed.part(1))
            return Reaction(messages, notice)
        if kind is Kind.LEARN and ADMIN in ctx.roles:
            return Reaction([self.admin.learn(ctx, first, pressed.part(1))])
        if kind is Kind.CORRECTION and private:
            return self._correction_prompt(ctx, first)
        if kind in (Kind.WITHDRAW, Kind.WITHDRAW_CONFIRMED) and private:
            return self._withdraw(ctx, first, confirmed=kind is Kind.WITHDRAW_CONFIRMED)
        if kind is Kind.FORM and private and first in FORMS:
            return Reaction(self.forms.on_button(ctx, first, pressed.part(1), pressed.part(2)))
        return None

    def _feedback(self, ctx: Context, question: str, vote: str) -> Reaction:
        if not question.isdigit() or vote not in ("1", "-1"):
            return Reaction([])
        notice = self.residents.feedback(ctx, int(question), int(vote))
        messages: list[Out] = []
        row = self.repo.question(int(question))
        keyboard = self.residents.voted_buttons(ctx, row) if row is not None else None
        if keyboard is not None:
            messages.append(Out("", keyboard, edit=True, markup_only=True))
        if int(vote) < 0 and self.left.asked(ctx, int(question)) is not None:
            leave = Button(self.texts.get(ctx.lang, "leave_question"),
                           callbacks.leave_question(int(question)))
            messages.append(Out(self.texts.get(ctx.lang, "feedback.leave_offer"),
                                ((leave,),)))
        return Reaction(messages, notice=notice)

    def _leave_asked(self, ctx: Context, question_id: int) -> Reaction:
        """The question the bot already has, sent to staff as it was asked."""
        text = self.left.asked(ctx, question_id)
        if text is None:
            return Reaction([])
        self.repo.delete_draft(ctx.user_id, LEAVE_FORM)
        already = next((row for row in self.repo.staff_questions_of_user(ctx.user_id)
                        if row["text"] == text and not row["answered_at"]), None)
        if already is not None:  # a second tap on the same button
            return Reaction([Out(self.texts.get(ctx.lang, "leave_question_saved",
                                                number=already["number"]), edit=True)])
        messages = self.residents.leave_question(ctx, text, self.settings.staff_chat_id)
        return Reaction([replace(messages[0], edit=True), *messages[1:]])

    def _leave_prompt(self, ctx: Context) -> Reaction:
        if not ctx.event.private:
            return Reaction([self._private_only(ctx, "")])
        self.repo.save_draft(ctx.user_id, LEAVE_FORM, chat_id=ctx.chat_id, lang=ctx.lang,
                             step="text", data={}, expiry_days=self.settings.draft_expiry_days)
        return Reaction([self.residents.leave_question_prompt(ctx)])

    # free text -----------------------------------------------------------------
    def _text(self, ctx: Context) -> Reaction:
        text = ctx.event.text.strip()
        if len(text) > self.settings.max_message_length:
            return Reaction([Out(self.texts.get(ctx.lang, "too_long", length=len(text),
                                                limit=self.settings.max_message_length))])
        if not text:
            return Reaction([self.residents.menu(ctx)])
        if ctx.event.private and self.repo.draft(ctx.user_id, LEAVE_FORM):
            self.repo.delete_draft(ctx.user_id, LEAVE_FORM)
            return Reaction(self.residents.leave_question(ctx, text,
                                                          self.settings.staff_chat_id))
        correction = self.repo.draft(ctx.user_id, CORRECTION_FORM) if ctx.event.private \
            else None
        if correction is not None:
            return self._correction(ctx, correction["data"].get("number", ""), text)
        draft = self.forms.active(ctx.user_id) if ctx.event.private else None
        if draft is not None and ctx.event.edited:
            # An edit of an earlier answer must not be taken as the answer to this step.
            return Reaction([Out(self.texts.get(ctx.lang, "form.edited"))])
        if draft is not None:
            return Reaction(self.formchat.text(ctx, draft, ctx.event.text))
        # A question typed in English gets an English answer, and the person's language
        # follows; `ok` or a case number says nothing and keeps it.
        lang = decide_language(ctx.lang, ctx.event.lang_hint, text)
        if lang != ctx.lang:
            self.repo.set_user_lang(ctx.user_id, lang)
            ctx.lang = lang
        number = find_case_number(text)
        if number is not None:
            return self._case_status(ctx, number)
        return Reaction([self.residents.ask(ctx, text)])

    def _case_status(self, ctx: Context, number: str) -> Reaction:
        """A tracking number in a message: that case's status, exactly as /status NUMBER
        shows it (only the person's own cases; in a group, an offer of a private chat)."""
        if not ctx.event.private:
            return Reaction([self._private_only(ctx, "status")])
        return Reaction([self.cases.status_detail(ctx.user_id, number, ctx.lang)])

    # withdrawal by the applicant ---------------------------------------------------------
    def _withdraw(self, ctx: Context, number: str, confirmed: bool) -> Reaction:
        case = self.cases.resident_case(ctx.user_id, number)
        if case is None:
            return Reaction([Out(self.texts.get(ctx.lang, "status.not_found",
                                                number=number[:40]))])
        if not confirmed:
            button = Button(self.texts.get(ctx.lang, "withdraw.confirm"),
                            callbacks.withdraw(case.number, confirmed=True))
            return Reaction([Out(self.texts.get(ctx.lang, "withdraw.ask", number=case.number),
                                 ((button,),))])
        try:
            outs = self.desk.workflow.withdraw(case.number, ctx.user_id)
        except WorkflowError:
            return Reaction([Out(self.texts.get(ctx.lang, "withdraw.not_possible",
                                                number=case.number))])
        messages = list(outs)
        if self.settings.staff_chat_id is not None:
            messages.append(Out(self.texts.staff("staff.withdrawn_by_applicant",
                                               number=case.number),
                                chat_id=self.settings.staff_chat_id))
        return Reaction(messages)

    # corrections (Art. 30) ------------------------------------------------------------
    def _correction_prompt(self, ctx: Context, number: str) -> Reaction:
        case = self.cases.resident_case(ctx.user_id, number)
        if case is None or case.status != "correction":
            return Reaction([Out(self.texts.get(ctx.lang, "correction.not_needed"))])
        if case.correction_due is not None and self.cases.clock.today() > case.correction_due:
            return Reaction([Out(self.texts.get(ctx.lang, "correction.too_late",
                                                deadline=case.correction_due.isoformat()))])
        # The draft lasts past the correction deadline, so that a correction sent late is
        # told it is late instead of being taken for a question.
        until = (case.correction_due - self.cases.clock.today()).days + 1 \
            if case.correction_due else 0
        self.repo.save_draft(ctx.user_id, CORRECTION_FORM, chat_id=ctx.chat_id, lang=ctx.lang,
                             step="text", data={"number": case.number},
                             expiry_days=max(self.settings.draft_expiry_days, until + 7))
        return Reaction([Out(self.texts.get(ctx.lang, "correction.ask", number=case.number))])

    def _correction(self, ctx: Context, number: str, text: str) -> Reaction:
        if len(text) < 5:
            return Reaction([Out(self.texts.get(ctx.lang, "invalid.text.too_short"))])
        try:
            messages = self.desk.workflow.corrected(number, ctx.user_id, text,
                                                    staff_chat=self.settings.staff_chat_id)
        except WorkflowError as error:
            self.repo.delete_draft(ctx.user_id, CORRECTION_FORM)
            key = error.key if error.key == "correction.too_late" else "correction.not_needed"
            return Reaction([Out(self.texts.get(ctx.lang, key, **error.values))])
        self.repo.delete_draft(ctx.user_id, CORRECTION_FORM)
        return Reaction(messages)
