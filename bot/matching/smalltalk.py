"""Small talk: greetings, thanks, goodbyes, praise, insults, "are you a robot", "what can
you do". Recognised before matching, so a "thanks" is never matched against disclosure
topics (nor, worse, against the emergency numbers of an out-of-scope group), and the
pleasantries around a real question ("你好，请问…谢谢") are set aside before it is matched.

A message is small talk when, once its small-talk expressions and filler are removed,
nothing is left: "谢谢你啊" is thanks, "谢谢，申请要钱吗" is a question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.matching.smalltalk_lexicon import EMOJI_KINDS, FILLER, KIND_TEXT
from bot.textnorm import normalize

# Normalised as messages are ("you're" becomes "you re"), so they meet as written.
KINDS: dict[str, tuple[str, ...]] = {
    kind: tuple(dict.fromkeys(normalize(p) for p in text.split("|") if p.strip()))
    for kind, text in KIND_TEXT.items()
}

# Every expression with its kind: also what the meaning of a short message is compared
# with when the words above miss it (engine: small talk by meaning).
EXPRESSIONS: tuple[tuple[str, str], ...] = tuple(
    (phrase, kind) for kind, phrases in KINDS.items() for phrase in phrases)

_ALL = sorted(EXPRESSIONS, key=lambda item: -len(item[0]))
# The expressions by their first character, each list in _ALL's order (its position
# kept): a message is searched only for those that can start in it, as every message
# passes through here up to four times and the lexicon holds well over a thousand.
_BY_FIRST: dict[str, list[tuple[int, str, str]]] = {}
for _position, (_phrase, _kind) in enumerate(_ALL):
    _BY_FIRST.setdefault(_phrase[0], []).append((_position, _phrase, _kind))
_LATIN = re.compile(r"[a-z0-9']")


def _candidates(text: str) -> list[tuple[int, str, str]]:
    found = [entry for char in set(text) for entry in _BY_FIRST.get(char, ())]
    found.sort()
    return found


# A message is searched up to four times (is it small talk, its pleasantries, then each
# of its parts'), and a long one takes ~0.4 ms a search: the last few are remembered.
@lru_cache(maxsize=256)
def _find(text: str) -> tuple[tuple[int, int, str], ...]:
    """Non-overlapping small-talk expressions in normalised text, in the order they
    appear (the longest expression first where they overlap); Latin ones only as whole
    words ("hi" is not in "this")."""
    taken = [False] * len(text)
    found: list[tuple[int, int, str]] = []
    for _, phrase, kind in _candidates(text):
        start = text.find(phrase)
        while start != -1:
            end = start + len(phrase)
            whole = not _LATIN.match(phrase[0]) or (
                (start == 0 or not _LATIN.match(text[start - 1]))
                and (end == len(text) or not _LATIN.match(text[end])))
            if whole and not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append((start, end, kind))
            start = text.find(phrase, start + 1)
    return tuple(sorted(found))


def _rest(text: str, found: Sequence[tuple[int, int, str]]) -> str:
    out, last = [], 0
    for start, end, _ in found:
        out.append(text[last:start])
        out.append(" ")
        last = end
    out.append(text[last:])
    return " ".join("".join(out).split())


_FILLER_LONGEST = sorted(FILLER, key=len, reverse=True)


def _is_filler_run(word: str) -> bool:
    """A run of Chinese filler written together ("你的帮助", "啊啊"), eaten from the left,
    longest filler word first."""
    while word:
        for filler in _FILLER_LONGEST:
            if not _LATIN.match(filler[0]) and word.startswith(filler):
                word = word[len(filler):]
                break
        else:
            return False
    return True


def _is_filler(rest: str) -> bool:
    if not rest:
        return True
    for word in rest.split():
        if word in FILLER:
            continue
        if not _LATIN.match(word[0]) and _is_filler_run(word):
            continue
        return False
    return True


# Naming the bot is not asking what it is: "这个机器人挺好用的" is praise, "机器人你好" a
# greeting. Alone, these words still ask whether it is a robot.
_ROBOT_NOUNS = frozenset(normalize(word) for word in (
    "机器人", "机器", "程序", "ai", "bot", "robot", "a bot", "a robot", "chatbot"))

# What to answer when a message is several kinds at once: "机器人你能干啥" wants to
# know what the bot can do more than what it is.
PRIORITY = ("insult", "capabilities", "help", "robot", "goodbye", "thanks", "praise",
            "greeting")


def small_talk(text: str) -> str | None:
    """The kind of small talk a whole message is, or None for anything else."""
    normalized = normalize(text)
    found = _find(normalized)
    emoji = {EMOJI_KINDS[char] for char in set(text) if char in EMOJI_KINDS}
    if not (found or emoji) or not _is_filler(_rest(normalized, found)):
        return None
    kinds = emoji | {kind for start, end, kind in found
                     if kind != "robot" or normalized[start:end] not in _ROBOT_NOUNS}
    return next((kind for kind in PRIORITY if kind in kinds), "robot")


def strip_pleasantries(text: str) -> str:
    """A question without the greetings before it or the thanks after it, for matching
    ("你好，请问…谢谢" -> "请问…", "hi, sorry to bother you, …" -> "…"); the text itself
    when nothing would be left."""
    normalized = normalize(text)
    found = [f for f in _find(normalized) if f[2] in ("greeting", "thanks", "goodbye")]
    kept: set[tuple[int, int, str]] = set()
    cursor = 0
    for pleasantry in found:  # those opening the message, one after the other
        if _is_filler(normalized[cursor:pleasantry[0]].strip()):
            kept.add(pleasantry)
            cursor = pleasantry[1]
    cursor = len(normalized)
    for pleasantry in reversed(found):  # and those closing it
        if _is_filler(normalized[pleasantry[1]:cursor].strip()):
            kept.add(pleasantry)
            cursor = pleasantry[0]
    rest = _rest(normalized, sorted(kept))
    return rest if rest and not _is_filler(rest) else text


_CLAUSE_END = re.compile(r"[。？！?!；;\n]+|(?<=[吗呢])[，,]|(?<=[a-z])\.(?=\s|$)")
MIN_PART = 4  # characters of a part worth matching on its own


def split_questions(text: str) -> list[str]:
    """The questions of a message asking several things ("要钱吗？多久答复？"): its
    sentences and question clauses, each long enough to stand alone; one item or none
    for an ordinary question."""
    parts = [part.strip(" ，,、") for part in _CLAUSE_END.split(text)]
    return [part for part in parts if len(part.replace(" ", "")) >= MIN_PART]
