"""Finding the topic a resident's question is about.

Two signals, blended: a TF-IDF cosine over words and character n-grams (robust to word
order and segmentation, cheap to compute through an inverted index so it scales to
thousands of topics), and rapidfuzz's character similarity on the few best candidates
(robust to typos and homophone slips). Inverse document frequencies are counted per
topic, so words every topic shares ("信息", "公开") weigh little by themselves.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.classifier import NaiveBayes
from bot.kb.model import KnowledgeBase
from bot.phonetic import syllables
from bot.segment import Segmenter, is_generic
from bot.textnorm import Lang, has_cjk, normalize

CANDIDATES = 40
POSTINGS_BUDGET = 20_000  # postings walked per question before common features are skipped
GENERIC_WEIGHT = 0.25
BIGRAM_WEIGHT = 0.6
TRIGRAM_WEIGHT = 0.3
PINYIN_WEIGHT = 0.5
KEYWORD_BONUS = 0.06
DECLINED_PREFIX = "~"
FOREIGN_PENALTY = 1.5
UNSEEN_FOREIGN = 0.3
COSINE_SHARE = 0.5
PROFILE_SHARE = 0.2
SUPPORT_SHARE = 0.2
SIMILARITY_SHARE = 0.7  # the rest is the classifier's posterior
CLASSIFIER_TOP = 3
UNKNOWN_SHARE = 1.0

_LATIN = re.compile(r"^[a-z0-9]+$")


@dataclass(frozen=True)
class Analysis:
    """A text as matching sees it."""

    normalized: str
    words: tuple[str, ...]
    content: str  # the non-generic words joined: what character similarity compares
    features: dict[str, float]


@dataclass(frozen=True)
class _Doc:
    topic: int
    lang: Lang
    analysis: Analysis
    norm: float


@dataclass(frozen=True)
class Scored:
    topic_id: str
    score: float  # 0..1
    evidence: bool  # whether a distinctive (non-generic) word of the question matched


class SynonymMap:
    """Rewrites what residents say to the base's canonical terms.

    Longest match first, left to right; Latin variants only as whole words ("cost" is
    not in "costume"). Variants are indexed by their first character, so a question is
    scanned once instead of trying hundreds of alternatives at every position.
    """

    def __init__(self, synonyms: dict[str, tuple[str, ...]]) -> None:
        pairs = {normalize(v): normalize(c) for c, vs in synonyms.items() for v in vs}
        self._canonical = {variant: canonical for variant, canonical in pairs.items() if variant}
        self._by_first: dict[str, list[str]] = defaultdict(list)
        for variant in sorted(self._canonical, key=len, reverse=True):
            self._by_first[variant[0]].append(variant)

    def apply(self, normalized: str) -> str:
        out: list[str] = []
        i, size = 0, len(normalized)
        while i < size:
            for variant in self._by_first.get(normalized[i], ()):
                end = i + len(variant)
                if normalized.startswith(variant, i) and self._whole(normalized, i, end,
                                                                     variant):
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

    @property
    def canonical_terms(self) -> set[str]:
        return set(self._canonical.values())


class Analyzer:
    def __init__(self, segmenter: Segmenter, synonyms: SynonymMap) -> None:
        self.segmenter = segmenter
        self.synonyms = synonyms

    def analyze(self, text: str) -> Analysis:
        normalized = self.synonyms.apply(normalize(text))
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


class Matcher:
    """Ranks the topics of one knowledge base against a question."""

    def __init__(self, kb: KnowledgeBase, analyzer: Analyzer) -> None:
        self.kb = kb
        self.analyzer = analyzer
        # Out-of-scope groups are ranked like topics, under ids marked DECLINED_PREFIX.
        self._topic_ids = [topic.id for topic in kb.topics] + [
            DECLINED_PREFIX + decline.id for decline in kb.declines]
        self._keywords = [
            tuple(normalize(k).replace(" ", "") for lang in ("zh", "en")
                  for k in topic.keywords[lang] if not is_generic(normalize(k)))
            for topic in kb.topics
        ] + [() for _ in kb.declines]
        texts: list[tuple[int, Lang, str]] = [
            (index, lang, text)
            for index, topic in enumerate(kb.topics)
            for lang in ("zh", "en")
            for text in (topic.title[lang], *topic.phrasings[lang])
        ]
        texts += [
            (len(kb.topics) + index, lang, text)
            for index, decline in enumerate(kb.declines)
            for lang in ("zh", "en")
            for text in decline.phrasings[lang]
        ]
        raw_docs = [(index, lang, analyzer.analyze(text)) for index, lang, text in texts]
        groups = len(self._topic_ids)
        self._idf = self._inverse_frequencies(raw_docs, groups)
        self._unknown_idf = UNKNOWN_SHARE * math.log(1 + groups)
        self._docs: list[_Doc] = []
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for topic_index, lang, analysis in raw_docs:
            weights = self._weigh(analysis.features)
            doc_index = len(self._docs)
            self._docs.append(_Doc(topic_index, lang, analysis, _norm(weights)))
            for feature, weight in weights.items():
                self._postings[feature].append((doc_index, weight))
        self._classifier = NaiveBayes(((doc.topic, doc.analysis.features)
                                       for doc in self._docs), len(self._topic_ids))
        # Each topic's profile: its phrasings' vectors added up, so that a question whose
        # words are spread over several phrasings of one topic still finds it.
        profiles: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for doc in self._docs:
            weights = self._weigh(doc.analysis.features)
            for feature, weight in weights.items():
                profiles[doc.topic][feature] += weight / (doc.norm or 1.0)
        self._profiles = {topic: (dict(vector), _norm(vector))
                          for topic, vector in profiles.items()}
        # Words only out-of-scope phrasings use (护照, 低保, passport...): a question that
        # names one is about something the office does not handle, however much of the
        # rest of it ("进度怎么查") reads like a disclosure question.
        topic_words = {f for index, _, analysis in raw_docs if index < len(kb.topics)
                       for f in analysis.features if f.startswith("w:")}
        topic_words |= {"w:" + k for keywords in self._keywords for k in keywords}
        self._foreign = {f for index, _, analysis in raw_docs if index >= len(kb.topics)
                         for f in analysis.features
                         if f.startswith("w:") and f not in topic_words
                         and not is_generic(f[2:])}

    @staticmethod
    def _inverse_frequencies(docs: list[tuple[int, Lang, Analysis]], topics: int
                             ) -> dict[str, float]:
        holders: dict[str, set[int]] = defaultdict(set)
        for topic_index, _, analysis in docs:
            for feature in analysis.features:
                holders[feature].add(topic_index)
        return {f: math.log(1 + topics / len(owners)) for f, owners in holders.items()}

    def _weigh(self, features: dict[str, float]) -> dict[str, float]:
        return {f: w * self._idf[f] for f, w in features.items() if f in self._idf}

    def _weigh_query(self, features: dict[str, float]) -> dict[str, float]:
        """Like `_weigh`, but a word the base has never seen counts as fully
        distinctive: it makes the question less like every topic, which is how
        "营业执照办下来要多久" stops looking like a question about deadlines."""
        return {f: w * self._idf.get(f, self._unknown_idf) for f, w in features.items()}

    def rank(self, question: str, limit: int = 3) -> list[Scored]:
        query = self.analyzer.analyze(question)
        weights = self._weigh_query(query.features)
        query_norm = _norm(weights)
        if not query_norm:
            return []
        best = self._candidates(weights)
        distinctive = {f for f in weights if not f.startswith("w:") or
                       not is_generic(f[2:])}
        words = sum(w for f, w in weights.items() if f.startswith("w:")) or 1.0
        foreign = sum(w * (1.0 if f in self._foreign else UNSEEN_FOREIGN)
                      for f, w in weights.items() if f.startswith("w:") and (
                          f in self._foreign or f not in self._idf)) / words
        penalty = 1.0 - FOREIGN_PENALTY * foreign
        scores: dict[int, list[float]] = defaultdict(list)
        found: dict[int, bool] = {}
        profile_cosine: dict[int, float] = {}
        for doc_index, dot in best:
            doc = self._docs[doc_index]
            cosine = dot / (query_norm * doc.norm)
            similarity = _similarity(query, doc.analysis)
            profile = profile_cosine.get(doc.topic)
            if profile is None:
                profile = profile_cosine[doc.topic] = self._profile_cosine(
                    doc.topic, weights, query_norm)
            score = (COSINE_SHARE * cosine + PROFILE_SHARE * profile
                     + (1 - COSINE_SHARE - PROFILE_SHARE) * similarity)
            score += self._keyword_bonus(doc.topic, query)
            if doc.topic < len(self.kb.topics):
                score *= penalty
            evidence = bool(distinctive & doc.analysis.features.keys())
            scores[doc.topic].append(score)
            found[doc.topic] = found.get(doc.topic, False) or evidence
        posterior = self._classifier.posterior(query.features)
        likely = sorted(range(len(posterior)), key=posterior.__getitem__)[-CLASSIFIER_TOP:]
        ranked = [Scored(self._topic_ids[topic],
                         SIMILARITY_SHARE * (_support(scores[topic]) if topic in scores else 0.0)
                         + (1 - SIMILARITY_SHARE) * posterior[topic], found.get(topic, False))
                  for topic in set(scores) | set(likely)]
        ranked.sort(key=lambda s: -s.score)
        return ranked[:limit]

    def _candidates(self, weights: dict[str, float]) -> list[tuple[int, float]]:
        """The phrasings with the largest dot product with the question.

        Rare features first; once the postings walked pass the budget, the remaining
        (common, low-weight) features only complete the dot products of the phrasings
        already found. On the shipped base nothing is ever skipped; on a base of
        thousands of topics this keeps a question to milliseconds.
        """
        dots: dict[int, float] = defaultdict(float)
        walked = 0
        skipped: list[tuple[str, float]] = []
        for feature in sorted(weights, key=lambda f: len(self._postings.get(f, ()))):
            postings = self._postings.get(feature, ())
            if walked and walked + len(postings) > POSTINGS_BUDGET:
                skipped.append((feature, weights[feature]))
                continue
            walked += len(postings)
            weight = weights[feature]
            for doc_index, doc_weight in postings:
                dots[doc_index] += weight * doc_weight
        best = heapq.nlargest(CANDIDATES * 2 if skipped else CANDIDATES, dots.items(),
                              key=lambda item: item[1])
        if skipped:
            best = [(index, dot + sum(weight * self._idf[feature] *
                                      self._docs[index].analysis.features.get(feature, 0.0)
                                      for feature, weight in skipped))
                    for index, dot in best]
            best = heapq.nlargest(CANDIDATES, best, key=lambda item: item[1])
        return best

    def _profile_cosine(self, topic: int, weights: dict[str, float], query_norm: float
                        ) -> float:
        vector, norm = self._profiles[topic]
        dot = sum(weight * vector.get(feature, 0.0) for feature, weight in weights.items())
        return dot / (query_norm * norm) if norm else 0.0

    def _keyword_bonus(self, topic_index: int, query: Analysis) -> float:
        compact_query = query.normalized.replace(" ", "")
        hits = sum(1 for k in self._keywords[topic_index] if k and k in compact_query)
        return min(hits, 2) * KEYWORD_BONUS


def _support(values: list[float]) -> float:
    """A topic's score: its best phrasing, raised a little by its next best ones, since
    several phrasings agreeing is stronger evidence than one close call."""
    best = sorted(values, reverse=True)[:3]
    runners = best[1:]
    return best[0] + SUPPORT_SHARE * (sum(runners) / len(runners) if runners else 0.0)


def _similarity(query: Analysis, doc: Analysis) -> float:
    """Character similarity of the distinctive parts, tolerant of typos and extra words."""
    if not query.content or not doc.content:
        return 0.0
    whole = fuzz.ratio(query.content, doc.content)
    subset = fuzz.token_set_ratio(query.content, doc.content)
    return max(whole, 0.9 * subset) / 100.0


def _norm(weights: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in weights.values()))
