"""Homophone slips in Chinese questions, mended into the base's own words.

A pinyin keyboard offers every character of a sound, and residents pick the wrong one:
"年度包告" for 年度报告, "行政复意" for 行政复议, "办理状太" for 办理状态. The words'
ranking catches many through pinyin bigrams, but the slip still breaks the words
(jieba cuts "包告" into two characters) and the model reads it as written. Here such a
slip becomes the base's word before either reads the question.

Only a clear slip is mended: two characters that jieba leaves as single characters,
that never occur side by side in the base, and that sound exactly like one of the
base's own words (used at least `MIN_USES` times, and far more often than any other
pair of that sound), of which they spell one character right. Characters that pair
with anything ("公不公开" is not 公布) are never taken for a slip.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bot.matching.phonetic import table

MIN_USES = 3  # the word mended into is one of the base's words, used this often...
DOMINANCE = 3.0  # ...and this many times more often than any other pair of its sound
STEADY = frozenset("不是也了的会在有和都还又要回二一这那个")
_CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]+")
_CHINESE_OR_NOT = re.compile(r"([\u4e00-\u9fff]+)")

Cut = Callable[[str], list[str]]  # a run of Chinese characters into words, no guessing


class Homophones:
    def __init__(self, pairs: Mapping[str, int], words: Mapping[str, int], cut: Cut,
                 words_by_sound: dict[str, str] | None = None) -> None:
        """`pairs`: every two adjacent characters of the base, with their uses; `words`:
        its two-character words as `cut` finds them, with theirs; `words_by_sound`: what
        they choose (computed here unless restored with them)."""
        self.pairs = pairs
        self.words = words
        self.cut = cut
        self.words_by_sound = _chosen(pairs, words) if words_by_sound is None \
            else words_by_sound  # "zhuang tai" -> 状态

    @classmethod
    def of_texts(cls, texts: Iterable[str], cut: Cut) -> Homophones:
        pairs: Counter[str] = Counter()
        words: Counter[str] = Counter()
        for text in texts:
            _count(text, cut, pairs, words, 1)
        return cls(pairs, words, cut)

    def updated(self, before: list[str], after: list[str], cut: Cut) -> Homophones:
        """The table of the texts `after`, this one being the table of `before` cut the
        same way: only the texts added or removed are cut (a reload after one new
        phrasing), and the result is the table `of_texts(after)` would build."""
        pairs, words = Counter(self.pairs), Counter(self.words)
        old, new = Counter(before), Counter(after)
        for text, times in (old - new).items():
            _count(text, cut, pairs, words, -times)
        for text, times in (new - old).items():
            _count(text, cut, pairs, words, times)
        return Homophones(+pairs, +words, cut)

    def state(self) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
        """Plain values for the index's cache file (read back by `from_state`)."""
        return dict(self.pairs), dict(self.words), self.words_by_sound

    @classmethod
    def from_state(cls, state: Any, cut: Cut) -> Homophones:
        pairs, words, words_by_sound = state
        return cls(pairs, words, cut, words_by_sound)

    def mend(self, text: str) -> str:
        """`text` with its clear homophone slips spelt as the base spells the word."""
        if not self.words_by_sound:
            return text
        pieces = _CHINESE_OR_NOT.split(text)
        for index in range(1, len(pieces), 2):  # the Chinese runs
            pieces[index] = self._mend_run(pieces[index])
        return "".join(pieces)

    def _mend_run(self, run: str) -> str:
        words = self.cut(run)
        out: list[str] = []
        i = 0
        while i < len(words):
            if i + 1 < len(words) and len(words[i]) == 1 and len(words[i + 1]) == 1:
                mended = self._meant(words[i] + words[i + 1])
                if mended is not None:
                    out.append(mended)
                    i += 2
                    continue
            out.append(words[i])
            i += 1
        return "".join(out)

    def _meant(self, pair: str) -> str | None:
        if pair in self.pairs:
            return None
        word = self.words_by_sound.get(_sound(pair) or "")
        if word is None:
            return None
        changed = [written for written, meant in zip(pair, word, strict=True)
                   if written != meant]
        if len(changed) != 1 or changed[0] in STEADY:
            return None
        return word


def _count(text: str, cut: Cut, pairs: Counter[str], words: Counter[str], times: int) -> None:
    for run in _CHINESE_RUN.findall(text):
        for i in range(len(run) - 1):
            pairs[run[i:i + 2]] += times
        for word in cut(run):
            if len(word) == 2:
                words[word] += times


def _chosen(pairs: Mapping[str, int], words: Mapping[str, int]) -> dict[str, str]:
    """Per sound, the base's word a slip of that sound is mended into, if any."""
    by_sound: dict[str, Counter[str]] = defaultdict(Counter)
    for pair, uses in pairs.items():
        sound = _sound(pair)
        if sound:
            by_sound[sound][pair] = uses
    chosen = {}
    for sound, spellings in by_sound.items():
        (best, uses), *others = spellings.most_common(2)
        if words.get(best, 0) >= MIN_USES and (not others or uses >= DOMINANCE * others[0][1]):
            chosen[sound] = best
    return chosen


def _sound(pair: str) -> str | None:
    """The toneless pinyin of two characters ("zhuang tai"); None for a character
    without a reading."""
    readings = table()
    first, second = (readings.get(ord(char)) for char in pair)
    return None if first is None or second is None else f"{first} {second}"
