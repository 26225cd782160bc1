"""What labelling returns, typed: the same structs serve the Python API and the HTTP responses, so
a notebook and the service can never disagree on a field's name or meaning."""

from __future__ import annotations

from typing import Annotated, Generic, Literal, TypeVar

import msgspec
from msgspec import Meta

from msimamo.labels import BLOCS, KINDS, SENTIMENTS, STANCES

# Built from msimamo.labels, so the schema's enums cannot drift from the labels the model knows
# (``Literal[("a", "b")]`` is ``Literal["a", "b"]`` at run time).
Stance = Literal[STANCES]  # type: ignore[valid-type]
Bloc = Literal[BLOCS]  # type: ignore[valid-type]
Sentiment = Literal[SENTIMENTS]  # type: ignore[valid-type]
Kind = Literal[KINDS]  # type: ignore[valid-type]
#: Who decided a bloc: the gazetteer of known speakers, or the model.
BlocSource = Literal["gazetteer", "model"]

L = TypeVar("L", bound=str)


class Ngram(msgspec.Struct):
    ngram: str
    weight: float


class Head(msgspec.Struct, Generic[L], omit_defaults=True):
    """One head's decision: the label, a probability for every label of the head's scheme.
    Generic in the label type, so each head's field lists its own allowed labels in /schema."""

    label: L
    scores: dict[L, float]
    source: Annotated[BlocSource | None, Meta(description="bloc only: `gazetteer` (known speaker) or `model`.")] = None
    explanation: Annotated[list[Ngram] | None, Meta(
        description="With `explain`: the n-grams that pushed towards the label most (positive weights).")] = None
    against: Annotated[list[Ngram] | None, Meta(
        description="With `explain`: the n-grams that pushed against the label most (negative weights).")] = None
    reason: Annotated[str | None, Meta(
        description="With `explain`, for a bloc the gazetteer decided: the speaker and their entry.")] = None


class Relevance(msgspec.Struct, omit_defaults=True):
    """Whether a text is about the Russia–DPRK partnership at all."""

    label: Annotated[bool, Meta(description="True when the text is about the Russia–DPRK partnership; "
                                            "a text about North Korea alone or Russia alone is not.")]
    score: Annotated[float, Meta(ge=0.0, le=1.0, description="Probability that the text is about the partnership.")]
    explanation: Annotated[list[Ngram] | None, Meta(
        description="With `explain`: the n-grams that pushed towards the label most.")] = None
    against: Annotated[list[Ngram] | None, Meta(
        description="With `explain`: the n-grams that pushed against the label most.")] = None


class Language(msgspec.Struct):
    """Which language the text is in. Text that is not Swahili gets no labels: the model only knows
    Swahili, and its labels on other text would be confident nonsense."""

    code: Annotated[str, Meta(description="ISO 639-1 code of the detected language (`sw`, `en`, …), "
                                          "`und` when the text is too short to tell.")]
    swahili: Annotated[bool, Meta(description="True when the text is labelled as Swahili.")]
    score: Annotated[float, Meta(ge=0.0, le=1.0, description="Confidence that the text is Swahili.")]


_HEADS_DOC = "Absent when the text is not Swahili (see `language`)."


class StatementResult(msgspec.Struct, omit_defaults=True):
    text: str
    language: Language | None = None
    stance: Annotated[Head[Stance] | None, Meta(description=_HEADS_DOC)] = None
    bloc: Annotated[Head[Bloc] | None, Meta(description=_HEADS_DOC)] = None
    sentiment: Annotated[Head[Sentiment] | None, Meta(description=_HEADS_DOC)] = None
    relevant: Annotated[Relevance | None, Meta(description=_HEADS_DOC)] = None


class ArticleStatement(msgspec.Struct, omit_defaults=True):
    quote: str
    speaker: str | None
    kind: Annotated[Kind, Meta(description="`quote` (direct speech), `reported` (indirect speech) or "
                                           "`narration`.")]
    start: Annotated[int, Meta(description="Offset of the statement in the submitted text.")]
    end: int
    text: str
    headline: Annotated[bool, Meta(description="A title or teaser line that reports speech.")]
    language: Language | None = None
    stance: Annotated[Head[Stance] | None, Meta(description=_HEADS_DOC)] = None
    bloc: Annotated[Head[Bloc] | None, Meta(description=_HEADS_DOC)] = None
    sentiment: Annotated[Head[Sentiment] | None, Meta(description=_HEADS_DOC)] = None
    relevant: Annotated[Relevance | None, Meta(description=_HEADS_DOC)] = None


class ArticleResult(msgspec.Struct, omit_defaults=True):
    statements: list[ArticleStatement]
    summary: Annotated[dict[str, dict[str, int]], Meta(
        description="Count of relevant Swahili statements per bloc and stance.")]
    language: Language | None = None
    relevant: Annotated[Relevance | None, Meta(
        description="Whether the article as a whole is about the partnership.")] = None
