"""The fast single-text path must give the fitted pipeline's numbers, whatever the text."""

import random
import sys
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from msimamo.model.fastpath import FastScorer, UnsupportedPipeline, _logistic
from msimamo.model.features import FeatureParams
from msimamo.model.pipeline import FEATURES, MASK, HeadParams, build_pipeline, label_matrix
from msimamo.model.artefact import load_model
from msimamo.text import normalise_all

HEADS = {"stance": HeadParams(C=2.0), "bloc": HeadParams(C=8.0), "sentiment": HeadParams(C=0.5)}


@pytest.fixture(scope="module")
def model(trained):
    return load_model(trained[0])


@pytest.fixture(scope="module")
def words(gold):
    return sorted({w for r in gold for w in r["text"].split()})


def assert_same(scorer: FastScorer, pipeline, texts: list[str]) -> None:
    """The scorer reads what the pipeline's features read: the text with its speaker masked."""
    reference = pipeline.predict_proba(texts)
    rows = pipeline[:-1].transform(texts).tocsr()
    inputs = pipeline.named_steps[MASK].transform(texts)
    for i, text in enumerate(inputs):
        idx, val, probas = scorer.score(text)
        row = rows[i]
        order = np.argsort(row.indices)
        np.testing.assert_array_equal(idx, row.indices[order])
        np.testing.assert_allclose(val, row.data[order], rtol=0, atol=1e-12)
        for h, proba in enumerate(probas):
            np.testing.assert_allclose(proba, reference[h][i], rtol=0, atol=1e-9)
        for h, proba in enumerate(scorer.probas(*scorer.vectorise(text))):
            np.testing.assert_allclose(proba, reference[h][i], rtol=0, atol=1e-9)


def test_equals_predict_proba_on_every_seed_statement(model, gold):
    assert_same(model.scorer, model.pipeline, [r["text"] for r in gold])


def test_equals_predict_proba_on_text_it_has_partly_seen_before(model, gold):
    """Repeated words (counts above one), seen words in new orders, unseen words, odd spacing."""
    texts = [gold[0]["text"] * 3, " ".join(reversed(gold[1]["text"].split())),
             "Xqzt wrrbl ploof.", "   \t\n ", "", "a", f"{gold[2]['text']}\u00a0\u00a0“kwa mujibu wa”  wao"]
    assert_same(model.scorer, model.pipeline, texts)


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_equals_predict_proba_on_generated_text(model, words, data):
    pieces = st.sampled_from(words) | st.text(max_size=8) | st.sampled_from(["“", "”", "''", "’", ",", "  ", "\n"])
    text = " ".join(data.draw(st.lists(pieces, max_size=30)))
    assert_same(model.scorer, model.pipeline, [text])


def test_word_cache_stays_bounded_and_exact(model, gold):
    scorer = FastScorer(model.pipeline)
    scorer.WORD_CACHE_BYTES = 4_000  # room for a handful of words: the cache restarts often
    texts = [r["text"] for r in gold[:10]]
    assert_same(scorer, model.pipeline, texts)
    assert 0 < len(scorer._cache) and scorer._cache_bytes <= 4_000


def _cache_estimate(scorer: FastScorer) -> int:
    """The cache's size recomputed from scratch, to check the running estimate against."""
    total = 0
    for word, (columns, tokens) in scorer._cache.items():
        total += (scorer._SLOT_BYTES + sys.getsizeof(word) + sys.getsizeof(columns)
                  + sum(sys.getsizeof(t) + sum(map(sys.getsizeof, t)) for t in tokens))
    return total


def test_long_random_words_keep_the_cache_under_its_byte_budget(model):
    """Issue #13: long random "words" grew the server by 520 MB in 40 requests. Words past
    MAX_CACHED_WORD are never kept, and plausible ones stop at the byte budget."""
    scorer = FastScorer(model.pipeline)
    scorer.WORD_CACHE_BYTES = 200_000
    rnd = random.Random(13)
    syllables = ["ka", "ma", "wa", "li", "ta", "na", "ku", "mu", "zi", "vi", "ya", "ni", "ngu"]
    peak = 0
    for _ in range(40):
        words = ["".join(rnd.choices(syllables, k=rnd.randint(3, 200))) for _ in range(100)]
        scorer.score("Waziri alisema " + " ".join(words))
        assert scorer._cache_bytes == _cache_estimate(scorer)
        peak = max(peak, scorer._cache_bytes)
    assert all(len(w) <= scorer.MAX_CACHED_WORD for w in scorer._cache)
    assert 0 < peak <= scorer.WORD_CACHE_BYTES
    # the budget is what the cache really holds, to within a factor of two
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    fresh = FastScorer.__new__(FastScorer)
    fresh.__dict__.update(scorer.__dict__, _cache={}, _cache_bytes=0, WORD_CACHE_BYTES=10**9)
    for word in list(scorer._cache):
        fresh._learn(word)
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert fresh._cache_bytes / 2 < held < 2 * fresh._cache_bytes, (held, fresh._cache_bytes)


def test_words_too_long_to_cache_still_score_exactly(model, gold):
    long_word = "kuhusu" * 20  # 120 characters: past MAX_CACHED_WORD
    texts = [f"{gold[3]['text']} {long_word} {long_word}", f"{long_word}{gold[4]['text']}"]
    scorer = FastScorer(model.pipeline)
    assert_same(scorer, model.pipeline, texts)
    assert long_word not in scorer._cache and all(len(w) <= scorer.MAX_CACHED_WORD for w in scorer._cache)


def test_two_class_head_and_other_ngram_ranges(gold):
    """A head with two labels goes through the logistic, not softmax; word trigrams cross words."""
    texts = [r["text"] for r in gold]
    y = label_matrix({"stance": ["critical" if r["stance"] == "critical" else "neutral" for r in gold],
                      "sentiment": [r["sentiment"] for r in gold]}, ["stance", "sentiment"])
    pipeline = build_pipeline(FeatureParams(word_ngram=(1, 3), char_ngram=(3, 4)),
                              {"stance": HEADS["stance"], "sentiment": HEADS["sentiment"]}).fit(texts, y)
    assert_same(FastScorer(pipeline), pipeline, texts[:20])


def test_extreme_margins_do_not_overflow():
    assert _logistic(1e4) == [0.0, 1.0] and _logistic(-1e4) == [1.0, 0.0]
    assert _logistic(0.0) == [0.5, 0.5]


def test_a_setting_it_cannot_reproduce_is_refused(gold):
    texts = [r["text"] for r in gold]
    pipeline = build_pipeline(FeatureParams(), HEADS).fit(
        texts, label_matrix({h: [r[h] for r in gold] for h in HEADS}, list(HEADS)))
    pipeline.steps[list(pipeline.named_steps).index(FEATURES)] = (FEATURES, FeatureUnion([
        ("word", TfidfVectorizer(stop_words=["si", "hakuna"], lowercase=False)),
    ]).fit(normalise_all(texts)))
    with pytest.raises(UnsupportedPipeline, match="stop_words"):
        FastScorer(pipeline)
