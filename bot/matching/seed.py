"""Write the vectors of the shipped knowledge base's phrasings, and the probe learned from
them, into the package (`make seed`), so that a fresh install does not spend its first
minutes embedding them nor its first start training the probe.

    .venv/bin/python -m bot.matching.seed
"""

from __future__ import annotations

import sys

import numpy as np

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.kb.loader import load_knowledge_base
from bot.matching.probe import TopicProbe
from bot.matching.ranker import Matcher
from bot.matching.semantic import (
    SEED_DIR,
    EmbeddingCache,
    default_cache_dir,
    embed_all,
    load_embedder,
    text_key,
    write_vectors,
)
from bot.matching.smalltalk import EXPRESSIONS


def main() -> int:
    embedder = load_embedder()
    if embedder is None:
        print("the semantic model cannot run here", file=sys.stderr)
        return 1
    kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    texts = sorted({text for _, _, text in Matcher.texts(kb)} | {e for e, _ in EXPRESSIONS})
    vectors = embed_all(texts, embedder, EmbeddingCache(default_cache_dir(), embedder.name))
    path = SEED_DIR / f"embeddings-{embedder.name}.npz"
    write_vectors(path, {text_key(t): v for t, v in zip(texts, vectors, strict=True)})
    print(f"{len(texts)} vectors (phrasings and small talk) written to {path}")
    # The probe learns from the vectors as a start reads them back (float16, shipped).
    shipped = EmbeddingCache(None, embedder.name)
    pairs = Matcher.texts(kb)
    phrasings = embed_all([text for _, _, text in pairs], embedder, shipped)
    for old in SEED_DIR.glob("probe-*.npz"):
        old.unlink()
    TopicProbe.cached(phrasings, np.array([group for group, _, _ in pairs], dtype=np.int64),
                      len(Matcher.group_ids(kb)), SEED_DIR)
    print(f"the probe written to {SEED_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
