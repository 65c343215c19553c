"""The semantic signal's plumbing: the on-disk cache of phrasing embeddings (a miss
never breaks start-up, a reload embeds only what changed) and the lexical fallback when
the model cannot run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR, MatchingSettings
from bot.kb.editor import add_phrasing
from bot.kb.loader import load_knowledge_base
from bot.matching.engine import AnswerEngine, Outcome
from bot.matching.probe import TopicProbe
from bot.matching.semantic import EmbeddingCache, embed_all
from tests.helpers import cache_holding


class _CountingEmbedder:
    name = "fake"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:  # type: ignore[type-arg]
        self.embedded += texts
        rows = [np.frombuffer(t.encode("utf-8").ljust(16, b"\0")[:16], dtype=np.uint8)
                .astype(np.float32) + 1 for t in texts]
        vectors = np.stack(rows) if rows else np.zeros((0, 16), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_embeddings_are_cached_and_only_new_texts_embedded(tmp_path: Path) -> None:
    embedder, cache = _CountingEmbedder(), EmbeddingCache(tmp_path, "fake")
    first = embed_all(["甲", "乙"], embedder, cache)  # type: ignore[arg-type]
    again = embed_all(["甲", "乙", "丙"], embedder, cache)  # type: ignore[arg-type]
    assert embedder.embedded == ["甲", "乙", "丙"]
    assert np.allclose(first, again[:2], atol=1e-3)


def test_a_broken_cache_is_only_a_miss(tmp_path: Path) -> None:
    (tmp_path / "embeddings-fake.npz").write_bytes(b"not a cache")
    embedder = _CountingEmbedder()
    vectors = embed_all(["甲"], embedder, EmbeddingCache(tmp_path, "fake"))  # type: ignore[arg-type]
    assert vectors.shape[0] == 1 and embedder.embedded == ["甲"]


def test_reload_embeds_only_what_changed(knowledge_copy: Path, warm_cache: Path) -> None:
    embedder = _CountingEmbedder()
    settings = MatchingSettings(cache_dir=warm_cache)
    engine = AnswerEngine(load_knowledge_base(knowledge_copy), settings, knowledge_copy,
                          embedder=embedder)  # type: ignore[arg-type]
    assert engine.semantic_ready
    count = len(embedder.embedded)
    add_phrasing(knowledge_copy, "apply.fees", "zh", "办这个要掏钱不")
    engine.reload()
    assert embedder.embedded[count:] == ["办这个要掏钱不"]


def test_an_unwritable_cache_never_stops_the_engine(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    engine = AnswerEngine(load_knowledge_base(DEFAULT_KNOWLEDGE_DIR),
                          MatchingSettings(cache_dir=blocker / "cache"),
                          embedder=_CountingEmbedder())  # type: ignore[arg-type]
    assert engine.semantic_ready
    assert engine.ask("申请信息公开要交钱吗").topic == "apply.fees"


def test_without_the_model_the_lexical_engine_answers_alone() -> None:
    engine = AnswerEngine(load_knowledge_base(DEFAULT_KNOWLEDGE_DIR),
                          MatchingSettings(semantic=False))
    assert not engine.semantic_ready
    assert engine.ask("申请信息公开要交钱吗").topic == "apply.fees"
    assert engine.ask("护照过期了去哪里换新的").outcome is Outcome.FALLBACK


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory,
            shipped_index: tuple[str, bytes] | None) -> tuple[AnswerEngine, _CountingEmbedder]:
    """The shipped base on an embedder that records what it is asked to embed (built
    once for the module: a base's phrasings through a new embedder cost seconds)."""
    embedder = _CountingEmbedder()
    cache = cache_holding(tmp_path_factory.mktemp("counted") / "cache", shipped_index)
    engine = AnswerEngine(load_knowledge_base(DEFAULT_KNOWLEDGE_DIR),
                          MatchingSettings(cache_dir=cache),
                          embedder=embedder)  # type: ignore[arg-type]
    assert engine.semantic_ready
    return engine, embedder


def test_a_failing_model_falls_back_to_the_lexical_score(
        counted: tuple[AnswerEngine, _CountingEmbedder],
        monkeypatch: pytest.MonkeyPatch) -> None:
    engine, embedder = counted
    tried: list[str] = []

    def broken(texts: list[str]) -> np.ndarray:  # type: ignore[type-arg]
        tried.extend(texts)
        raise RuntimeError("model gone")

    monkeypatch.setattr(embedder, "embed", broken)
    assert engine.ask("申请信息公开要交钱吗啊").topic == "apply.fees"
    assert tried  # the model was asked, and failed


def test_a_fresh_install_embeds_only_what_the_seed_lacks(tmp_path: Path) -> None:
    from bot.matching.semantic import text_key, write_vectors

    seeded = _CountingEmbedder()
    write_vectors(tmp_path / "seed" / "embeddings-fake.npz",
                  {text_key("甲"): seeded.embed(["甲"])[0]})
    embedder = _CountingEmbedder()
    cache = EmbeddingCache(tmp_path / "cache", "fake", seed_dir=tmp_path / "seed")
    vectors = embed_all(["甲", "乙"], embedder, cache)  # type: ignore[arg-type]
    assert embedder.embedded == ["乙"]
    assert np.allclose(vectors[0], seeded.embed(["甲"])[0], atol=1e-3)


def test_the_shipped_seed_covers_the_shipped_base() -> None:
    from bot.matching.ranker import Matcher
    from bot.matching.semantic import MODEL_NAME, SEED_DIR, read_vectors, text_key
    from bot.matching.smalltalk import EXPRESSIONS

    seed = read_vectors(SEED_DIR / f"embeddings-{MODEL_NAME}.npz")
    texts = {text for _, _, text in Matcher.texts(load_knowledge_base(DEFAULT_KNOWLEDGE_DIR))}
    texts |= {expression for expression, _ in EXPRESSIONS}  # small talk by meaning
    missing = sum(1 for text in texts if text_key(text) not in seed)
    assert missing == 0, f"{missing} phrasings lack shipped vectors: run `make seed`"


def test_the_shipped_probe_is_the_shipped_bases() -> None:
    from bot.matching.probe import file_name
    from bot.matching.ranker import Matcher
    from bot.matching.semantic import MODEL_NAME, SEED_DIR

    kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    pairs = Matcher.texts(kb)
    embedder = _CountingEmbedder()
    vectors = embed_all([text for _, _, text in pairs], embedder,  # type: ignore[arg-type]
                        EmbeddingCache(None, MODEL_NAME))
    assert embedder.embedded == []  # all from the seed, as a start reads them
    owners = np.array([group for group, _, _ in pairs], dtype=np.int64)
    name = file_name(vectors, owners, len(Matcher.group_ids(kb)))
    assert (SEED_DIR / name).exists(), "the shipped probe lags behind the base: `make seed`"


def test_a_groups_score_is_its_nearest_phrasing_in_any_order() -> None:
    from bot.matching.semantic import SemanticIndex

    vectors = np.eye(4, dtype=np.float32)
    query = np.array([0.1, 0.9, 0.3, 0.5], dtype=np.float32)
    grouped = SemanticIndex(vectors, [0, 0, 1, 2], 3).scores(query)
    shuffled = SemanticIndex(vectors, [1, 0, 0, 2], 3).scores(query)
    assert np.allclose(grouped, [0.9, 0.3, 0.5])
    assert np.allclose(shuffled, [0.9, 0.1, 0.5])
    empty_group = SemanticIndex(vectors, [0, 0, 2, 2], 3).scores(query)
    assert np.allclose(empty_group, [0.9, -1.0, 0.5])


def test_a_start_on_the_shipped_base_reads_only_the_seed(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from bot.matching.semantic import text_key, write_vectors

    seeded = _CountingEmbedder()
    write_vectors(tmp_path / "seed" / "embeddings-fake.npz",
                  {text_key("甲"): seeded.embed(["甲"])[0]})
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "embeddings-fake.npz").write_bytes(b"not a cache")
    embedder = _CountingEmbedder()
    cache = EmbeddingCache(tmp_path / "cache", "fake", seed_dir=tmp_path / "seed")
    embed_all(["甲"], embedder, cache)  # type: ignore[arg-type]
    assert embedder.embedded == [] and "unreadable" not in caplog.text
    embed_all(["甲", "乙"], embedder, cache)  # type: ignore[arg-type]
    assert embedder.embedded == ["乙"] and "unreadable" in caplog.text


def test_the_model_embeds_a_message_asked_twice_once() -> None:
    from bot.matching.semantic import E5Embedder

    embedder = E5Embedder()
    calls: list[list[str]] = []
    model = embedder._model

    class Counting:
        def query(self, texts: list[str]) -> object:
            calls.append(texts)
            return model.query(texts)

    embedder._model = Counting()
    first = embedder.embed(["回头再聊"])
    again = embedder.embed(["回头再聊"])
    embedder.embed(["回头再聊", "申请要钱吗"])  # several texts at once: never remembered
    assert calls == [["回头再聊"], ["回头再聊", "申请要钱吗"]]
    assert np.array_equal(first, again)


def _clustered_phrasings() -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    """Three groups of unit vectors, each group's spread around its own direction."""
    rng = np.random.default_rng(7)
    centres = np.eye(3, 8, dtype=np.float32)
    rows = [centres[group] + 0.3 * rng.standard_normal(8).astype(np.float32)
            for group in range(3) for _ in range(5)]
    vectors = np.stack(rows)
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32), \
        np.repeat(np.arange(3), 5)


def test_a_vector_reads_the_same_fresh_or_cached(tmp_path: Path) -> None:
    """What is learned from the vectors (the probe, keyed by them) must not be learned
    again on the next start only because the cache rounds them."""
    fresh = embed_all(["甲", "乙"], _CountingEmbedder(),  # type: ignore[arg-type]
                      EmbeddingCache(tmp_path, "fake"))
    embedder = _CountingEmbedder()
    cached = embed_all(["甲", "乙"], embedder,  # type: ignore[arg-type]
                       EmbeddingCache(tmp_path, "fake"))
    assert embedder.embedded == [] and np.array_equal(fresh, cached)


def test_the_probe_learns_which_group_a_meaning_belongs_to(tmp_path: Path) -> None:
    vectors, owners = _clustered_phrasings()
    probe = TopicProbe.cached(vectors, owners, 3, tmp_path)
    for group in range(3):
        query = np.eye(3, 8, dtype=np.float32)[group]
        belonging = probe.probabilities(query)
        assert int(np.argmax(belonging)) == group and belonging[group] > 0.5
        assert abs(float(belonging.sum()) - 1.0) < 1e-5


def test_the_probe_is_trained_once_per_set_of_phrasings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vectors, owners = _clustered_phrasings()
    query = vectors[0]
    first = TopicProbe.cached(vectors, owners, 3, tmp_path).probabilities(query)
    saved = list(tmp_path.glob("probe-*.npz"))
    assert len(saved) == 1

    def refuse(*_: object) -> TopicProbe:
        raise AssertionError("trained again")

    monkeypatch.setattr(TopicProbe, "train", classmethod(refuse))
    assert np.allclose(TopicProbe.cached(vectors, owners, 3, tmp_path).probabilities(query),
                       first)
    with pytest.raises(AssertionError, match="trained again"):  # another phrasing: a miss
        TopicProbe.cached(vectors[1:], owners[1:], 3, tmp_path)
    monkeypatch.undo()
    saved[0].write_bytes(b"not an npz")  # damaged: retrained, never a crash
    assert np.allclose(TopicProbe.cached(vectors, owners, 3, tmp_path).probabilities(query),
                       first)


def test_a_base_too_large_for_the_probe_is_ranked_without_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.matching import semantic

    monkeypatch.setattr(semantic, "PROBE_MAX_CELLS", 100)
    engine = AnswerEngine.from_folder(DEFAULT_KNOWLEDGE_DIR)
    index = engine._index.semantic
    assert index is not None and index.probabilities(np.ones(384, np.float32)) is None
    reply = engine.ask("申请政府信息公开要收费吗")
    assert reply.outcome is Outcome.ANSWER and reply.topic == "apply.fees"



def test_a_short_message_is_scored_against_the_phrasings_once(
        shipped_engine: AnswerEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small talk by meaning, then the topics: both want the same text's meaning.
    semantic = shipped_engine._index.semantic
    assert semantic is not None
    scored: list[object] = []
    original = semantic.scores

    def counting(query: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
        scored.append(query)
        return original(query)

    monkeypatch.setattr(semantic, "scores", counting)
    reply = shipped_engine.ask("申请公开要交钱吗收费标准是什么")
    assert reply.topic == "apply.fees" and len(scored) == 1
    shipped_engine.ask("能不能帮我查一下申请进度")
    assert len(scored) == 2  # another text: scored afresh


@pytest.mark.parametrize(("message", "read_as"), [
    ("俺想问问咋申请", "我想问问怎么申请"),
    ("恁这儿中不中要俺们村的征地文件？", "你们这儿可不可以要我们村的征地文件"),
    ("啥子叫主动公开", "什么叫主动公开"),
    ("How do I apply?", "How do I apply?"),  # nothing to rewrite
])
def test_the_model_reads_the_local_dialect_in_plain_mandarin(
        counted: tuple[AnswerEngine, _CountingEmbedder], message: str, read_as: str) -> None:
    engine, embedder = counted
    embedder.embedded.clear()
    engine.ask(message)
    assert read_as in embedder.embedded
    assert not any(word in text for text in embedder.embedded for word in "俺恁啥咋")
