"""A text as matching sees it: normalised, synonyms mapped, segmented, and turned into
weighted features (words, character and pinyin bigrams, Latin trigrams)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.matching.homophones import Homophones
from bot.matching.phonetic import syllables
from bot.matching.segment import Segmenter, is_generic
from bot.matching.spoken import in_plain_mandarin
from bot.textnorm import has_cjk, normalize

GENERIC_WEIGHT = 0.25
BIGRAM_WEIGHT = 0.6
TRIGRAM_WEIGHT = 0.3
PINYIN_WEIGHT = 0.5

_LATIN = re.compile(r"^[a-z0-9]+$")
_LATIN_WORDS = re.compile(r"[a-z][a-z0-9]*")
# A word as written, in lower case or capitalised, not part of a contraction ("don't")
# nor of an all-capitals word (an acronym): what the model reads is mended only there.
_WRITTEN_WORDS = re.compile(r"(?<![A-Za-z0-9'])[A-Za-z][a-z0-9]*(?![A-Za-z0-9'])")
RECENT_ANALYSES = 64
# Shorter words have too many neighbours within one edit ("hiw": how, his, him).
MIN_SPELLED = 4


@dataclass(frozen=True)
class Analysis:
    """A text as matching sees it."""

    normalized: str
    words: tuple[str, ...]
    content: str  # the non-generic words joined: what character similarity compares
    features: dict[str, float]


class SynonymMap:
    """Rewrites what residents say to the base's canonical terms.

    Longest match first, left to right; Latin variants only as whole words ("cost" is
    not in "costume"). For each first character the lengths of its variants are kept,
    longest first, so a position costs one dictionary look-up per distinct length
    instead of a comparison with every variant (the base's thousands of phrasings are
    rewritten at every start).
    """

    def __init__(self, synonyms: dict[str, tuple[str, ...]]) -> None:
        pairs = {normalize(v): normalize(c) for c, vs in synonyms.items() for v in vs}
        self._canonical = {variant: canonical for variant, canonical in pairs.items() if variant}
        lengths: dict[str, set[int]] = defaultdict(set)
        for variant in self._canonical:
            lengths[variant[0]].add(len(variant))
        self._lengths = {first: sorted(sizes, reverse=True) for first, sizes in lengths.items()}

    def apply(self, normalized: str) -> str:
        out: list[str] = []
        i, size = 0, len(normalized)
        while i < size:
            for length in self._lengths.get(normalized[i], ()):
                end = i + length
                variant = normalized[i:end]
                if end <= size and variant in self._canonical and self._whole(
                        normalized, i, end, variant):
                    out.append(self._canonical[variant])
                    i = end
                    break
            else:
                out.append(normalized[i])
                i += 1
        return "".join(out)

    @staticmethod
    def _whole(text: str, start: int, end: int, variant: str) -> bool:
        if has_cjk(variant):
            return True
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        return not ("a" <= before <= "z") and not ("a" <= after <= "z")


@lru_cache(maxsize=1)
def english_words() -> Collection[str]:
    """English words (pyspellchecker's list, ~160,000): a question's word found there is
    what the resident meant, even when the base never uses it. Loaded at the first
    English word the base does not know (~0.3 s, ~20 MB), not at start."""
    from spellchecker import SpellChecker

    return SpellChecker().word_frequency.dictionary


class Speller:
    """Mends English typos in questions ("how do i aply", "deadine", "staus"): a word
    that is neither English nor used by the base becomes the one word of the base's
    vocabulary within one edit (two for long words), when there is such a word. A real
    English word is left alone: "retired" is not the base's "required", nor "bother" its
    "mother". Words of the out-of-scope phrasings are vocabulary too, so "visa" stays
    "visa". Clear Chinese slips of the same sound ("年度包告") are mended by `homophones`
    (bot.matching.homophones); the rest the words' pinyin bigrams catch."""

    def __init__(self, vocabulary: Iterable[str], homophones: Homophones | None = None
                 ) -> None:
        self.vocabulary = frozenset(vocabulary)
        # Chinese slips of the same sound, mended into the base's words ("年度包告").
        self.homophones = homophones
        self._choices = sorted(self.vocabulary)
        # A question's words are mended twice, as the ranking reads them (lower case) and
        # as the model does (as written): the search through the vocabulary is done once.
        self._mend_word = lru_cache(maxsize=1024)(self._search)

    @staticmethod
    def words_of(normalized: str) -> set[str]:
        return set(_LATIN_WORDS.findall(normalized))

    def correct(self, normalized: str) -> str:
        if self.vocabulary:
            normalized = _LATIN_WORDS.sub(self._mend, normalized)
        return self._mend_chinese(normalized)

    def _mend_chinese(self, text: str) -> str:
        if self.homophones is None or not has_cjk(text):
            return text
        return self.homophones.mend(text)

    def mend_words(self, text: str) -> str:
        """`text` as written (case, apostrophes and punctuation kept) with its misspelt
        English words and its Chinese slips mended: what the semantic model reads, since
        it cuts an unknown spelling ("infomation") into pieces that mean little."""
        if not self.vocabulary:
            return self._mend_chinese(text)

        def mend(match: re.Match[str]) -> str:
            word = match.group(0)
            mended = self._mend_word(word.lower())
            return word if mended == word.lower() else mended

        return self._mend_chinese(_WRITTEN_WORDS.sub(mend, text))

    def _mend(self, match: re.Match[str]) -> str:
        return self._mend_word(match.group(0))

    def _search(self, word: str) -> str:
        if len(word) < MIN_SPELLED or word in self.vocabulary or word.isdigit() \
                or word in english_words():
            return word
        allowed = 1 if len(word) < 7 else 2
        found = process.extractOne(word, self._choices, scorer=Levenshtein.distance,
                                   score_cutoff=allowed)
        return str(found[0]) if found else word


class Analyzer:
    def __init__(self, segmenter: Segmenter, synonyms: SynonymMap,
                 speller: Speller | None = None) -> None:
        self.segmenter = segmenter
        self.synonyms = synonyms
        self.speller = speller or Speller(())
        # A question is analysed three times (its ranking, its share of other services'
        # words, its distinctive words), ~0.4 ms each when it is long: the last few
        # analyses are remembered, each with the speller that mended it.
        self._recent: dict[tuple[str, bool], tuple[Speller, Analysis]] = {}

    def analyze(self, text: str, *, mend: bool = False) -> Analysis:
        """`mend`: correct English typos first (for questions; the base's own
        phrasings define the vocabulary). The analysis is shared: never modified."""
        known = self._recent.get((text, mend))
        if known is not None and known[0] is self.speller:
            return known[1]
        analysis = self._analyze(text, mend)
        if len(self._recent) >= RECENT_ANALYSES:
            self._recent.clear()
        self._recent[(text, mend)] = (self.speller, analysis)
        return analysis

    def _analyze(self, text: str, mend: bool) -> Analysis:
        normalized = normalize(text)
        if mend:
            normalized = self.speller.correct(normalized)
        normalized = self.synonyms.apply(in_plain_mandarin(normalized))
        words = tuple(self.segmenter.words(normalized))
        content_words = [w for w in words if not is_generic(w)]
        return Analysis(normalized, words, " ".join(content_words),
                        _features(words, content_words))


def _features(words: Iterable[str], content_words: list[str]) -> dict[str, float]:
    features: dict[str, float] = defaultdict(float)
    for word in words:
        features["w:" + word] = max(features["w:" + word],
                                    GENERIC_WEIGHT if is_generic(word) else 1.0)
    chinese = "".join(w for w in content_words if not _LATIN.match(w))
    for i in range(len(chinese) - 1):
        features["c:" + chinese[i:i + 2]] = BIGRAM_WEIGHT
    sounds = syllables(chinese)
    for i in range(len(sounds) - 1):
        features[f"p:{sounds[i]} {sounds[i + 1]}"] = PINYIN_WEIGHT
    for word in content_words:
        if _LATIN.match(word) and len(word) > 3:
            padded = f"#{word}#"
            for i in range(len(padded) - 2):
                features["t:" + padded[i:i + 3]] = TRIGRAM_WEIGHT
    return dict(features)


