"""Words that steer a form rather than answer it, and the shape of a typed question.

At a step that asks for text, whatever is typed would otherwise become the answer: a
resident who writes "不填了" or "cancel" means to leave, and one who writes "申请要收费吗"
is asking something, not giving their name.
"""

from __future__ import annotations

import re

BACK_WORDS = frozenset({"back", "返回", "上一步", "后退"})
DONE_WORDS = frozenset({"done", "完成", "好了", "没有了", "跳过", "没有", "finished", "no more"})
SKIP_WORDS = frozenset({"跳过", "没有", "无", "不知道", "skip", "none", "no", "n/a"})
LEAVE_WORDS = frozenset({
    "取消", "不填了", "不想填了", "不写了", "不要了", "不申请了", "不投诉了", "算了", "退出",
    "放弃", "结束", "停止", "cancel", "stop", "quit", "exit", "abort", "nevermind",
    "never mind", "forget it",
})

# A typed yes or no where the consent buttons are shown.
CONSENT_YES = frozenset({"同意", "我同意", "好", "好的", "可以", "行", "yes", "ok", "okay", "agree",
                         "i agree", "sure"})
CONSENT_NO = frozenset({"不同意", "我不同意", "不", "不行", "no", "disagree", "i disagree",
                        "i do not agree"})

_TRAILING = re.compile(r"[\s。.!！~～…,，、]+$")
_ZH_ENDINGS = ("吗", "呢", "么", "嘛", "没有")
_ZH_QUESTION_WORDS = re.compile(
    r"怎么|怎样|如何|多久|多长时间|多少|几天|哪里|哪儿|哪些|哪个|什么|为什么|是否|能否|能不能|"
    r"可不可以|可以不|有没有|要不要|是不是|需不需要|需要.{0,8}吗|可以.{0,8}吗")
_EN_QUESTION_START = re.compile(
    r"^(how|what|when|where|why|who|whom|which|can|could|do|does|did|is|are|am|will|would|"
    r"should|shall|may|must|has|have)\b", re.I)


def plain(text: str) -> str:
    """The text as compared with the word lists: trimmed, lower case, no end punctuation."""
    return _TRAILING.sub("", text.strip()).lower()


def label_core(text: str) -> str:
    """A button label or typed text reduced to its letters and digits: "✅ 同意，开始填写"
    and "同意开始填写" are the same."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def consent_answer(text: str) -> str | None:
    """"yes" or "no" when the text says so plainly, else None."""
    said = plain(text)
    return "yes" if said in CONSENT_YES else "no" if said in CONSENT_NO else None


def is_leaving(text: str) -> bool:
    return plain(text) in LEAVE_WORDS


def is_back(text: str) -> bool:
    return plain(text) in BACK_WORDS


def is_done(text: str) -> bool:
    return plain(text) in DONE_WORDS


def is_skip(text: str) -> bool:
    """At an optional step: "nothing to give" rather than an answer."""
    return plain(text) in SKIP_WORDS


def looks_like_question(text: str) -> bool:
    """A question by its shape alone: a question mark, a Chinese question particle at
    the end or a question word, an English sentence opening like a question."""
    stripped = text.strip()
    if not stripped:
        return False
    if stripped.endswith(("?", "？")):
        return True
    body = _TRAILING.sub("", stripped)
    if body.endswith(_ZH_ENDINGS) or _ZH_QUESTION_WORDS.search(body):
        return True
    return bool(_EN_QUESTION_START.match(body)) and len(body.split()) >= 3
