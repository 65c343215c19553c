"""The matching pipeline's parts, one at a time: synonyms, segmentation, pinyin, the
features they make, the naive Bayes posterior, and the index kept on disk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR, MatchingSettings
from bot.kb.editor import add_phrasing
from bot.kb.loader import load_knowledge_base
from bot.matching import ranker
from bot.matching.classifier import NaiveBayes
from bot.matching.engine import AnswerEngine
from bot.matching.features import Analyzer, Speller, SynonymMap, english_words
from bot.matching.homophones import Homophones
from bot.matching.phonetic import syllables
from bot.matching.segment import Segmenter, _prefix_dictionary, is_generic
from tests.helpers import wait_until


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(["信息公开"])


def test_synonyms_rewrite_longest_first_and_latin_only_as_whole_words() -> None:
    synonyms = SynonymMap({"收费": ("要钱", "要钱吗"), "fee": ("cost",)})
    assert synonyms.apply("申请要钱吗") == "申请收费"
    assert synonyms.apply("what does it cost") == "what does it fee"
    assert synonyms.apply("a costume") == "a costume"


def test_domain_terms_stay_whole_and_english_is_stemmed(segmenter: Segmenter) -> None:
    assert "信息公开" in segmenter.words("怎么申请信息公开")
    assert segmenter.words("applying for records") == ["apply", "for", "record"]


def test_someone_is_not_personal(segmenter: Segmenter) -> None:
    # 有个人 is "someone" (有人) unless 个人 qualifies a noun: then it stays "personal".
    assert segmenter.words("有个人倒在地上") == ["有人", "倒", "在", "地上"]
    assert "个人" in segmenter.words("有个人信息泄露了")
    assert "个人" in segmenter.words("有没有个人信息")
    assert "个人" in segmenter.words("个人隐私")


def test_the_prefix_dictionary_is_jiebas_own_and_survives_a_damaged_cache(
        tmp_path: Path) -> None:
    import jieba

    words_file = tmp_path / "words.txt"
    words_file.write_text("信息 900\n信息公开 300\n公开 800\n", encoding="utf-8")
    tokenizer = jieba.Tokenizer(dictionary=str(words_file))
    tokenizer.tmp_dir = str(tmp_path)
    tokenizer.initialize()
    built = _prefix_dictionary(words_file)
    assert built == (tokenizer.FREQ, tokenizer.total) and built[1] == 2000
    cache = tmp_path / "words.txt.prefixes.marshal"
    assert _prefix_dictionary(words_file) == built  # read back from the cache
    cache.write_bytes(b"\x00damaged")
    assert _prefix_dictionary(words_file) == built  # rebuilt, not a crash
    assert _prefix_dictionary(words_file) == built


def test_generic_words_are_known(segmenter: Segmenter) -> None:
    assert is_generic("怎么") and is_generic("申请")
    assert not is_generic("收费")


def test_homophone_typos_share_their_pinyin() -> None:
    assert syllables("申请") == syllables("申情") == ["shen", "qing"]
    assert syllables("abc") == []


def test_features_of_a_question(segmenter: Segmenter) -> None:
    analysis = Analyzer(segmenter, SynonymMap({})).analyze("收费标准 fees")
    kinds = {feature.split(":", 1)[0] for feature in analysis.features}
    assert {"w", "c", "p", "t"} <= kinds
    assert analysis.features["c:收费"] > 0 and "p:shou fei" in analysis.features
    assert "t:#fe" in analysis.features


def test_a_remembered_analysis_is_the_one_its_speller_would_make(segmenter: Segmenter
                                                                 ) -> None:
    analyzer = Analyzer(segmenter, SynonymMap({}))
    assert "staus" in analyzer.analyze("what is my staus", mend=True).normalized
    assert analyzer.analyze("what is my staus", mend=True) is \
        analyzer.analyze("what is my staus", mend=True)  # asked again: remembered
    # The base's vocabulary arrives once its index is built: mended from then on.
    analyzer.speller = Speller({"status"})
    assert "status" in analyzer.analyze("what is my staus", mend=True).normalized
    assert "staus" in analyzer.analyze("what is my staus").normalized  # unmended


def test_generic_words_weigh_less_than_content_words(segmenter: Segmenter) -> None:
    features = Analyzer(segmenter, SynonymMap({})).analyze("怎么 收费").features
    assert features["w:怎么"] < features["w:收费"]


def test_naive_bayes_prefers_the_class_that_saw_the_features() -> None:
    model = NaiveBayes([(0, {"w:收费": 1.0}), (1, {"w:期限": 1.0})], classes=2)
    fee, deadline = model.posterior({"w:收费": 1.0})
    assert fee > 0.5 > deadline and fee + deadline == pytest.approx(1.0)
    assert model.posterior({"w:unknown": 1.0}) == pytest.approx([0.5, 0.5])


def test_synonyms_at_the_end_of_text_and_overlapping_variants() -> None:
    synonyms = SynonymMap({"收费": ("要钱",), "时限": ("多久", "多久答复")})
    assert synonyms.apply("要钱") == "收费"
    assert synonyms.apply("多久答复呢") == "时限呢"
    assert synonyms.apply("多") == "多"


def _rankings(engine: AnswerEngine, questions: list[str]) -> list[object]:
    return [engine._index.matcher.rank(q, limit=5) for q in questions]


QUESTIONS = ["申请要收费吗", "多久答复", "how long until they reply", "怎么办理护照",
             "我想看看征地批复文件", "hiw do i aply"]


def test_the_index_read_from_its_cache_ranks_exactly_as_a_fresh_one(tmp_path: Path) -> None:
    kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    settings = MatchingSettings(cache_dir=tmp_path, semantic=False)
    fresh = AnswerEngine(kb, settings, cache_index=False)
    writer = AnswerEngine(kb, settings)
    assert len(list(tmp_path.glob("lexical-*.marshal"))) == 1
    reader = AnswerEngine(kb, settings)
    assert _rankings(reader, QUESTIONS) == _rankings(fresh, QUESTIONS)
    assert _rankings(writer, QUESTIONS) == _rankings(fresh, QUESTIONS)


def test_a_changed_base_or_a_broken_cache_file_is_a_miss(tmp_path: Path) -> None:
    kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    settings = MatchingSettings(cache_dir=tmp_path, semantic=False)
    AnswerEngine(kb, settings)
    (cached,) = tmp_path.glob("lexical-*.marshal")
    cached.write_bytes(b"\x00not marshal")
    rebuilt = AnswerEngine(kb, settings)
    assert rebuilt.ask("申请要收费吗").topic == "apply.fees"
    topic = kb.topics[0]
    changed = replace(kb, topics=(replace(topic, phrasings={
        **topic.phrasings, "zh": (*topic.phrasings["zh"], "一句全新的问法")}), *kb.topics[1:]))
    AnswerEngine(changed, settings)
    assert len(list(tmp_path.glob("lexical-*.marshal"))) == 2


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    engine = AnswerEngine(load_knowledge_base(DEFAULT_KNOWLEDGE_DIR),
                          MatchingSettings(cache_dir=blocker / "cache", semantic=False))
    assert engine.ask("申请要收费吗").topic == "apply.fees"


def test_the_speller_mends_english_typos_into_the_bases_words_only() -> None:
    speller = Speller({"deadline", "response", "status", "exemptions", "passport"})
    assert speller.correct("whats the deadine for a reponse") == "whats the deadline for a response"
    assert speller.correct("chek my request staus") == "chek my request status"
    assert speller.correct("passport") == "passport"
    assert speller.correct("tell me a joke") == "tell me a joke"  # English: left alone
    assert speller.correct("sorry to bother you") == "sorry to bother you"
    assert speller.correct("申请 staus") == "申请 status"
    assert Speller(()).correct("staus") == "staus"


def test_english_words_are_never_mended_into_the_bases_words() -> None:
    speller = Speller({"required", "mother", "power", "apply", "information"})
    assert speller.correct("my father retired") == "my father retired"
    assert speller.correct("sorry to bother you about the tower") == \
        "sorry to bother you about the tower"
    assert speller.correct("how do i aply") == "how do i apply"


def test_the_model_reads_the_question_as_written_with_its_typos_mended() -> None:
    speller = Speller({"apply", "information", "progress", "application"})
    assert speller.mend_words("How do I aply for Infomation? I can't see my aplication") == \
        "How do I apply for information? I can't see my application"
    assert speller.mend_words("APLY, don't, 申请 aply") == "APLY, don't, 申请 apply"
    assert Speller(()).mend_words("aply") == "aply"


HOMOPHONE_BASE = ["信息公开年度报告在哪看", "年度报告什么时候公布", "年度报告有哪些内容",
                  "申请办理状态怎么查", "办理状态在哪看", "查看办理状态", "公布的文件在哪",
                  "哪些信息会公布", "政府公布的文件", "公开的办理过程"]


def test_homophone_slips_are_mended_into_the_bases_words(segmenter: Segmenter) -> None:
    homophones = Homophones.of_texts(HOMOPHONE_BASE, segmenter.plain_words)
    assert homophones.mend("年度包告什么时候出") == "年度报告什么时候出"
    assert homophones.mend("我的办理状太在哪看？ok") == "我的办理状态在哪看？ok"
    speller = Speller({"status"}, homophones)
    assert speller.correct("年度包告 staus") == "年度报告 status"
    assert speller.mend_words("Staus: 年度包告") == "status: 年度报告"


def test_only_clear_homophone_slips_are_mended(segmenter: Segmenter) -> None:
    cut = segmenter.plain_words
    homophones = Homophones.of_texts(HOMOPHONE_BASE * 3, cut)
    # "不" pairs with anything: "公不公开" asks whether it is public, not 公布.
    assert homophones.mend("标准你们公不公开") == "标准你们公不公开"
    assert homophones.mend("年度报告什么时候出") == "年度报告什么时候出"
    assert homophones.mend("念度") == "年度"
    assert homophones.mend("年度包高") == "年度包高"  # both characters differ
    assert homophones.mend("包告") == "报告"
    # A word used fewer than MIN_USES times is no target.
    assert Homophones.of_texts(["过程信息"], cut).mend("过城") == "过城"
    assert Speller(()).correct("年度包告") == "年度包告"


def test_a_changed_base_cuts_only_its_changed_texts_into_the_same_table(
        segmenter: Segmenter) -> None:
    cut_texts: list[str] = []

    def cut(text: str) -> list[str]:
        cut_texts.append(text)
        return segmenter.plain_words(text)

    before = HOMOPHONE_BASE * 2 + ["过程信息"]
    after = HOMOPHONE_BASE * 3 + ["状态怎么查"]  # one more of each, one removed, one new
    old = Homophones.of_texts(before, cut)
    cut_texts.clear()
    updated = old.updated(before, after, cut)
    assert sorted(cut_texts) == sorted([*HOMOPHONE_BASE, "过程信息", "状态怎么查"])
    fresh = Homophones.of_texts(after, cut)
    assert updated.state() == fresh.state() and updated.state() != old.state()
    assert updated.mend("办理状太") == "办理状态"


def test_questions_are_mended_but_the_bases_vocabulary_is_its_own(engine: AnswerEngine) -> None:
    assert engine.ask("what is the deadine for their reponse").topic == "apply.time-limit"
    assert engine.ask("信息公开申请的办理状太在哪看").topic == "apply.status"
    vocabulary = engine._index.matcher.analyzer.speller.vocabulary
    assert {"deadline", "passport"} <= vocabulary


def _candidates_summed_one_by_one(matcher: ranker.Matcher, weights: dict[str, float]
                                  ) -> list[tuple[int, float]]:
    """The candidates as a plain loop over every posting finds them (no budget)."""
    dots: dict[int, float] = {}
    for feature in sorted(weights, key=lambda f: len(matcher._postings.get(f, ()))):
        for doc, doc_weight in matcher._postings.get(feature, ()):
            dots[doc] = dots.get(doc, 0.0) + weights[feature] * doc_weight
    return sorted(dots.items(), key=lambda c: (-c[1], c[0]))[:ranker.CANDIDATES]


def test_candidates_are_the_phrasings_with_the_largest_dot_products(
        engine: AnswerEngine) -> None:
    matcher = engine._index.matcher
    questions = [*QUESTIONS, "邻居家违建的审批文件能申请公开吗", "what is exempt from disclosure",
                 "申请", "信息公开申请表在哪里下载，要填哪些内容"]
    for question in questions:
        weights = matcher._weigh_query(matcher.analyzer.analyze(question, mend=True).features)
        # The same phrasings, in the same order, with the same sums to the last bit.
        assert matcher._candidates(weights) == _candidates_summed_one_by_one(matcher, weights)


def test_candidates_of_a_question_sharing_nothing_with_the_base(engine: AnswerEngine) -> None:
    matcher = engine._index.matcher
    assert matcher._candidates({"w:zzzqqq": 1.0}) == []


def test_building_an_engine_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    AnswerEngine.from_folder(DEFAULT_KNOWLEDGE_DIR, MatchingSettings(semantic=False))
    assert gc.isenabled()
    gc.disable()
    try:
        AnswerEngine.from_folder(DEFAULT_KNOWLEDGE_DIR, MatchingSettings(semantic=False))
        assert not gc.isenabled()  # a caller's choice is not overridden
    finally:
        gc.enable()


def test_a_bot_starting_reads_the_english_word_list_in_the_background() -> None:
    # The first English question with a word the base lacks must not wait for the list.
    english_words.cache_clear()
    AnswerEngine.from_folder(DEFAULT_KNOWLEDGE_DIR, MatchingSettings(semantic=False),
                             wait=False)
    assert wait_until(lambda: english_words.cache_info().currsize == 1, timeout=20)


def test_a_reload_analyses_only_the_phrasings_it_has_not_seen(
        knowledge_copy: Path, warm_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = MatchingSettings(semantic=False, cache_dir=warm_cache)
    engine = AnswerEngine.from_folder(knowledge_copy, settings)
    analysed: list[str] = []
    original = Analyzer._analyze

    def counting(self: Analyzer, text: str, mend: bool) -> object:
        analysed.append(text)
        return original(self, text, mend)

    monkeypatch.setattr(Analyzer, "_analyze", counting)
    add_phrasing(knowledge_copy, "apply.fees", "zh", "办这个要掏钱不")
    engine.reload()
    assert analysed == ["办这个要掏钱不"]
    fresh = AnswerEngine(load_knowledge_base(knowledge_copy), settings, cache_index=False)
    asked = [*QUESTIONS, "办这个要掏钱不"]
    assert _rankings(engine, asked) == _rankings(fresh, asked)
    homophones = engine._index.matcher.analyzer.speller.homophones
    built = fresh._index.matcher.analyzer.speller.homophones
    assert homophones is not None and built is not None
    assert homophones.state() == built.state()
    # Another synonym reads every text differently: all of them are analysed again.
    synonyms = knowledge_copy / "synonyms.yaml"
    synonyms.write_text(synonyms.read_text(encoding="utf-8").replace(
        "  申请: [申請, 申情, 申清]", "  申请: [申請, 申情, 申清, 申求]"), encoding="utf-8")
    analysed.clear()
    engine.reload()
    assert set(analysed) == {text for _, _, text in ranker.Matcher.texts(engine.kb)}
