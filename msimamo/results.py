"""What labelling returns, typed: the same structs serve the Python API and the HTTP responses, so
a notebook and the service can never disagree on a field's name or meaning."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta


class Ngram(msgspec.Struct):
    ngram: str
    weight: float


class Head(msgspec.Struct, omit_defaults=True):
    """One head's decision: the label, a probability for every label of the head's scheme."""

    label: str
    scores: dict[str, float]
    source: Annotated[str | None, Meta(description="bloc only: `gazetteer` (known speaker) or `model`.")] = None
    explanation: Annotated[list[Ngram] | None, Meta(
        description="With `explain`: the n-grams that pushed towards the label most (positive weights).")] = None
    against: Annotated[list[Ngram] | None, Meta(
        description="With `explain`: the n-grams that pushed against the label most (negative weights).")] = None
    reason: Annotated[str | None, Meta(
        description="With `explain`, for a bloc the gazetteer decided: the speaker and their entry.")] = None


class StatementResult(msgspec.Struct, omit_defaults=True):
    text: str
    stance: Head | None = None
    bloc: Head | None = None
    sentiment: Head | None = None


class ArticleStatement(msgspec.Struct, omit_defaults=True):
    quote: str
    speaker: str | None
    kind: str
    start: Annotated[int, Meta(description="Offset of the statement in the submitted text.")]
    end: int
    text: str
    headline: Annotated[bool, Meta(description="A title or teaser line that reports speech.")]
    stance: Head | None = None
    bloc: Head | None = None
    sentiment: Head | None = None


class ArticleResult(msgspec.Struct):
    statements: list[ArticleStatement]
    summary: Annotated[dict[str, dict[str, int]], Meta(description="Statement count per bloc and stance.")]
