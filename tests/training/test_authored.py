"""The authored supplement meets the counts its issue set, with valid labels and no seed text reused."""

import re
from collections import Counter

import pytest

from conftest import SEEDS
from training.corpus import load_gold, load_training_table
from msimamo.labels import BLOCS, STANCES

AUTHORED = SEEDS / "authored.csv"


@pytest.fixture(scope="module")
def authored():
    return load_gold(AUTHORED)


def test_counts(authored):
    assert len(authored) >= 450
    stance, bloc = Counter(s.stance for s in authored), Counter(s.bloc for s in authored)
    assert all(stance[s] >= 130 for s in STANCES), stance
    assert all(bloc[b] >= 70 for b in BLOCS), bloc
    assert len({s.event for s in authored}) >= 25
    crossed = [s for s in authored if s.stance != "neutral" and
               (s.stance, s.sentiment) not in {("supportive", "positive"), ("critical", "negative")}]
    crossed += [s for s in authored if s.stance == "neutral" and s.sentiment != "neutral"]
    assert len(crossed) >= 60


def test_many_speakers_per_bloc_and_every_mark_style(authored):
    speakers = {b: {s.speaker for s in authored if s.bloc == b and s.speaker} for b in BLOCS}
    assert all(len(v) >= 8 for v in speakers.values())
    texts = " ".join(s.text for s in authored)
    for mark in ("“", '"', "‘", "«", "''"):
        assert mark in texts


def test_rows_are_authored_sentences_grouped_by_event(authored):
    for s in authored:
        assert s.source == "authored" and s.article == f"authored_{s.event}"
        assert (s.start, s.end) == (0, len(s.text))
    assert len({s.text for s in authored}) == len(authored)
    table = load_training_table(AUTHORED)
    assert set(table.groups) == {f"authored_{s.event}" for s in authored}


def _shingles(text: str, n: int = 12) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_no_seed_sentence_is_reused(authored, gold):
    """Twelve words in a row is longer than any shared institution name (the longest is nine)."""
    seed = set().union(*(_shingles(r["text"]) for r in gold))
    reused = [s.text for s in authored if _shingles(s.text) & seed]
    assert not reused, reused[:3]
