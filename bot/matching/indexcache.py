"""The lexical index on disk, keyed by everything it is built from.

Analysing the base's ~2,800 phrasings (normalising, rewriting synonyms, segmenting,
pinyin) and counting their features takes most of a second, half the start-up budget;
reading the result back takes a few hundredths. The key is a digest of the phrasings,
synonyms and keywords, the words added to the segmenter, and the source of the code
that builds the index, so any change to one of them is a miss and the index is rebuilt.

The file holds plain values only (`marshal`: dicts, lists, tuples, strings, numbers),
in the user's own cache folder, never a shared temporary one; a missing, stale or
unreadable file is only a miss, and writing is atomic (a temporary file renamed).
The other caches in that folder (embeddings, the probe) are written the same way,
through `write_atomically` and `keep_newest` below.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

log = logging.getLogger(__name__)

FORMAT = "1"
KEPT = 6  # index files kept in the folder (other bases: tests, a reload back)
# The modules whose code decides what the index holds.
_SOURCES = ("ranker.py", "features.py", "segment.py", "classifier.py", "phonetic.py",
            "homophones.py", "spoken.py", "../textnorm.py")


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """A cache file written whole or not at all: `write` fills a temporary file beside
    it (private to the user), which is then renamed over it, so a concurrent starter
    never reads half a file. Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, suffix=path.suffix + ".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(partial, path)
    except BaseException:
        # A full disk must not also fill up with the halves of cache files.
        Path(partial).unlink(missing_ok=True)
        raise


def keep_newest(folder: Path, pattern: str, kept: int) -> None:
    """Delete all but the `kept` most recently written files matching `pattern`."""
    files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[kept:]:
        old.unlink(missing_ok=True)


def default_cache_dir() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "disclosure-bot"


@lru_cache(maxsize=4)
def source_digest(*modules: str) -> bytes:
    """A digest of the source of `modules` (paths from bot/matching): a cache keyed by it
    is missed once the code that builds what it holds changes."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in modules:
        digest.update((here / name).read_bytes())
    return digest.digest()


def index_key(*parts: object) -> str:
    """A digest of what an index is built from (their reprs) and of the code building it."""
    digest = hashlib.sha256(FORMAT.encode() + source_digest(*_SOURCES))
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:24]


class IndexCache:
    """Plain values kept in files named `{kind}-{key}.marshal`: the lexical index, and
    the checked knowledge base (bot.matching.indexed.load_checked)."""

    def __init__(self, folder: Path | None, kind: str = "lexical") -> None:
        self.folder = folder
        self.kind = kind

    def file(self, key: str) -> Path | None:
        """Where the value of `key` is kept (None without a folder)."""
        return self.folder / f"{self.kind}-{key}.marshal" if self.folder else None

    def load(self, key: str) -> Any | None:
        path = self.file(key)
        if path is None:
            return None
        try:
            return marshal.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, EOFError, TypeError) as error:
            log.warning("%s cache unreadable, rebuilding: %s", self.kind,
                        type(error).__name__)
            return None

    def save(self, key: str, state: Any) -> None:
        path = self.file(key)
        if path is None:
            return
        try:
            content = marshal.dumps(state)
            write_atomically(path, lambda out: out.write(content))
            keep_newest(path.parent, f"{self.kind}-*.marshal", KEPT)
        except (OSError, ValueError) as error:
            log.warning("%s cache not written: %s", self.kind, type(error).__name__)
