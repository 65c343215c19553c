"""Finding the topic a resident's question is about.

Questions and phrasings become features: words (jieba, synonyms mapped, generic words
down-weighted), Chinese character bigrams and pinyin bigrams (homophone typos), Latin
trigrams (English typos). Candidates come from an inverted index over those features
(so thousands of topics stay fast); each is scored by a blend of
  - TF-IDF cosine with the phrasing and with the topic's whole profile,
  - rapidfuzz character similarity (typos, extra words),
  - a naive Bayes posterior over all topics (settles close calls between neighbours),
with a penalty when the question names something only out-of-scope phrasings mention.
Inverse document frequencies are counted per topic, so words every topic shares
("信息", "公开") weigh little by themselves.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz

from bot.kb.model import KnowledgeBase
from bot.matching.classifier import NaiveBayes
from bot.matching.features import Analysis, Analyzer, Speller
from bot.matching.homophones import Homophones
from bot.matching.indexcache import IndexCache, index_key
from bot.matching.segment import LATIN_WORD, is_generic
from bot.textnorm import Lang, normalize

CANDIDATES = 40
POSTINGS_BUDGET = 20_000  # postings walked per question before common features are skipped
KEYWORD_BONUS = 0.06
DECLINED_PREFIX = "~"
# A question goes to a part of an out-of-scope group (its own hint) only when a part's
# phrasing is this near (cosine plus character similarity, 0..2) and this much nearer
# than the group's own: a wrong part's hint (another body's remedies for a question
# about a service) misleads more than the general one.
PART_NEAR = 0.9
PART_MARGIN = 0.1
FOREIGN_PENALTY = 1.5
UNSEEN_FOREIGN = 0.3
COSINE_SHARE = 0.5
PROFILE_SHARE = 0.2
SUPPORT_SHARE = 0.2
SIMILARITY_SHARE = 0.7  # the rest is the classifier's posterior
CLASSIFIER_TOP = 3
CLASSIFIER_SURE = 0.9  # posterior above which the classifier's own doubt does not count

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
    contested: bool = False  # the best topic, but one of the two judges prefers another


class Matcher:
    """Ranks the topics of one knowledge base against a question."""

    def __init__(self, kb: KnowledgeBase, analyzer: Analyzer,
                 cache: IndexCache | None = None, previous: Matcher | None = None) -> None:
        """`cache`: where the built index is kept between starts (None: built here).
        `previous`: the matcher this one replaces (a reload), whose phrasings' analyses
        are reused when they would come out the same."""
        self.kb = kb
        self.analyzer = analyzer
        self.topic_ids = self.group_ids(kb)
        self._topic_index = {topic_id: index for index, topic_id in enumerate(self.topic_ids)}
        # Each feature's postings as numpy arrays, made the first time a question has it.
        self._arrays: dict[str, tuple[Any, Any]] = {}
        self._keywords = [
            tuple(normalize(k).replace(" ", "") for lang in ("zh", "en")
                  for k in topic.keywords[lang] if not is_generic(normalize(k)))
            for topic in kb.topics
        ] + [() for _ in kb.matched_declines()]
        written = self._written(kb)
        texts = [(index, lang, text) for index, lang, text, _ in written]
        # Which out-of-scope group (or part of one) wrote each text: a group's parts are
        # told apart by it (`part_of`), never ranked apart.
        self._writers = [writer for *_, writer in written]
        key = index_key(texts, sorted(kb.synonyms.items()), self.topic_ids, self._keywords,
                        sorted(analyzer.segmenter.added)) if cache else ""
        self.cache_key = key  # names the index's file in the cache ("" without a cache)
        state = cache.load(key) if cache else None
        if state is not None:
            try:
                self._restore(state)
                return
            except (KeyError, TypeError, ValueError, IndexError):
                pass  # another layout: rebuilt below
        known = self._analyses_of(previous, kb, analyzer)
        self._build([(index, lang, known.get(text) or analyzer.analyze(text))
                     for index, lang, text in texts])
        self.analyzer.speller = Speller(self._vocabulary(kb, texts),
                                        self._homophones(previous, kb, texts, analyzer))
        if cache:
            cache.save(key, self._state())

    @staticmethod
    def _analyses_of(previous: Matcher | None, kb: KnowledgeBase, analyzer: Analyzer
                     ) -> dict[str, Analysis]:
        """The analysis of each phrasing `previous` indexed, when `analyzer` reads text as
        its analyzer did (the same synonyms and the same words added to the segmenter):
        a reload after one new phrasing then analyses that phrasing alone (analysing
        them all is most of a second). Empty otherwise."""
        if previous is None or previous.kb.synonyms != kb.synonyms or \
                previous.analyzer.segmenter.added != analyzer.segmenter.added:
            return {}
        return {text: doc.analysis for (_, _, text), doc
                in zip(Matcher.texts(previous.kb), previous._docs, strict=True)}

    @staticmethod
    def _vocabulary(kb: KnowledgeBase, texts: list[tuple[int, Lang, str]]) -> set[str]:
        """The English words of the base, as written and as their synonyms' canonical
        terms: what a misspelt word of a question may be mended into."""
        words: set[str] = set()
        for _, lang, text in texts:
            if lang == "en":
                words |= Speller.words_of(normalize(text))
        for canonical, variants in kb.synonyms.items():
            for term in (canonical, *variants):
                words |= Speller.words_of(normalize(term))
        return words

    @staticmethod
    def _homophones(previous: Matcher | None, kb: KnowledgeBase,
                    texts: list[tuple[int, Lang, str]], analyzer: Analyzer) -> Homophones:
        """The base's homophone table; from `previous`'s, cutting only the texts that
        changed, when the segmenter cuts as its did (the same words added)."""
        chinese, cut = Matcher._chinese(kb, texts), analyzer.segmenter.plain_words
        if previous is not None and previous.analyzer.segmenter.added == \
                analyzer.segmenter.added and (before := previous.analyzer.speller.homophones):
            return before.updated(Matcher._chinese(previous.kb, Matcher.texts(previous.kb)),
                                  chinese, cut)
        return Homophones.of_texts(chinese, cut)

    @staticmethod
    def _chinese(kb: KnowledgeBase, texts: list[tuple[int, Lang, str]]) -> list[str]:
        """The base's Chinese, its titles, phrasings, keywords and synonyms: the words a
        homophone slip may be mended into, and the pairs of characters that are none."""
        chinese = [text for _, lang, text in texts if lang == "zh"]
        chinese += [keyword for topic in kb.topics for keyword in topic.keywords["zh"]]
        chinese += [term for canonical, variants in kb.synonyms.items()
                    for term in (canonical, *variants)]
        return chinese

    def _build(self, raw_docs: list[tuple[int, Lang, Analysis]]) -> None:
        groups = len(self.topic_ids)
        self._idf = self._inverse_frequencies(raw_docs, groups)
        self._unknown_idf = math.log(1 + groups)
        self._docs: list[_Doc] = []
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        # Each topic's profile: its phrasings' vectors added up, so that a question whose
        # words are spread over several phrasings of one topic still finds it.
        profiles: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for topic_index, lang, analysis in raw_docs:
            weights = self._weigh(analysis.features)
            norm = _norm(weights)
            doc_index = len(self._docs)
            self._docs.append(_Doc(topic_index, lang, analysis, norm))
            for feature, weight in weights.items():
                postings[feature].append((doc_index, weight))
                profiles[topic_index][feature] += weight / (norm or 1.0)
        self._postings = dict(postings)
        self._profiles = {topic: (dict(vector), _norm(vector))
                          for topic, vector in profiles.items()}
        self._classifier = NaiveBayes(((doc.topic, doc.analysis.features)
                                       for doc in self._docs), groups)
        self._foreign = self._foreign_words(raw_docs, len(self.kb.topics))
        self._services = self._service_words(raw_docs, len(self.kb.topics))

    def _state(self) -> dict[str, object]:
        """The built index as plain values (see bot.matching.indexcache)."""
        homophones = self.analyzer.speller.homophones
        return {
            "idf": self._idf,
            "docs": [(d.topic, d.lang, d.analysis.normalized, d.analysis.words,
                      d.analysis.content, d.analysis.features, d.norm) for d in self._docs],
            "postings": self._postings,
            "profiles": self._profiles,
            "classifier": self._classifier.state(),
            "foreign": frozenset(self._foreign),
            "services": frozenset(self._services),
            "vocabulary": self.analyzer.speller.vocabulary,
            "homophones": homophones.state() if homophones else None,
        }

    def _restore(self, state: dict[str, Any]) -> None:
        docs = [_Doc(topic, lang, Analysis(normalized, tuple(words), content, features), norm)
                for topic, lang, normalized, words, content, features, norm in state["docs"]]
        classifier = NaiveBayes.from_state(state["classifier"])
        self._idf = state["idf"]
        self._unknown_idf = math.log(1 + len(self.topic_ids))
        self._docs = docs
        self._postings = state["postings"]
        self._profiles = state["profiles"]
        self._classifier = classifier
        self._foreign = set(state["foreign"])
        self._services = set(state["services"])
        homophones = state["homophones"] and Homophones.from_state(
            state["homophones"], self.analyzer.segmenter.plain_words)
        self.analyzer.speller = Speller(state["vocabulary"], homophones)

    @staticmethod
    def group_ids(kb: KnowledgeBase) -> list[str]:
        """The topics, then the out-of-scope groups, ranked like topics under ids marked
        DECLINED_PREFIX: the groups' order everywhere (phrasings' owners, the probe)."""
        return [topic.id for topic in kb.topics] + [
            DECLINED_PREFIX + decline.id for decline in kb.matched_declines()]

    def chinese_word_counts(self) -> Counter[str]:
        """How often each word occurs in the base's Chinese titles and phrasings."""
        return Counter(word for doc in self._docs if doc.lang == "zh"
                       for word in doc.analysis.words)

    @staticmethod
    def texts(kb: KnowledgeBase) -> list[tuple[int, Lang, str]]:
        """Every title and phrasing, with the index of the topic (or out-of-scope group,
        numbered after the topics) it belongs to; a group's parts' phrasings are its own."""
        return [(index, lang, text) for index, lang, text, _ in Matcher._written(kb)]

    @staticmethod
    def _written(kb: KnowledgeBase) -> list[tuple[int, Lang, str, str | None]]:
        """`texts` with the out-of-scope group or part that wrote each (None: a topic)."""
        texts: list[tuple[int, Lang, str, str | None]] = [
            (index, lang, text, None)
            for index, topic in enumerate(kb.topics)
            for lang in ("zh", "en")
            for text in (topic.title[lang], *topic.phrasings[lang])
        ]
        texts += [
            (len(kb.topics) + index, lang, text, writer.id)
            for index, decline in enumerate(kb.matched_declines())
            for writer in (decline, *kb.parts_of(decline.id))
            for lang in ("zh", "en")
            for text in writer.phrasings[lang]
        ]
        return texts

    def part_of(self, question: str, group_id: str) -> str:
        """The part of out-of-scope group `group_id` a question belongs to: the part
        that wrote the phrasing nearest to it, when that phrasing is close and clearly
        nearer than the group's own; else the group itself (its hint is the general one)."""
        group = self._topic_index.get(group_id)
        if group is None or not self.kb.parts_of(group_id[len(DECLINED_PREFIX):]):
            return group_id
        query = self.analyzer.analyze(question, mend=True)
        weights = self._weigh_query(query.features)
        query_norm = _norm(weights) or 1.0
        nearest: dict[str, float] = defaultdict(float)
        for doc_index, dot in self._candidates(weights):
            doc = self._docs[doc_index]
            if doc.topic == group and doc.norm:
                writer = self._writers[doc_index] or ""
                score = dot / (query_norm * doc.norm) + _similarity(query, doc.analysis)
                nearest[writer] = max(nearest[writer], score)
        own = nearest.pop(group_id[len(DECLINED_PREFIX):], 0.0)
        part = max(nearest, key=nearest.__getitem__, default=None)
        if part is None or nearest[part] < PART_NEAR or nearest[part] < own + PART_MARGIN:
            return group_id
        return DECLINED_PREFIX + part

    def _foreign_words(self, raw_docs: list[tuple[int, Lang, Analysis]], topics: int
                       ) -> set[str]:
        """Words only out-of-scope phrasings use (护照, 低保, passport...): a question that
        names one is about something the office does not handle, however much of the
        rest of it ("进度怎么查") reads like a disclosure question."""
        topic_words = {f for index, _, analysis in raw_docs if index < topics
                       for f in analysis.features if f.startswith("w:")}
        topic_words |= {"w:" + keyword for keyword in self.topic_keywords()}
        return {f for index, _, analysis in raw_docs if index >= topics
                for f in analysis.features
                if f.startswith("w:") and f not in topic_words and not is_generic(f[2:])}

    @staticmethod
    def _service_words(raw_docs: list[tuple[int, Lang, Analysis]], topics: int) -> set[str]:
        """Words out-of-scope phrasings use more often than the topics' do, and more than
        once (低保, 公积金, residence): what names another service, though a topic may
        mention it too. (A word each uses once, 流程, says nothing either way.)"""
        topic_uses: dict[str, int] = defaultdict(int)
        other_uses: dict[str, int] = defaultdict(int)
        for index, _, analysis in raw_docs:
            for feature in analysis.features:
                if feature.startswith("w:") and not is_generic(feature[2:]):
                    (topic_uses if index < topics else other_uses)[feature] += 1
        return {f for f, uses in other_uses.items() if uses >= 2 and uses > topic_uses.get(f, 0)}

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
        query = self.analyzer.analyze(question, mend=True)
        weights = self._weigh_query(query.features)
        query_norm = _norm(weights)
        if not query_norm:
            return []
        scores, evidence = self._phrasing_scores(query, weights, query_norm)
        posterior = self._classifier.posterior(query.features)
        likely = heapq.nlargest(CLASSIFIER_TOP, range(len(posterior)),
                                key=posterior.__getitem__)
        # Words only other services use weigh on the classifier's share too: "我的车有没有
        # 违章记录" reads like a status query to it, word for word.
        foreign = max(0.0, 1.0 - FOREIGN_PENALTY * self._foreign_share(weights, unseen=0.0))
        topics = len(self.kb.topics)
        ranked = [Scored(self.topic_ids[topic],
                         SIMILARITY_SHARE * (_support(scores[topic]) if topic in scores else 0.0)
                         + (1 - SIMILARITY_SHARE) * posterior[topic]
                         * (foreign if topic < topics else 1.0),
                         evidence.get(topic, False))
                  for topic in set(scores) | set(likely)]
        ranked.sort(key=lambda s: -s.score)
        if not ranked:
            return []
        # Two judges: the classifier (the whole topic) and the phrasing similarity (its
        # nearest phrasings). When either prefers another topic and the classifier is
        # itself unsure, the best topic is contested: "did you mean", not an answer.
        nearest = max(scores, key=lambda t: _support(scores[t])) if scores else None
        best = self._topic_index[ranked[0].topic_id]
        contested = (likely[0] != best or nearest != best) and \
            posterior[likely[0]] <= CLASSIFIER_SURE
        return [replace(ranked[0], contested=contested), *ranked[1:limit]]

    def _phrasing_scores(self, query: Analysis, weights: dict[str, float], query_norm: float
                         ) -> tuple[dict[int, list[float]], dict[int, bool]]:
        """Per topic, the scores of its candidate phrasings, and whether any of them
        shares a distinctive (non-generic) feature with the question."""
        distinctive = {f for f in weights if not f.startswith("w:") or not is_generic(f[2:])}
        penalty = 1.0 - FOREIGN_PENALTY * self._foreign_share(weights)
        scores: dict[int, list[float]] = defaultdict(list)
        evidence: dict[int, bool] = {}
        profile_cosine: dict[int, float] = {}
        for doc_index, dot in self._candidates(weights):
            doc = self._docs[doc_index]
            if doc.topic not in profile_cosine:
                profile_cosine[doc.topic] = self._profile_cosine(doc.topic, weights, query_norm)
            score = (COSINE_SHARE * dot / (query_norm * doc.norm)
                     + PROFILE_SHARE * profile_cosine[doc.topic]
                     + (1 - COSINE_SHARE - PROFILE_SHARE) * _similarity(query, doc.analysis)
                     + self._keyword_bonus(doc.topic, query))
            if doc.topic < len(self.kb.topics):
                score *= penalty
            scores[doc.topic].append(score)
            evidence[doc.topic] = evidence.get(doc.topic, False) or bool(
                distinctive & doc.analysis.features.keys())
        return scores, evidence

    def without_other_services(self, question: str) -> str:
        """The question's words without those naming another service or unknown to the
        base: "公积金提取的规定文件在哪公布" keeps "的规定文件在哪公布", which says what the
        resident wants from this office."""
        kept = [word for word in self.analyzer.analyze(question, mend=True).words
                if is_generic(word) or (("w:" + word) in self._idf
                                        and ("w:" + word) not in self._services)]
        return "".join(f" {word} " if LATIN_WORD.fullmatch(word) else word
                       for word in kept).strip().replace("  ", " ")

    def indexed_words(self) -> list[tuple[int, frozenset[str]]]:
        """Each indexed text (in `texts` order) as its group's index and its distinctive
        words."""
        return [(doc.topic, frozenset(f[2:] for f in doc.analysis.features
                                      if f.startswith("w:") and not is_generic(f[2:])))
                for doc in self._docs]

    def topic_keywords(self) -> set[str]:
        """The topics' keywords as the index holds them: topic words by decree."""
        return {keyword for keywords in self._keywords for keyword in keywords}

    def other_services_words(self, text: str) -> list[str]:
        """The words of `text` that only out-of-scope phrasings use (医院, 护照...): filed
        as a topic's phrasing, it would make them a disclosure topic's words too, and
        every question naming them would stop counting as another service's."""
        return [word for word in dict.fromkeys(self.analyzer.analyze(text).words)
                if "w:" + word in self._foreign]

    def foreign_factor(self, question: str) -> float:
        """What is left of a topic's score once the question's out-of-scope vocabulary
        is accounted for (1: none; 0: only words of other services)."""
        weights = self._weigh_query(self.analyzer.analyze(question, mend=True).features)
        return max(0.0, 1.0 - FOREIGN_PENALTY * self._foreign_share(weights))

    def _foreign_share(self, weights: dict[str, float], unseen: float = UNSEEN_FOREIGN
                       ) -> float:
        """How much of the question's word weight is out-of-scope vocabulary; words the
        base has never seen count a little too, `unseen` each (they may be typos, or
        other services)."""
        words = sum(w for f, w in weights.items() if f.startswith("w:")) or 1.0
        foreign = sum(w * (1.0 if f in self._foreign else unseen)
                      for f, w in weights.items()
                      if f.startswith("w:") and (f in self._foreign or f not in self._idf))
        return foreign / words

    def _candidates(self, weights: dict[str, float]) -> list[tuple[int, float]]:
        """The phrasings with the largest dot product with the question.

        Rare features first; once the postings walked pass the budget, the remaining
        (common, low-weight) features only complete the dot products of the phrasings
        already found. On the shipped base nothing is ever skipped; on a base of
        thousands of topics this keeps a question to milliseconds.
        """
        walked = 0
        walk: list[str] = []
        skipped: list[tuple[str, float]] = []
        for feature in sorted(weights, key=lambda f: len(self._postings.get(f, ()))):
            size = len(self._postings.get(feature, ()))
            if walked and walked + size > POSTINGS_BUDGET:
                skipped.append((feature, weights[feature]))
                continue
            walked += size
            walk.append(feature)
        wanted = CANDIDATES * 2 if skipped else CANDIDATES
        best = self._vector_dots(walk, weights, wanted)
        if skipped:
            best = [(index, dot + sum(weight * self._idf[feature] *
                                      self._docs[index].analysis.features.get(feature, 0.0)
                                      for feature, weight in skipped))
                    for index, dot in best]
            best = heapq.nlargest(CANDIDATES, best, key=_dot_then_first)
        return best

    def _vector_dots(self, walk: list[str], weights: dict[str, float], wanted: int
                     ) -> list[tuple[int, float]]:
        """The `wanted` phrasings with the largest dot product over the features walked,
        best first, ties first-phrasing first. Summed with numpy: walking the postings
        one by one in Python took four times as long on the shipped base (~1.1 ms a
        ranking), and most of a question's time at 10,000 topics. bincount adds each
        phrasing's products in the order of `walk`, as that loop did, so the sums are
        the same to the last bit."""
        import numpy as np

        parts = [(self._posting_array(f), weights[f]) for f in walk if f in self._postings]
        if not parts:
            return []
        indices = np.concatenate([docs for (docs, _), _ in parts])
        values = np.concatenate([doc_weights * weight for (_, doc_weights), weight in parts])
        dots = np.bincount(indices, weights=values, minlength=len(self._docs))
        touched = np.flatnonzero(dots)  # ascending: ties are kept first-phrasing first
        if len(touched) > wanted:
            kth = np.partition(dots[touched], -wanted)[-wanted]
            above = touched[dots[touched] > kth]
            tied = touched[dots[touched] == kth][:wanted - len(above)]
            touched = np.concatenate([above, tied])
        order = touched[np.lexsort((touched, -dots[touched]))]
        return [(int(i), float(dots[i])) for i in order]

    def _posting_array(self, feature: str) -> tuple[Any, Any]:
        """A feature's postings as arrays (phrasing indices, weights): made on first use,
        so that a start does not convert all ~20,000 features (~170 ms) before its first
        answer."""
        arrays = self._arrays.get(feature)
        if arrays is None:
            import numpy as np

            postings = self._postings[feature]
            arrays = (np.fromiter((d for d, _ in postings), np.int64, len(postings)),
                      np.fromiter((w for _, w in postings), np.float64, len(postings)))
            self._arrays[feature] = arrays
        return arrays

    def _profile_cosine(self, topic: int, weights: dict[str, float], query_norm: float
                        ) -> float:
        vector, norm = self._profiles[topic]
        dot = sum(weight * vector.get(feature, 0.0) for feature, weight in weights.items())
        return dot / (query_norm * norm) if norm else 0.0

    def _keyword_bonus(self, topic_index: int, query: Analysis) -> float:
        compact_query = query.normalized.replace(" ", "")
        hits = sum(1 for k in self._keywords[topic_index] if k and k in compact_query)
        return min(hits, 2) * KEYWORD_BONUS


def _dot_then_first(candidate: tuple[int, float]) -> tuple[float, int]:
    """Largest dot product first; among equal ones the first phrasing, as
    `Matcher._vector_dots` orders them."""
    return candidate[1], -candidate[0]


def topics_only(ranked: Iterable[Scored]) -> list[Scored]:
    """A ranking without its out-of-scope groups."""
    return [s for s in ranked if not s.topic_id.startswith(DECLINED_PREFIX)]


def is_declined(ranked: Sequence[Scored]) -> bool:
    """Whether the best of a ranking is an out-of-scope group the question shares a
    distinctive word with: such a question is declined before anything else is decided."""
    return bool(ranked) and ranked[0].topic_id.startswith(DECLINED_PREFIX) and \
        ranked[0].evidence


def offered(ranked: Sequence[Scored]) -> list[Scored]:
    """The topics a decision weighs and may offer: the topics among the best four of a
    ranking, three at most."""
    return topics_only(ranked[:4])[:3]


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
