"""The Litestar service: an app factory, the model loaded once in the lifespan, typed I/O."""

from __future__ import annotations

from contextlib import asynccontextmanager
from functools import partial

import anyio
from litestar import Litestar, MediaType, Request, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.params import JSONBody

from api.batching import TurnBatcher
from api.schemas import ArticleResponse, ClassifyRequest, ErrorBody, Health, ModelCard, ModelInfo, StatementResponse
from api.validation import request_problems, texts_of
from msimamo.article import analyse
from msimamo.config import Settings
from msimamo.model.artefact import load_model
from msimamo.model.labeller import Msimamo
from msimamo.results import ArticleResult, StatementResult

#: Requests with more text than this run in a worker thread, so one large article batch cannot
#: stall the event loop (and /health); smaller ones run on the loop, batched per turn (api.batching).
INLINE_CHARS = 4_000

ERRORS = {
    400: ResponseSpec(ErrorBody, description="Malformed request: `extra` names each offending field."),
    413: ResponseSpec(ErrorBody, description="Body larger than MAX_BODY_BYTES."),
    503: ResponseSpec(ErrorBody, description="No model loaded."),
}


def classify_statements(model: Msimamo, texts: list[str], explain: bool) -> list[StatementResult]:
    return [model.classify(t, explain) for t in texts]


def classify_articles(model: Msimamo, texts: list[str], explain: bool) -> list[ArticleResult]:
    return [analyse(model, t, explain) for t in texts]


def _error(status: int, detail: str, extra: list[dict] | None = None) -> Response:
    body = {"status_code": status, "detail": detail} | ({"extra": extra} if extra else {})
    return Response(content=body, status_code=status, media_type=MediaType.JSON)


def on_bad_encoding(_: Request, exc: UnicodeDecodeError) -> Response:
    """Litestar lets a body that is not UTF-8 escape its JSON decoder as a 500; it is the client's error."""
    return _error(400, "request body is not valid UTF-8",
                  [{"key": "body", "source": "body", "message": f"invalid byte at position {exc.start}"}])


def on_invalid(_: Request, exc: ValidationException) -> Response:
    """Name the body as `body` (Litestar says `data`, the handler's parameter) and say when it is empty."""
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if isinstance(item, dict) and item.get("key") == "data":
            item["key"] = "body"
            if item.get("message") == "'data'":
                item["message"] = "empty body: expected a JSON object"
    return _error(exc.status_code, exc.detail, extra)


def _model(state: State) -> Msimamo:
    model = state.get("model")
    if model is None:
        raise HTTPException(status_code=503, detail="no model loaded")
    return model


@post("/classify", status_code=200, responses=ERRORS, summary="Classify statements or whole articles")
async def classify(data: JSONBody[ClassifyRequest], state: State) -> StatementResponse | ArticleResponse:
    """Language, stance, bloc, sentiment and relevance for each statement; in article mode, for
    each extracted statement, plus the article's own language and relevance. Text that is not
    Swahili gets its language and no labels."""
    settings: Settings = state.settings
    problems = request_problems(data, settings)
    if problems:
        raise ValidationException(detail="invalid request", extra=[{**p, "source": "body"} for p in problems])
    model = _model(state)
    texts = texts_of(data)
    work = classify_articles if data.mode == "article" else classify_statements
    if sum(map(len, texts)) > INLINE_CHARS:
        results = await anyio.to_thread.run_sync(work, model, texts, data.explain)
    else:
        results = await state.batcher.run(partial(work, model, texts, data.explain))
    response = ArticleResponse if data.mode == "article" else StatementResponse
    return response(model=ModelInfo(version=model.version), results=results)


@get("/health", summary="The process is alive")
async def health() -> Health:
    return Health(status="ok")


@get("/ready", responses={503: ERRORS[503]}, summary="200 once the model is loaded")
async def ready(state: State) -> Health:
    _model(state)
    return Health(status="ready")


@get("/model", responses={503: ERRORS[503]}, summary="The model card")
async def model_card(state: State) -> ModelCard:
    card = _model(state).card
    return ModelCard(version=card.version, trained_at=card.created_at, heads=card.heads, labels=card.labels,
                     metrics=card.evaluation, hyperparameters=card.hyperparameters,
                     training_data=card.training_data, gazetteer=card.gazetteer)


def create_app(model: Msimamo | None = None, settings: Settings | None = None, load: bool = True) -> Litestar:
    """Build the app. Without ``model``, the lifespan loads MODEL_PATH once (unless ``load`` is false)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Litestar):
        if app.state.get("model") is None and load:
            app.state.model = load_model(settings.model_path)
        yield

    def on_too_large(_: Request, exc: HTTPException) -> Response:
        return _error(413, f"request body larger than MAX_BODY_BYTES ({settings.max_body_bytes} bytes)",
                      [{"key": "body", "source": "body", "message": "too large"}])

    return Litestar(
        route_handlers=[classify, health, ready, model_card],
        lifespan=[lifespan],
        state=State({"model": model, "settings": settings, "batcher": TurnBatcher()}),
        request_max_body_size=settings.max_body_bytes,
        exception_handlers={UnicodeDecodeError: on_bad_encoding, ValidationException: on_invalid,
                            413: on_too_large},
        openapi_config=OpenAPIConfig(
            title="Msimamo", version="1.0.0",
            description=("Stance toward the Russia–DPRK partnership, speaker bloc, sentiment and relevance of "
                         "Swahili news statements, and the language of each text. "
                         f"Limits: at most {settings.max_texts} texts (MAX_TEXTS), "
                         f"{settings.max_chars} characters per text (MAX_CHARS), "
                         f"{settings.max_body_bytes} bytes per body (MAX_BODY_BYTES, answered 413)."),
        ),
    )
