"""The learning loop (issue 10): unanswered questions listed by likely topic, attached to
a topic with one tap (or `kb learn`), written into the YAML keeping its layout, reloaded;
personal data masked before it is stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR, MatchingSettings
from bot.kb.editor import EditError, add_phrasing
from bot.kb.loader import load_knowledge_base
from bot.matching.engine import AnswerEngine
from bot.matching.semantic import EmbeddingCache, embed_all
from bot.services import build_services
from bot.validators import mask_personal_data
from tests.helpers import Resident

ADMIN = 900


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, target)
    return target


def test_a_phrasing_is_inserted_keeping_every_other_line(folder: Path) -> None:
    path = folder / "topics" / "apply.yaml"
    before = path.read_text(encoding="utf-8").split("\n")
    changed = add_phrasing(folder, "apply.fees", "zh", "办这个要掏钱不")
    after = path.read_text(encoding="utf-8").split("\n")
    assert changed == path
    added = [line for line in after if line not in before]
    assert [line.strip() for line in added] == ["- 办这个要掏钱不"]
    assert [line for line in after if line.strip() != "- 办这个要掏钱不"] == before
    topic = load_knowledge_base(folder).by_id["apply.fees"]
    assert topic.phrasings["zh"][-1] == "办这个要掏钱不"


def test_english_and_out_of_scope_phrasings_and_awkward_text(folder: Path) -> None:
    add_phrasing(folder, "apply.fees", "en", "fees: how much?")
    add_phrasing(folder, "other-services", "zh", "公积金提取要带什么")
    kb = load_knowledge_base(folder)
    assert kb.by_id["apply.fees"].phrasings["en"][-1] == "fees: how much?"
    assert kb.decline("other-services").phrasings["zh"][-1] == "公积金提取要带什么"  # type: ignore[union-attr]


def test_duplicates_and_unknown_topics_change_nothing(folder: Path) -> None:
    path = folder / "topics" / "apply.yaml"
    before = path.read_text(encoding="utf-8")
    with pytest.raises(EditError):
        add_phrasing(folder, "apply.fees", "zh", "申请收费吗")
    with pytest.raises(EditError):
        add_phrasing(folder, "apply.nothing", "zh", "一个新问题")
    assert path.read_text(encoding="utf-8") == before


def test_personal_data_is_masked_before_storage() -> None:
    masked = mask_personal_data("我的身份证110101199003077777，电话13812345678，"
                                "邮箱wang.wu@example.com，申请到哪了")
    assert "110101199003077777" not in masked and "13812345678" not in masked
    assert "wang.wu@" not in masked and "申请到哪了" in masked


def test_unanswered_by_topic_then_one_tap_learns_and_reloads(folder: Path,
                                                             tmp_path: Path) -> None:
    from bot.config import load_settings
    settings = load_settings({}, db_path=str(tmp_path / "t.db"), admin_ids=str(ADMIN),
                             knowledge_dir=str(folder))
    local = AnswerEngine.from_folder(folder, MatchingSettings(semantic=False))
    services = build_services(settings, engine=local)
    try:
        person = Resident(services.assistant, 42)
        person.say("量子纠缠是什么原理，电话13812345678")
        rows = services.repo.questions_since("1970-01-01")
        assert "13812345678" not in rows[-1]["text"]
        admin = Resident(services.assistant, ADMIN)
        [listing] = admin.say("/unanswered")
        assert "量子纠缠" in listing.text
        decline = next(b.data for row in listing.buttons for b in row
                       if b.data.endswith(":~"))
        [learned] = admin.press(decline)
        assert "other-services" in learned.text
        assert "量子纠缠" in (folder / "out_of_scope.yaml").read_text(encoding="utf-8")
        [empty] = admin.say("/unanswered")
        assert "量子纠缠" not in empty.text  # learned: no longer listed
        assert Resident(services.assistant, 43).press(decline) == []  # not an admin
    finally:
        services.close()


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


def test_reload_embeds_only_what_changed(folder: Path, tmp_path: Path) -> None:
    embedder = _CountingEmbedder()
    settings = MatchingSettings(cache_dir=tmp_path / "cache")
    engine = AnswerEngine(load_knowledge_base(folder), settings, folder,
                          embedder=embedder)  # type: ignore[arg-type]
    assert engine.semantic_ready
    count = len(embedder.embedded)
    add_phrasing(folder, "apply.fees", "zh", "办这个要掏钱不")
    engine.reload()
    assert embedder.embedded[count:] == ["办这个要掏钱不"]
