"""Request and response types; Litestar derives /schema from them."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta


class ClassifyRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: Annotated[str | None, Meta(description="One statement or article. Give `text` or `texts`, not both.")] = None
    texts: Annotated[list[str] | None, Meta(description="Several statements or articles, classified in order.")] = None
    mode: Annotated[Literal["statement", "article"], Meta(
        description="`statement`: each text is one statement. `article`: each text is an article; its "
                    "statements are extracted and classified.")] = "statement"
    explain: Annotated[bool, Meta(description="Add, per head, the n-grams that pushed the decision most.")] = False


class Ngram(msgspec.Struct):
    ngram: str
    weight: float


class Head(msgspec.Struct, omit_defaults=True):
    label: str
    scores: dict[str, float]
    source: Annotated[str | None, Meta(description="bloc only: `gazetteer` (known speaker) or `model`.")] = None
    explanation: list[Ngram] | None = None


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
    stance: Head | None = None
    bloc: Head | None = None
    sentiment: Head | None = None


class ArticleResult(msgspec.Struct):
    statements: list[ArticleStatement]
    summary: Annotated[dict[str, dict[str, int]], Meta(description="Statement count per bloc and stance.")]


class ModelInfo(msgspec.Struct):
    version: str


class StatementResponse(msgspec.Struct):
    model: ModelInfo
    results: list[StatementResult]


class ArticleResponse(msgspec.Struct):
    model: ModelInfo
    results: list[ArticleResult]


class ErrorDetail(msgspec.Struct, omit_defaults=True):
    message: str
    key: str | None = None
    source: str | None = None


class ErrorBody(msgspec.Struct, omit_defaults=True):
    status_code: int
    detail: str
    extra: list[ErrorDetail] | dict | None = None


class ModelCard(msgspec.Struct):
    version: str
    trained_at: str | None
    heads: list[str]
    labels: dict[str, list[str]]
    metrics: dict | None
    hyperparameters: dict | None
    training_data: dict | None


class Health(msgspec.Struct):
    status: str
