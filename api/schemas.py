"""Request and response types; Litestar derives /schema from them. Results are the library's own
types (msimamo.results), so the API and the Python API return the same fields."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from msimamo.model.card import GazetteerInfo
from msimamo.results import ArticleResult, StatementResult


class ClassifyRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: Annotated[str | None, Meta(description="One statement or article. Give `text` or `texts`, not both.")] = None
    texts: Annotated[list[str] | None, Meta(description="Several statements or articles, classified in order.")] = None
    mode: Annotated[Literal["statement", "article"], Meta(
        description="`statement`: each text is one statement. `article`: each text is an article; its "
                    "statements are extracted and classified.")] = "statement"
    explain: Annotated[bool, Meta(description="Add, per head, the n-grams that pushed the decision most.")] = False


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
    request_id: Annotated[str | None, Meta(description="The request's id (also the `X-Request-ID` header): "
                                                       "quote it when reporting a problem.")] = None


class OnDisk(msgspec.Struct):
    version: str | None
    differs: Annotated[bool, Meta(description="True when the model file now on disk is not the one loaded: "
                                              "`kill -HUP` the server, or `msimamo reload`, to load it.")] = False


class LastReload(msgspec.Struct):
    at: str
    ok: bool
    detail: str


class ModelCard(msgspec.Struct):
    version: str
    trained_at: str | None
    heads: list[str]
    labels: dict[str, list[str]]
    metrics: dict | None
    hyperparameters: dict | None
    training_data: dict | None
    gazetteer: GazetteerInfo
    loaded_at: str
    on_disk: OnDisk
    last_reload: LastReload | None = None


class Health(msgspec.Struct):
    status: str
