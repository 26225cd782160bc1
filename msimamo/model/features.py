"""The shared text representation: word and character n-gram TF-IDF over normalised text.

Character n-grams matter for Swahili: negation and agreement are prefixes inside words
(*ha*ina, *hatu*kubali, *wa*mesema), which word tokens alone would treat as unrelated words.
No stop-word list is applied: the usual Swahili lists drop si, hakuna, dhidi, lakini — the very
words that carry stance.
"""

from __future__ import annotations

from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

TOKEN_PATTERN = r"(?u)\b\w+(?:'\w+)*\b"


@dataclass(frozen=True)
class FeatureParams:
    word_ngram: tuple[int, int] = (1, 2)
    char_ngram: tuple[int, int] = (2, 5)
    min_df: int = 1

    def as_dict(self) -> dict:
        return {"word_ngram": list(self.word_ngram), "char_ngram": list(self.char_ngram), "min_df": self.min_df}


def build_features(params: FeatureParams) -> FeatureUnion:
    """Input is already normalised (lower-cased), so the vectorisers do no case folding of their own."""
    common = dict(sublinear_tf=True, lowercase=False, min_df=params.min_df)
    return FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", token_pattern=TOKEN_PATTERN,
                                 ngram_range=params.word_ngram, **common)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=params.char_ngram, **common)),
    ])
