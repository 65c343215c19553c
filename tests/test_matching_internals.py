"""The matching pipeline's parts, one at a time: synonyms, segmentation, pinyin, the
features they make, and the naive Bayes posterior."""

from __future__ import annotations

import pytest

from bot.matching.classifier import NaiveBayes
from bot.matching.features import Analyzer, SynonymMap
from bot.matching.phonetic import syllables
from bot.matching.segment import Segmenter, is_generic


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


def test_generic_words_weigh_less_than_content_words(segmenter: Segmenter) -> None:
    features = Analyzer(segmenter, SynonymMap({})).analyze("怎么 收费").features
    assert features["w:怎么"] < features["w:收费"]


def test_naive_bayes_prefers_the_class_that_saw_the_features() -> None:
    model = NaiveBayes([(0, {"w:收费": 1.0}), (1, {"w:期限": 1.0})], classes=2)
    fee, deadline = model.posterior({"w:收费": 1.0})
    assert fee > 0.5 > deadline and fee + deadline == pytest.approx(1.0)
    assert model.posterior({"w:unknown": 1.0}) == pytest.approx([0.5, 0.5])
