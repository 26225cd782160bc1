"""One text scored without the Pipeline's per-call machinery, with the fitted pipeline's arithmetic.

A Pipeline call on one short statement costs ~2 ms, nearly all of it input validation and sparse
matrix set-up around a few hundred dictionary look-ups and a small product. This repeats the
arithmetic of the fitted steps — the same tokenizer and vocabularies, (sublinear) tf, idf, an l2
norm per vectoriser, then softmax, or the logistic for two classes, of each head's decision with its
calibration folded in (``heads.linear_head``) — so its probabilities equal
``predict_proba``'s to rounding; tests hold it to 1e-9 on every seed statement and on generated text.

Why it is shaped this way (measured on a 160-character statement):

* Every feature but the word n-grams of two or more words lies inside one whitespace-separated
  word: ``char_wb`` pads and cuts each word alone, and the token pattern cannot match a space. So
  each distinct word is analysed once and its feature indices kept, which is exact; on news text
  almost every word has been seen before. The cache is bounded by an estimate of its bytes, not
  by its entries, and words longer than any real one are analysed every time, never kept: a
  client sending long random "words" would otherwise fill memory with entries of kilobytes each.
* A text's indices are counted with one sort and a run-length pass in numpy rather than a
  ``Counter`` over a Python list.
* All heads' coefficients sit side by side, so a text costs one gather and one product.
* Softmax over three or four numbers is cheaper in plain Python than through numpy calls.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.pipeline import Pipeline

from msimamo.errors import UnsupportedPipeline
from msimamo.model.heads import linear_head
from msimamo.model.pipeline import FEATURES, HEADS_STEP
from msimamo.text import normalise

#: Settings of a vectoriser that this module reproduces; anything else is refused when loading.
_REQUIRED = {"input": "content", "lowercase": False, "strip_accents": None, "preprocessor": None,
             "tokenizer": None, "stop_words": None, "binary": False, "norm": "l2", "dtype": np.float64}


@dataclass(frozen=True)
class _Part:
    """One vectoriser of the feature union and where its columns start."""

    offset: int
    size: int
    terms_in_word: Callable[[str], list[str]]  # the terms that lie inside one word alone
    tokenize: Callable[[str], list[str]] | None  # word analyser: tokens, for n-grams across words
    vocab: dict
    ngrams: range  # n-gram lengths that cross words (word analyser only)


def _check(name: str, vec) -> None:
    params = vec.get_params()
    for key, want in _REQUIRED.items():
        if params.get(key) != want:
            raise UnsupportedPipeline(f"vectoriser {name!r}: {key}={params.get(key)!r}, the fast path needs {want!r}")
    if vec.analyzer not in ("word", "char_wb"):
        raise UnsupportedPipeline(f"vectoriser {name!r}: analyzer={vec.analyzer!r}, the fast path needs word or char_wb")


def _part(vec, offset: int) -> _Part:
    vocab = vec.vocabulary_
    if vec.analyzer == "char_wb":
        return _Part(offset, len(vocab), vec.build_analyzer(), None, vocab, range(0))
    tokenize, (lo, hi) = vec.build_tokenizer(), vec.ngram_range
    return _Part(offset, len(vocab), tokenize if lo == 1 else lambda _: [], tokenize, vocab,
                 range(max(lo, 2), hi + 1))


class FastScorer:
    """Feature indices, values and per-head probabilities of one text, as the pipeline computes them."""

    #: Estimated bytes the word cache may hold (words, their columns and tokens, the dict's slot);
    #: a word seen in news costs ~400, so this keeps some 80,000 of them. Full, it starts afresh.
    WORD_CACHE_BYTES = 32 * 1024 * 1024
    #: Longer words are analysed on each use and never cached. Swahili news words stay well under
    #: 30 characters; past this are URLs, glued text or an attack, none worth remembering.
    MAX_CACHED_WORD = 48
    #: A dict slot and the entry's tuple, beside what ``sys.getsizeof`` reports for its parts.
    _SLOT_BYTES = 120

    def __init__(self, pipeline: Pipeline):
        union = pipeline.named_steps[FEATURES]
        parts, weights, names, offset = [], [], [], 0
        for name, vec in union.transformer_list:
            _check(name, vec)
            part = _part(vec, offset)
            parts.append(part)
            idf = vec.idf_ if vec.use_idf else np.ones(part.size)
            weights.append(np.asarray(idf, dtype=np.float64))
            column_names = np.empty(part.size, dtype=object)
            for term, j in vec.vocabulary_.items():
                column_names[j] = term
            names.append(column_names)
            offset += part.size
        self.parts = parts
        self.cross = [p for p in parts if p.ngrams]
        sublinear = {vec.sublinear_tf for _, vec in union.transformer_list}
        if len(sublinear) != 1:
            raise UnsupportedPipeline("the vectorisers disagree on sublinear_tf")
        self.sublinear = sublinear.pop()
        self.weights = np.concatenate(weights)
        self.feature_names = np.concatenate(names)
        self.part_bounds = np.array([p.offset for p in parts] + [offset], dtype=np.int32)
        self._cache: dict[str, tuple[np.ndarray, tuple[tuple[str, ...], ...]]] = {}
        self._cache_bytes = 0  # estimated size of ``_cache``

        heads = pipeline.named_steps[HEADS_STEP]
        self.heads = list(heads.heads_)
        self.classes = [list(c) for c in heads.classes_]
        linear = [linear_head(est) for est in heads.estimators_]
        coef_t = [coef.T for coef, _ in linear]
        self.intercept_all = np.concatenate([intercept for _, intercept in linear])
        #: Every head's coefficients for a column, then its idf: one row read per column and text.
        self.table = np.ascontiguousarray(np.column_stack(coef_t + [self.weights]))
        bounds = np.cumsum([0] + [c.shape[1] for c in coef_t]).tolist()
        self.head_bounds = list(zip(bounds[:-1], bounds[1:]))

    def _learn(self, word: str) -> tuple[np.ndarray, tuple[tuple[str, ...], ...]]:
        """A word's columns and cross-word tokens, kept when the word is of a plausible length."""
        found = [j + p.offset for p in self.parts for j in map(p.vocab.get, p.terms_in_word(word)) if j is not None]
        columns = np.array(found, dtype=np.int32)
        columns.flags.writeable = False
        tokens = tuple(tuple(p.tokenize(word)) for p in self.cross)
        entry = (columns, tokens)
        if len(word) > self.MAX_CACHED_WORD:
            return entry
        size = self._SLOT_BYTES + sys.getsizeof(word) + sys.getsizeof(columns)
        for part in tokens:  # plain loops: a third cheaper than sum() over generators, per miss
            size += sys.getsizeof(part)
            for token in part:
                size += sys.getsizeof(token)
        if self._cache_bytes + size > self.WORD_CACHE_BYTES:
            self._cache.clear()
            self._cache_bytes = 0
        self._cache[word] = entry
        self._cache_bytes += size
        return entry

    def columns(self, norm: str) -> np.ndarray:
        """Column index of every feature occurrence in a normalised text, repeats included."""
        cache, learn = self._cache, self._learn
        entries = [cache.get(word) or learn(word) for word in norm.split()]
        arrays = [entry[0] for entry in entries]
        across = []
        for k, part in enumerate(self.cross):
            seq = [token for entry in entries for token in entry[1][k]]
            get, off = part.vocab.get, part.offset
            for n in part.ngrams:
                grams = map(" ".join, zip(*(seq[i:] for i in range(n))))
                across += [j + off for j in map(get, grams) if j is not None]
        if across:
            arrays.append(np.array(across, dtype=np.int32))
        return np.concatenate(arrays) if arrays else np.empty(0, dtype=np.int32)

    def _terms(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sorted distinct columns of a text and their (sublinear) term frequencies."""
        found = self.columns(normalise(text))
        n = found.size
        if n == 0:
            return found, np.empty(0)
        found.sort()
        first = np.empty(n, dtype=bool)
        first[0] = True
        np.not_equal(found[1:], found[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        counts = np.empty(starts.size)
        np.subtract(starts[1:], starts[:-1], out=counts[:-1])
        counts[-1] = n - starts[-1]
        if self.sublinear:
            np.log(counts, out=counts)
            counts += 1.0
        return found[starts], counts

    def _normalise_parts(self, idx: np.ndarray, val: np.ndarray) -> None:
        """Divide each vectoriser's stretch of ``val`` by its own l2 norm, as the union's parts do."""
        cuts = np.searchsorted(idx, self.part_bounds).tolist()
        for a, b in zip(cuts[:-1], cuts[1:]):
            if b > a:
                segment = val[a:b]
                segment /= math.sqrt(segment @ segment)

    def vectorise(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's tf-idf row as sorted column indices and values."""
        idx, val = self._terms(text)
        val *= self.weights[idx]
        self._normalise_parts(idx, val)
        return idx, val

    def probas(self, idx: np.ndarray, val: np.ndarray) -> list[list[float]]:
        """Each head's class probabilities, in ``classes`` order, as its ``predict_proba`` gives them."""
        return self._heads(val, self.table[idx])

    def score(self, text: str) -> tuple[np.ndarray, np.ndarray, list[list[float]]]:
        """``vectorise`` and ``probas`` in one, reading each column's idf and coefficients in a single
        gather rather than two: every pass over scattered table rows costs cache misses."""
        idx, val = self._terms(text)
        rows = self.table[idx]
        val *= rows[:, -1]
        self._normalise_parts(idx, val)
        return idx, val, self._heads(val, rows)

    def _heads(self, val: np.ndarray, rows: np.ndarray) -> list[list[float]]:
        """Probabilities per head from a row's values and its gathered ``table`` rows (the last
        column, idf, adds one unused number to the product)."""
        z = ((val @ rows)[:-1] + self.intercept_all).tolist()
        out = []
        for a, b in self.head_bounds:
            if b - a == 1:
                out.append(_logistic(z[a]))
            else:
                top = max(z[a:b])
                e = [math.exp(v - top) for v in z[a:b]]
                total = sum(e)
                out.append([v / total for v in e])
        return out

    def explain(self, h: int, label_index: int, idx: np.ndarray, val: np.ndarray, k: int = 10):
        """The n-grams that pushed towards ``label_index`` most, and those that pushed against it
        most: coefficient × tf-idf, strongest first (the second list's weights are negative)."""
        a, b = self.head_bounds[h]
        coef = self.table[idx, a:b]
        if coef.shape[1] == 1:
            contrib = coef[:, 0] * val * (1 if label_index == 1 else -1)
        else:
            contrib = coef[:, label_index] * val
        order = np.argsort(-contrib, kind="stable")
        pushed = [(self.feature_names[idx[i]], float(contrib[i])) for i in order[:k] if contrib[i] > 0]
        held = [(self.feature_names[idx[i]], float(contrib[i])) for i in order[::-1][:k] if contrib[i] < 0]
        return pushed, held


def _logistic(z: float) -> list[float]:
    """[1 - p, p] for a binary head, without overflowing ``exp`` at large |z|."""
    if z >= 0:
        p = 1.0 / (1.0 + math.exp(-z))
    else:
        e = math.exp(z)
        p = e / (1.0 + e)
    return [1.0 - p, p]
