"""The answer engine: a question in, an answer, suggestions or a polite decline out.

It owns the live knowledge base and swaps it atomically on reload: the new base is
loaded, validated and indexed completely before the reference changes, so a question
being answered meanwhile sees either the old base or the new one, never a mix.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import MatchingSettings
from bot.kb.model import KnowledgeBase
from bot.matching.audit import PassingWord, words_in_passing
from bot.matching.calibration import Calibration, Signals
from bot.matching.decision import Decision, as_suggestions
from bot.matching.documents import asks_for_document
from bot.matching.features import english_words
from bot.matching.indexcache import IndexCache, default_cache_dir
from bot.matching.indexed import (
    IndexedBase,
    PreparedBase,
    as_typed,
    collection_paused,
    domain_words,
    knowledge_fingerprint,
    load_checked,
)
from bot.matching.pinyin_input import holds_pinyin
from bot.matching.ranker import (
    DECLINED_PREFIX,
    Scored,
    is_declined,
    offered,
    topics_only,
)
from bot.matching.replies import Outcome as Outcome
from bot.matching.replies import ReloadReport as ReloadReport
from bot.matching.replies import Reply as Reply
from bot.matching.replies import Suggestion as Suggestion
from bot.matching.segment import LATIN_WORD, Segmenter
from bot.matching.smalltalk import EXPRESSIONS, small_talk, split_questions, strip_pleasantries
from bot.matching.spoken import in_plain_mandarin
from bot.textnorm import Lang, compact, detect_language, has_cjk, normalize

if TYPE_CHECKING:  # numpy and the model load only when the semantic signal is on
    from bot.matching.semantic import (
        Embedder,
        EmbeddingCache,
        SemanticIndex,
        Vectors,
    )


log = logging.getLogger(__name__)

LEXICAL_CANDIDATES = 8
ABOUT_BOT = "about.bot"
ABOUT_BOT_KINDS = frozenset({"capabilities", "robot", "help"})
# Small talk by meaning: only short messages, nearer an expression than any phrasing by
# a margin. Of the development sets' training parts (1,791 questions), these take only
# "how are you" (a greeting) and "这玩意儿咋使？俺打字慢，能发语音不？" (help with the bot),
# whose small-talk replies suit them; at 0.92 "tell me a joke" was an insult ("what a joke").
TALK_MAX_CHARS = 20
TALK_MEANING = 0.93
TALK_MARGIN = 0.02
TALK_REST_WORDS = 3  # Chinese characters or Latin words after a known pleasantry
MAX_OTHERS = 3  # other questions of one message offered as buttons
# A message declined as another service's question is answered by one of its parts only
# when that part's topic scored at least this share of the declining group's score in
# the whole message's own ranking (chosen on the tuned-on sets): "生二胎要办生育登记吗？
# 怎么申请？" asks about another service, however well "怎么申请" alone is answered.
PART_OVER_DECLINE = 0.5
# A phrasing this close in meaning counts as evidence even without a shared word.
SEMANTIC_EVIDENCE = 0.95
# ...but a question of generic words only ("申请", "怎么查询办理") needs a phrasing
# saying nearly exactly that ("I want to apply" written by an admin).
SEMANTIC_EVIDENCE_GENERIC = 0.98
# e5 puts almost any two short texts above 0.8; only the part above this floor says
# anything about a topic, stretched to 0..1.
SEMANTIC_FLOOR = 0.85
# The probe's probability that the question belongs to a group, added to its blended
# score (chosen on the halves A: the right topic first most often); below the floor, a
# group nothing else found stays out of the ranking.
PROBE_WEIGHT = 1.0
PROBE_FLOOR = 0.05


def _size_in_words(normalized: str) -> int:
    """Chinese characters plus Latin words: a length that means the same in both."""
    return sum(1 for char in normalized if has_cjk(char)) + len(LATIN_WORD.findall(normalized))


def _cache_dir(settings: MatchingSettings | None) -> Path:
    return (settings or MatchingSettings()).cache_dir or default_cache_dir()


def _unique(suggestions: list[Suggestion]) -> list[Suggestion]:
    seen: set[str] = set()
    kept = []
    for suggestion in suggestions:
        if suggestion.topic not in seen:
            seen.add(suggestion.topic)
            kept.append(suggestion)
    return kept


class AnswerEngine:
    def __init__(self, kb: KnowledgeBase, settings: MatchingSettings | None = None,
                 knowledge_dir: Path | None = None, *, embedder: Embedder | None = None,
                 wait: bool = True, cache_index: bool = True,
                 calibration: Calibration | None = None) -> None:
        """`wait`: embed the phrasings the cache lacks before returning; otherwise in
        the background, the engine answering lexically meanwhile (a cold cache never
        delays the bot's start), and the English word list read there too.
        `cache_index`: keep the lexical index on disk between starts
        (bot.matching.indexcache). `calibration`: the decision with both signals
        (default: the shipped bot/matching/calibration.json)."""
        self.settings = settings or MatchingSettings()
        self.knowledge_dir = knowledge_dir
        cache_dir = _cache_dir(self.settings)
        self._index_cache = IndexCache(cache_dir if cache_index else None)
        self._base_cache = IndexCache(cache_dir if cache_index else None, "base")
        with collection_paused():
            self._index = IndexedBase(kb, Segmenter(domain_words(kb)), self._index_cache)
        # One build, or one swap, at a time: builds share the caches, and a swap must not
        # drop a base prepared meanwhile.
        self._prepare_lock = threading.Lock()
        self._prepared: PreparedBase | None = None
        self._embed_lock = threading.Lock()
        self._embedder = embedder
        self._cache: EmbeddingCache | None = None
        calibration_in_use: Calibration | None = None
        # The last text's meaning, with the phrasings' index it was scored on: a short
        # message's is wanted twice (small talk by meaning, then its topics), and scoring
        # it against every phrasing costs about a millisecond. One tuple, replaced whole,
        # so that concurrent questions never see another text's figures.
        self._last_meaning: tuple[SemanticIndex, str, tuple[Vectors, Vectors]] | None = None
        if embedder is None and self.settings.semantic:
            from bot.matching.semantic import load_embedder

            self._embedder = load_embedder(cache_dir)
        if self._embedder is not None:
            from bot.matching.semantic import EmbeddingCache

            self._cache = EmbeddingCache(cache_dir, self._embedder.name)
            if self.settings.calibrated:
                calibration_in_use = calibration or Calibration.load()
                if calibration_in_use is None:
                    log.warning("no usable calibration: answering on the score thresholds")
        self._decision = Decision(self.settings, calibration_in_use)
        self._attach_semantic(self._index, wait)
        if not wait:
            # A running bot reads the English word list now, in the background: the first
            # English question with a word the base does not know would otherwise wait
            # for it (~0.3 s, bot.matching.features.english_words).
            threading.Thread(target=english_words, daemon=True, name="word-list").start()

    @classmethod
    def from_folder(cls, folder: Path, settings: MatchingSettings | None = None,
                    *, wait: bool = True) -> AnswerEngine:
        with collection_paused():
            kb = load_checked(folder, IndexCache(_cache_dir(settings), "base"))
            return cls(kb, settings, folder, wait=wait)

    @property
    def semantic_ready(self) -> bool:
        return self._index.semantic is not None

    def _attach_semantic(self, index: IndexedBase, wait: bool) -> None:
        if self._embedder is None:
            return
        if wait:
            self._build_semantic(index)
            return
        threading.Thread(target=self._build_semantic, args=(index,), daemon=True,
                         name="embed-phrasings").start()

    def _build_semantic(self, index: IndexedBase) -> None:
        embedder, cache = self._embedder, self._cache
        if embedder is None or cache is None:
            return
        from bot.matching.semantic import SemanticIndex, TalkIndex, embed_all

        texts, owners = index.texts()
        try:
            with self._embed_lock:  # a start's background embedding and a reload share the cache
                vectors = embed_all([*texts, *(e for e, _ in EXPRESSIONS)], embedder, cache)
        except Exception as error:  # the lexical engine keeps answering on its own
            log.warning("phrasings not embedded: %s", type(error).__name__)
            return
        index.talk = TalkIndex(vectors[len(texts):], [kind for _, kind in EXPRESSIONS])
        index.semantic = SemanticIndex(vectors[:len(texts)], owners,
                                       len(index.matcher.topic_ids),
                                       cache.path.parent if cache.path else None)

    @property
    def kb(self) -> KnowledgeBase:
        return self._index.kb

    def ask(self, question: str, lang: Lang | None = None) -> Reply:
        index = self._index  # one base for the whole question, even if a reload lands
        # Typed in pinyin: Chinese, answered as the Chinese it spells, the query kept as
        # typed (small talk in Latin letters, "xie xie", is small talk as it is).
        pinyin = holds_pinyin(question)
        lang = lang or ("zh" if pinyin else detect_language(question))
        if pinyin and small_talk(question) is None and \
                self._talk_by_meaning(index, question, strip_pleasantries(question)) is None:
            return replace(self._ask(index, index.pinyin.read(question), lang), query=question)
        return self._ask(index, question, lang)

    def _ask(self, index: IndexedBase, question: str, lang: Lang) -> Reply:
        kind = small_talk(question)
        text = strip_pleasantries(question)
        if kind is None:
            kind = self._talk_by_meaning(index, question, text)
        if kind is not None:
            # "What can you do", "are you a robot", "how do I use this": questions about
            # the bot itself, whose topic the base may hold (the reply is still small talk).
            about = ABOUT_BOT if kind in ABOUT_BOT_KINDS and ABOUT_BOT in index.kb.by_id \
                else None
            return Reply(question, lang, Outcome.SMALLTALK, about, 100.0 if about else 0.0,
                         index.kb.answer(about, lang) if about else None, [], smalltalk=kind)
        reply = self._decide(index, question, text, lang)
        parts = [strip_pleasantries(part) for part in split_questions(question)
                 if small_talk(part) is None]
        # A phrasing typed as written is answered as the admin filed it, its parts unread.
        if len(parts) < 2 or as_typed(question) in index.phrased:
            return reply
        return self._several(index, reply, parts, lang, text)

    def _talk_by_meaning(self, index: IndexedBase, question: str, stripped: str) -> str | None:
        """The kind of small talk a short message the lexicon misses means ("回头再聊"),
        when it is clearly nearer a small-talk expression than any phrasing; `stripped`:
        the message without its known pleasantries (strip_pleasantries)."""
        normalized = normalize(question)
        if index.talk is None or not 0 < len(normalized.replace(" ", "")) <= TALK_MAX_CHARS:
            return None
        # A pleasantry the lexicon knows, with a few more words after it, opens a question
        # ("早上好☀️请问我的那个处理完了吗"): its meaning is the greeting's, not the
        # question's. A word or two left over ("many thanks buddy") is still small talk.
        rest = normalize(stripped)
        if rest != normalized and _size_in_words(rest) >= TALK_REST_WORDS:
            return None
        # Nothing stripped from a Chinese message: the text its topics are ranked on
        # means the same (only punctuation, width or script differ), and its vector is
        # then computed once. (Normalised English loses its apostrophes, and with them
        # some meaning: "what s your phone number" is nearer "what's your name".)
        same = rest == normalized and detect_language(question) == "zh"
        meant = self._meaning(index, stripped if same else question)
        if meant is None:
            return None
        vector, groups = meant
        nearest, kind = index.talk.nearest(vector)
        phrasing = float(groups.max())
        return kind if nearest >= TALK_MEANING and nearest - phrasing >= TALK_MARGIN else None

    def _meaning(self, index: IndexedBase, text: str) -> tuple[Vectors, Vectors] | None:
        """The text's vector and, per group, its cosine with the nearest phrasing; None
        while the phrasings are not embedded or when the model fails (the words alone
        then answer)."""
        semantic, embedder = index.semantic, self._embedder
        if semantic is None or embedder is None:
            return None
        last = self._last_meaning
        if last is not None and last[0] is semantic and last[1] == text:
            return last[2]
        try:
            vector = embedder.embed([self._as_read(index, text)])[0]
            meant = vector, semantic.scores(vector)
        except Exception as error:
            log.warning("semantic scoring failed: %s", type(error).__name__)
            return None
        self._last_meaning = semantic, text, meant
        return meant

    @staticmethod
    def _as_read(index: IndexedBase, text: str) -> str:
        """The text the model embeds: the dialect's words in plain Mandarin and English
        typos mended, as the words' ranking reads them."""
        return in_plain_mandarin(index.matcher.analyzer.speller.mend_words(text))

    def _decide(self, index: IndexedBase, question: str, text: str, lang: Lang) -> Reply:
        phrased = index.phrased.get(as_typed(question))
        if phrased is not None:
            return self._as_filed(index, question, lang, phrased)
        ranked, signals = self._rank(index, text)
        reply = self._decision.weigh(index, question, text, lang, ranked, signals)
        # A question asking for a government document is the office's whatever it is
        # about (issue 10): when nothing is confident it still gets "did you mean", never
        # the bare fallback nor only another office's address. (Of the development sets'
        # ~770 such questions, two are out of scope.)
        if reply.outcome is Outcome.FALLBACK and asks_for_document(text):
            topics = topics_only(signals.blended if signals is not None else ranked)[:3]
            if topics:
                return replace(reply, outcome=Outcome.SUGGEST, declined=False,
                               suggestions=as_suggestions(index, topics, lang))
        return reply

    def _as_filed(self, index: IndexedBase, question: str, lang: Lang, group: str) -> Reply:
        """A phrasing typed as written: the answer, or the decline, an admin filed it
        under (`kb learn`), whatever the rankings would say."""
        if group.startswith(DECLINED_PREFIX):
            return self._decision.declined(index, question, lang, Scored(group, 1.0, True))
        return Reply(question, lang, Outcome.ANSWER, group, 100.0, index.kb.answer(group, lang),
                     [Suggestion(group, index.kb.title(group, lang), 100.0)])

    def _several(self, index: IndexedBase, whole: Reply, parts: list[str], lang: Lang,
                 text: str) -> Reply:
        """A message asking several things: the main answer (the whole message's, or
        else its first clearly answered part's), the other parts' topics offered
        beside it; never one unrelated suggestion for a long message."""
        # Ranked before the parts are: the whole message's meaning is still remembered.
        allowed = self._near_the_decline(index, text) if whole.declined else None
        # A part about the bot itself ("What can I do?" after a situation) asks about
        # the situation: it never answers for the whole message.
        answers = [reply for reply in (self._decide(index, part, part, lang) for part in parts)
                   if reply.topic != ABOUT_BOT and (allowed is None or reply.topic in allowed)]
        found: list[Suggestion] = []
        for reply in answers:
            if reply.outcome is Outcome.ANSWER and reply.topic:
                found.append(Suggestion(reply.topic, index.kb.title(reply.topic, lang),
                                        reply.score))
        main = whole if whole.outcome is Outcome.ANSWER else next(
            (r for r in answers if r.outcome is Outcome.ANSWER), None)
        if main is None or main.topic is None:
            if not found:
                return whole
            offered = _unique(found + whole.suggestions)[:MAX_OTHERS + 1]
            return replace(whole, outcome=Outcome.SUGGEST, topic=None, answer=None,
                           suggestions=offered, hint=None, declined=False)
        others = [s for s in _unique(found) if s.topic != main.topic][:MAX_OTHERS]
        return replace(main, query=whole.query, others=others)

    def _near_the_decline(self, index: IndexedBase, text: str) -> set[str]:
        """The topics a declined message's own ranking put near the group that declined
        it (PART_OVER_DECLINE): the only ones its parts may still answer."""
        ranked, signals = self._rank(index, text)
        scores = signals.blended if signals is not None else ranked
        group = max((s.score for s in scores if s.topic_id.startswith(DECLINED_PREFIX)),
                    default=0.0)
        return {s.topic_id for s in topics_only(scores) if s.score >= PART_OVER_DECLINE * group}

    def _rank(self, index: IndexedBase, question: str) -> tuple[list[Scored], Signals | None]:
        """Topics and out-of-scope groups best first, by the lexical score plus the
        semantic one when the phrasings are embedded; and, when it was used, what both
        signals said (for the calibrated decision)."""
        ranked, signals = self._rank_text(index, question)
        # A question asking for a document is the office's whatever service it is about
        # ("低保的认定标准文件在哪能看到"): when that service's words put its out-of-scope
        # group first, it is ranked again without them, since they say nothing of which
        # disclosure topic answers it.
        if ranked and ranked[0].topic_id.startswith(DECLINED_PREFIX) and \
                asks_for_document(question):
            rest = index.matcher.without_other_services(question)
            if rest and compact(rest) != compact(question):
                return self._rank_text(index, rest)
        return ranked, signals

    def _rank_text(self, index: IndexedBase, question: str
                   ) -> tuple[list[Scored], Signals | None]:
        lexical = index.matcher.rank(question, limit=LEXICAL_CANDIDATES)
        meant = self._meaning(index, question) if normalize(question) else None
        if meant is None:
            return lexical[:4], None
        meaning = meant[1]
        belonging = index.semantic.probabilities(meant[0]) if index.semantic else None
        weight = self.settings.semantic_weight
        # Words only other services use weigh on the meaning too: "如何申请信用卡" is
        # close in meaning to applying, but not to this office.
        foreign = index.matcher.foreign_factor(question)
        needed = SEMANTIC_EVIDENCE if index.matcher.analyzer.analyze(question).content \
            else SEMANTIC_EVIDENCE_GENERIC
        lexical_by_id = {s.topic_id: s for s in lexical}
        blended = []
        for group, topic_id in enumerate(index.matcher.topic_ids):
            near = max(0.0, (float(meaning[group]) - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR))
            belongs = float(belonging[group]) if belonging is not None else 0.0
            if not topic_id.startswith(DECLINED_PREFIX):
                near *= foreign
                belongs *= foreign
            found = lexical_by_id.get(topic_id)
            if found is None and near <= 0 and belongs < PROBE_FLOOR:
                continue
            score = (found.score if found else 0.0) + weight * near + PROBE_WEIGHT * belongs
            evidence = (found.evidence if found else False) or \
                float(meaning[group]) >= needed
            blended.append(Scored(topic_id, score, evidence))
        blended.sort(key=lambda s: -s.score)
        # What the word ranking alone would have done: its own verdict is evidence too.
        lexical_declines = is_declined(lexical)
        lexical_answer = None if lexical_declines else \
            self._decision.threshold_answer(offered(lexical), semantic=False)
        signals = Signals(lexical, blended, [float(m) for m in meaning],
                          index.matcher.topic_ids, foreign,
                          detect_language(question) == "en",
                          lexical_answer.topic_id if lexical_answer else None, lexical_declines)
        return blended[:4], signals

    def signals(self, question: str) -> Signals | None:
        """What both rankings say about a question (None without the semantic signal):
        what `benchmarks/calibrate.py` trains the decision on."""
        return self._rank(self._index, strip_pleasantries(question))[1]

    def nearest_decline(self, question: str) -> str | None:
        """The out-of-scope group, or its part, nearest to a question: where an admin's
        "out of scope" tap files it, so that it is declined with the hint that fits (a
        private dispute's, not 12345's). By meaning when the model runs; by words
        otherwise, and then only the group the words alone would decline it as (None)."""
        matcher = self._index.matcher
        signals = self.signals(question)
        if signals is not None:
            groups = [(score, group) for group, score in zip(signals.group_ids, signals.meaning,
                                                            strict=True)
                      if group.startswith(DECLINED_PREFIX)]
            nearest = max(groups)[1] if groups else None
        else:
            ranked = matcher.rank(strip_pleasantries(question))
            nearest = ranked[0].topic_id if is_declined(ranked) else None
        return None if nearest is None else \
            matcher.part_of(question, nearest)[len(DECLINED_PREFIX):]

    def words_in_passing(self) -> list[PassingWord]:
        """Other services' words that topic phrasings use in passing (bot.matching.audit)."""
        return words_in_passing(self._index.matcher)

    def other_services_words(self, text: str) -> list[str]:
        """The words of `text` only out-of-scope phrasings use (see Matcher)."""
        return self._index.matcher.other_services_words(text)

    def gist(self, question: str) -> str:
        """The distinctive words of a question (synonyms mapped, generic words dropped):
        what two questions must share to count as the same question."""
        return self._index.matcher.analyzer.analyze(question).content

    def prepare(self, folder: Path | None = None) -> PreparedBase:
        """Load, check and index a base without swapping it in; raises
        KnowledgeBaseError. The slow part of a reload (seconds after an edit: the lexical
        index, new phrasings' vectors, the probe), safe on any thread while questions are
        answered, so the bot runs it off the thread that serves residents; the next
        reload of the same content then only swaps it in."""
        folder = folder or self.knowledge_dir
        if folder is None:
            raise ValueError("no knowledge folder to reload from")
        with self._prepare_lock:
            content = knowledge_fingerprint(folder)
            ready = self._prepared
            if ready is not None and ready.folder == folder and ready.content == content:
                return ready
            with collection_paused(collect=True):
                kb = load_checked(folder, self._base_cache, content)
                # A segmenter of its own: adding the new base's words to the serving one
                # would change how the old base splits questions before the swap.
                fresh = IndexedBase(kb, Segmenter(domain_words(kb)), self._index_cache,
                                    previous=self._index)
                self._attach_semantic(fresh, wait=True)  # only changed phrasings are embedded
            self._prepared = PreparedBase(folder, content, fresh)
            return self._prepared

    def reload(self, folder: Path | None = None) -> ReloadReport:
        """Load, check and index a base (or take the one `prepare` made of the same
        files), then swap it in; raises KnowledgeBaseError."""
        prepared = self.prepare(folder)
        with self._prepare_lock:
            if self._prepared is prepared:
                self._prepared = None  # swapped in: not kept twice
            kb = prepared.index.kb
            old = self._index.kb
            self._index = prepared.index
            self.knowledge_dir = prepared.folder
        old_ids, new_ids = set(old.by_id), set(kb.by_id)
        return ReloadReport(
            count=len(kb.topics),
            added=sorted(new_ids - old_ids),
            removed=sorted(old_ids - new_ids),
            changed=sorted(i for i in old_ids & new_ids if old.by_id[i] != kb.by_id[i]),
        )
