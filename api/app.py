"""The Litestar service: an app factory, the model loaded once in the lifespan, typed I/O.

Small requests are labelled on the event loop, batched per turn (api.batching): statement mode on
a few thousand characters takes milliseconds, and the hop to another process would cost more than
the work. Larger ones go to a model process (api.pool) under REQUEST_TIMEOUT_S, so no request
can hold the loop, and /health with it, for long, and one that overruns is stopped.
"""

from __future__ import annotations

import asyncio
import re
import gc
import logging
import signal
import tempfile
import os
import time
from contextlib import asynccontextmanager
from functools import partial

from pathlib import Path

import msgspec
import swagger_ui_bundle
from litestar import HttpMethod, Litestar, MediaType, Request, Response, get, post, route
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.datastructures import State
from litestar.exceptions import HTTPException, InternalServerException, ValidationException
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Example, OpenAPI, Schema
from litestar.config.cors import CORSConfig
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.params import FromPath, JSONBody
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.stores.file import FileStore
from litestar.response import File, Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from api import archive, logs, metrics, work
from api.auth import require_key
from api.hotswap import Reloader, on_disk
from api.batching import TurnBatcher
from api.pool import ModelPool, PoolBusy, RequestTimedOut, WorkerGone
from api.schemas import (ArticleResponse, ClassifyRequest, ErrorBody, Health, LastReload, ModelCard, ModelInfo, OnDisk,
                         StatementResponse)
from api.validation import request_problems, texts_of
from msimamo.config import Settings
from msimamo.model.artefact import load_model
from msimamo.model.labeller import Msimamo
from msimamo.report.assets import asset_path

#: Requests with more text than this go to a model process; smaller ones run on the loop.
INLINE_CHARS = 4_000

# generate_examples=False: Litestar would otherwise invent random bodies, new on every start;
# the real error bodies are added by ``_document`` (they depend on the settings).
ERRORS = {
    400: ResponseSpec(ErrorBody, description="Malformed request: `extra` names each offending field.",
                      generate_examples=False),
    408: ResponseSpec(ErrorBody, description="Body not received within BODY_TIMEOUT_S; the connection is closed.",
                      generate_examples=False),
    413: ResponseSpec(ErrorBody, description="Body larger than MAX_BODY_BYTES.", generate_examples=False),
    415: ResponseSpec(ErrorBody, description="Content-Type is not application/json.", generate_examples=False),
    422: ResponseSpec(ErrorBody, description="Article mode found more than MAX_STATEMENTS statements.",
                      generate_examples=False),
    503: ResponseSpec(ErrorBody, description="No model loaded, or the work did not finish within REQUEST_TIMEOUT_S.",
                      generate_examples=False),
}

#: Request examples shown in /schema; tests/api/test_docs.py posts each one and expects a 200.
REQUEST_EXAMPLES = {
    "statement": Example(summary="One statement", value={
        "text": "Waziri wa Mambo ya Nje wa Urusi alisema ushirikiano na Korea Kaskazini utaleta amani "
                "na maendeleo katika eneo lote."}),
    "batch": Example(summary="A batch of two statements", value={"texts": [
        "Msemaji wa Marekani alisema mkataba wa kijeshi kati ya Moscow na Pyongyang ni tishio kwa usalama.",
        "Umoja wa Mataifa ulitoa wito kwa pande zote kuheshimu vikwazo vilivyowekwa."]}),
    "article": Example(summary="An article, its statements extracted (article mode)", value={
        "mode": "article", "text": (
        "Urusi na Korea Kaskazini zimesaini mkataba mpya wa ushirikiano. "
        "Rais wa Urusi alisema: \"Urafiki wetu na Pyongyang utadumu milele.\" "
        "Hata hivyo, waziri wa ulinzi wa Korea Kusini alisema mkataba huo unahatarisha amani ya rasi ya Korea.")}),
}

#: The request id the documented error examples show (each real error carries its own).
EXAMPLE_REQUEST_ID = "5b0e7c1d9a8f4e2b8c6d4f1a2b3c4d5e"
#: Where the app serves Swagger UI's files, taken from the installed swagger-ui-bundle-v2 package.
UI_ASSETS = "/schema-assets"
#: The analyst page's own files; charts.js and plotly.min.js come from msimamo.report (the report inlines them).
PAGE = Path(__file__).resolve().parent
#: The page may load and call nothing but this server: no CDN can creep in unnoticed.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
               "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class Refusal(Exception):
    """A request refused before any model work, answered as ``_error`` with one ``extra`` item."""

    def __init__(self, status: int, detail: str, key: str, message: str, headers: dict[str, str] | None = None,
                 source: str = "body"):
        super().__init__(detail)
        self.status, self.detail, self.key, self.message = status, detail, key, message
        self.headers, self.source = headers, source


log = logging.getLogger("msimamo.api")


def _error(status: int, detail: str, extra: list[dict] | None = None, headers: dict[str, str] | None = None) -> Response:
    """Every error body: status, detail, the fields at fault, and the request's id (header and body)."""
    rid = logs.request_id()
    body = {"status_code": status, "detail": detail} | ({"extra": extra} if extra else {}) | {"request_id": rid}
    return Response(content=body, status_code=status, media_type=MediaType.JSON,
                    headers={**(headers or {}), "x-request-id": rid})


def on_http_error(_: Request, exc: HTTPException) -> Response:
    """Litestar's own refusals (404, 405, 401, 429, …) in the same shape as ours."""
    if exc.status_code == 429:
        metrics.refused("RATE_LIMIT")
    elif exc.status_code == 401:
        metrics.refused("API_KEY")
    extra = exc.extra if isinstance(exc.extra, list) and exc.extra else None
    return _error(exc.status_code, exc.detail, extra, exc.headers)


def on_crash(request: Request, exc: Exception) -> Response:
    """A bug: logged in full with the request's id; the client gets the id to quote, never a trace."""
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(500, "internal error: quote the request id when reporting it")


def on_refusal(_: Request, exc: Refusal) -> Response:
    if exc.status == 408:
        metrics.refused("BODY_TIMEOUT_S")
    return _error(exc.status, exc.detail, [{"key": exc.key, "source": exc.source, "message": exc.message}], exc.headers)


#: Where a msgspec error points: ``- at `$.texts[1]``` or ``unknown field `txt```.
_AT = re.compile(r"at `\$\.?([^`]*)`|unknown field `([^`]*)`")


async def strict_body(request: Request) -> None:
    """Read and check the body before Litestar decodes it (``before_request``: it runs first).

    Litestar converts request data leniently (``"explain": "true"`` or ``1`` became ``True``) and
    ignores the content type, so a cross-site ``text/plain`` form could post here. This takes
    ``application/json`` only, decodes strictly against ``ClassifyRequest``, and bounds the time a
    client may take to send the body. A body that passes decodes the same way in Litestar (which
    then builds the handler's ``data``), and deep nesting never reaches it: the typed decoder
    stops at the first value of the wrong type.
    """
    settings: Settings = request.app.state.settings
    media_type = request.content_type[0].lower()
    if media_type != "application/json":
        raise Refusal(415, "Content-Type must be application/json", "content-type",
                      f"got {media_type or 'none'!r}", source="header")
    try:
        async with asyncio.timeout(settings.body_timeout_s):
            body = await request.body()
    except TimeoutError:
        raise Refusal(408, f"request body not received within BODY_TIMEOUT_S ({settings.body_timeout_s:g} s)",
                      "body", "sent too slowly", {"connection": "close"}) from None
    except InternalServerException:  # Litestar's word for a client that left mid-body
        raise Refusal(400, "client disconnected while sending the body", "body", "incomplete") from None
    if not body.strip():
        raise ValidationException(detail="invalid request", extra=[
            {"key": "body", "source": "body", "message": "empty body: expected a JSON object"}])
    try:
        msgspec.json.decode(body, type=ClassifyRequest)
    except msgspec.ValidationError as exc:
        found = _AT.search(str(exc))
        key = (found.group(1) or found.group(2)) if found else "body"
        raise ValidationException(detail="invalid request", extra=[
            {"key": key or "body", "source": "body", "message": str(exc).split(" - at ")[0]}]) from None
    except msgspec.DecodeError as exc:
        raise ValidationException(detail="invalid request", extra=[
            {"key": "body", "source": "body", "message": str(exc)}]) from None


def on_too_many_statements(_: Request, exc: work.TooManyStatements) -> Response:
    metrics.refused("MAX_STATEMENTS")
    return _error(422, str(exc), [{"key": "MAX_STATEMENTS", "source": "body", "message": "too many statements"}])


def on_pool_failure(request: Request, exc: Exception) -> Response:
    """503 naming REQUEST_TIMEOUT_S: the work overran, no model process came free, or one died."""
    limit = request.app.state.settings.request_timeout_s
    metrics.refused("REQUEST_TIMEOUT_S")
    if isinstance(exc, RequestTimedOut):
        detail = (f"the request's work took longer than REQUEST_TIMEOUT_S ({limit:g} s) and was stopped: "
                  "send less text per request")
    elif isinstance(exc, PoolBusy):
        detail = f"no model process came free within REQUEST_TIMEOUT_S ({limit:g} s): retry later"
    else:
        detail = "the model process stopped while labelling this request; it is being replaced: retry later"
    return _error(503, detail, [{"key": "REQUEST_TIMEOUT_S", "message": f"{limit:g} s"}], {"retry-after": "1"})


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


async def _until_disconnected(request: Request) -> None:
    """Returns when the client hangs up. The body has been read, so the next ASGI message is the
    disconnect (uvicorn sends nothing else until the response is complete)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def _in_pool(request: Request, pool: ModelPool, job: work.Job, timeout: float):
    """The pool's answer, unless the client leaves first: then the work is cancelled, which kills
    its process if it had started (a queued job just leaves the queue)."""
    labelling = asyncio.ensure_future(pool.run(job, timeout))
    watching = asyncio.ensure_future(_until_disconnected(request))
    try:
        await asyncio.wait({labelling, watching}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watching.cancel()
        if not labelling.done():
            labelling.cancel()
    if not labelling.done() or labelling.cancelled():
        raise Refusal(400, "client disconnected before its answer was ready", "body", "abandoned")
    return labelling.result()


@post("/classify", status_code=200, responses=ERRORS, summary="Classify statements or whole articles",
      before_request=strict_body, guards=[require_key])
async def classify(data: JSONBody[ClassifyRequest], request: Request,
                   state: State) -> Response[StatementResponse | ArticleResponse]:
    """Language, stance, bloc, sentiment and relevance for each statement; in article mode, for
    each extracted statement, plus the article's own language and relevance. Text that is not
    Swahili gets its language and no labels."""
    settings: Settings = state.settings
    problems = request_problems(data, settings)
    if problems:
        for limit in {p["limit"] for p in problems if "limit" in p}:
            metrics.refused(limit)
        raise ValidationException(detail="invalid request", extra=[
            {"key": p["key"], "source": "body", "message": p["message"]} for p in problems])
    # the model and its pool as they are now: a reload during this request does not change them
    model, pool = _model(state), state.pool
    job = work.Job(data.mode, texts_of(data), data.explain, settings.max_statements)
    logs.TEXTS.set(len(job.texts))
    if sum(map(len, job.texts)) > INLINE_CHARS:
        results = await _in_pool(request, pool, job, settings.request_timeout_s)
    else:
        results = await state.batcher.run(partial(work.run, model, job))
    metrics.record(data.mode, results)
    response = ArticleResponse if data.mode == "article" else StatementResponse
    return Response(response(model=ModelInfo(version=model.version), results=results),
                    headers={"x-model-version": model.version})


#: The read-only routes answer HEAD as GET without the body (uvicorn sends no body for HEAD).
_READ = [HttpMethod.GET, HttpMethod.HEAD]


@route("/health", http_method=_READ, summary="The process is alive")
async def health() -> Health:
    return Health(status="ok")


@route("/ready", http_method=_READ, responses={503: ERRORS[503]}, summary="200 once the model is loaded")
async def ready(state: State) -> Health:
    _model(state)
    return Health(status="ready")


@route("/model", http_method=_READ, responses={503: ERRORS[503]}, summary="The model card")
async def model_card(state: State) -> ModelCard:
    """The loaded model's card, when it was loaded, whether the file on disk now holds another
    model (then `kill -HUP` or `msimamo reload` loads it), and how the last reload went."""
    card = _model(state).card
    disk = on_disk(state.settings)
    last = state.reloader.last if state.get("reloader") else None
    return ModelCard(version=card.version, trained_at=card.created_at, heads=card.heads, labels=card.labels,
                     metrics=card.evaluation, hyperparameters=card.hyperparameters,
                     training_data=card.training_data, gazetteer=card.gazetteer,
                     loaded_at=_iso(state.loaded_at), on_disk=OnDisk(version=disk, differs=disk != card.version),
                     last_reload=LastReload(at=_iso(last.at), ok=last.ok, detail=last.detail) if last else None)


def _iso(at: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))


def _throttled(request: Request) -> bool:
    """RATE_LIMIT counts the model's routes only: /health, /metrics and the page stay free."""
    return request.method == "POST"


@get("/", include_in_schema=False)
async def page(state: State) -> Template:
    """The analyst page: the article view and the archive view (api/templates/index.html)."""
    settings: Settings = state.settings
    model = state.get("model")
    return Template(template_name="index.html", context={
        "max_chars": settings.max_chars, "archive_max_bytes": settings.archive_max_bytes,
        "version": model.version if model is not None else "not loaded", "needs_key": settings.api_key is not None},
        headers={"content-security-policy": PAGE_POLICY, "x-content-type-options": "nosniff"})


def _asset_file(name: str) -> Path:
    """The page's own files, then charts.js and plotly.min.js, shared with ``msimamo report`` (which
    inlines them). A fixed list: a name is looked up, never joined to a path."""
    if name in ("app.js", "app.css"):
        return PAGE / "static" / name
    if name in ("charts.js", "plotly.min.js"):
        return asset_path(name)
    raise HTTPException(status_code=404, detail=f"no asset {name[:40]!r}")


@get("/assets/{name:str}", include_in_schema=False)
async def page_asset(name: FromPath[str]) -> File:
    media_type = "text/css" if name.endswith(".css") else "text/javascript"
    return File(_asset_file(name), content_disposition_type="inline", media_type=media_type,
                headers={"cache-control": "no-cache", "x-content-type-options": "nosniff"})


def create_app(model: Msimamo | None = None, settings: Settings | None = None, load: bool = True) -> Litestar:
    """Build the app. Without ``model``, the lifespan loads MODEL_PATH once (unless ``load`` is false).

    The lifespan also starts MODEL_PROCESSES model processes, which load MODEL_PATH themselves: with
    a ``model`` given, MODEL_PATH must hold that same model (its version is checked at start).
    """
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Litestar):
        logs.configure(settings)
        if app.state.get("model") is None and load:
            app.state.model = load_model(settings.model_path)
        app.state.loaded_at = time.time()
        # the model's objects never die: keep the collector from walking them (a full collection
        # over them took ~65 ms, most of the slow outliers in make bench-hostile)
        gc.freeze()
        model = app.state.get("model")
        pool = None
        if model is not None:
            pool = app.state.pool = ModelPool(settings.model_path, settings.model_processes, model.version)
            await pool.start()
            metrics.loaded(model.version)
        archives = app.state.archives = archive.Archives(settings)
        reloader = app.state.reloader = Reloader(settings)
        loop = asyncio.get_running_loop()
        reloads: set[asyncio.Task] = set()

        def on_hup() -> None:
            task = loop.create_task(reloader.reload(app.state))
            reloads.add(task)
            task.add_done_callback(reloads.discard)

        try:  # only the main thread may take signals: an app run by a test client in a thread cannot
            loop.add_signal_handler(signal.SIGHUP, on_hup)
            hup = True
        except (RuntimeError, ValueError):
            hup = False
        try:
            yield
        finally:
            if hup:
                loop.remove_signal_handler(signal.SIGHUP)
            for task in reloads:
                task.cancel()
            await reloader.close()
            await archives.close()
            metrics.worker_gone()
            if app.state.pool is not None:
                await app.state.pool.close()

    def on_too_large(_: Request, exc: HTTPException) -> Response:
        if isinstance(exc.extra, list) and exc.extra:  # the archive upload's own limit, already in words
            metrics.refused("ARCHIVE_MAX_BYTES")
            return _error(413, exc.detail, exc.extra)
        metrics.refused("MAX_BODY_BYTES")
        return _error(413, f"request body larger than MAX_BODY_BYTES ({settings.max_body_bytes} bytes)",
                      [{"key": "body", "source": "body", "message": "too large"}])

    prometheus = PrometheusConfig(app_name="msimamo", prefix="msimamo_http", group_path=True,
                                  excluded_http_methods=["HEAD", "OPTIONS"], exclude=["^/metrics$"])
    middleware = [logs.request_ids, prometheus.middleware]
    stores = {}
    if settings.rate_limit:
        # with WORKERS > 1 the workers share one count, kept in files (one per client)
        folder = Path(tempfile.gettempdir()) / f"msimamo-rate-{os.getuid()}-{settings.port}"
        stores["rate_limit"] = FileStore(folder, create_directories=True)
        middleware.append(RateLimitConfig(rate_limit=("minute", settings.rate_limit), store="rate_limit",
                                          check_throttle_handler=_throttled).middleware)
    app = Litestar(
        route_handlers=[classify, health, ready, model_card, page, page_asset, *archive.HANDLERS, PrometheusController,
                        create_static_files_router(UI_ASSETS, directories=[swagger_ui_bundle.swagger_ui_path],
                                                   include_in_schema=False)],
        lifespan=[lifespan],
        template_config=TemplateConfig(directory=PAGE / "templates", engine=JinjaTemplateEngine),
        state=State({"model": model, "settings": settings, "batcher": TurnBatcher(), "pool": None,
                     "loaded_at": time.time()}),
        middleware=middleware,
        stores=stores,
        cors_config=CORSConfig(allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST", "HEAD"],
                               allow_headers=["content-type", "authorization", "x-request-id"],
                               expose_headers=["x-request-id", "x-model-version"], max_age=600)
        if settings.cors_origins else None,
        request_max_body_size=settings.max_body_bytes,
        exception_handlers={UnicodeDecodeError: on_bad_encoding, ValidationException: on_invalid,
                            413: on_too_large, Refusal: on_refusal, work.TooManyStatements: on_too_many_statements,
                            PoolBusy: on_pool_failure, RequestTimedOut: on_pool_failure, WorkerGone: on_pool_failure,
                            HTTPException: on_http_error, Exception: on_crash},
        openapi_config=OpenAPIConfig(
            title="Msimamo", version="1.0.0",
            description=("Stance toward the Russia–DPRK partnership, speaker bloc, sentiment and relevance of "
                         "Swahili news statements, and the language of each text. "
                         f"Limits: at most {settings.max_texts} texts (MAX_TEXTS), "
                         f"{settings.max_chars} characters per text (MAX_CHARS), "
                         f"{settings.max_body_bytes} bytes per body (MAX_BODY_BYTES, answered 413), "
                         f"{settings.max_statements} statements per article-mode request (MAX_STATEMENTS, "
                         f"answered 422), {settings.request_timeout_s:g} s of work for a request over "
                         f"{INLINE_CHARS} characters (REQUEST_TIMEOUT_S, answered 503), "
                         f"{settings.body_timeout_s:g} s to send the body (BODY_TIMEOUT_S, answered 408). "
                         "Bodies must be `application/json` (else 415)."),
            # Swagger UI from the installed package: /schema renders with no internet connection
            render_plugins=[SwaggerRenderPlugin(
                js_url=f"{UI_ASSETS}/swagger-ui-bundle.js", css_url=f"{UI_ASSETS}/swagger-ui.css",
                standalone_preset_js_url=f"{UI_ASSETS}/swagger-ui-standalone-preset.js",
                favicon=f"<link rel='icon' type='image/png' href='{UI_ASSETS}/favicon-32x32.png'>",
                path="/swagger")],
        ),
    )
    _document(app.openapi_schema, settings)
    return app


def _document(openapi: OpenAPI, settings: Settings) -> None:
    """Add what depends on the settings to the generated OpenAPI document: the limits as schema
    constraints on ClassifyRequest, and the real error bodies as examples (the handlers are
    module-level, shared by every app, so this is done on each app's own document)."""
    request = openapi.components.schemas["ClassifyRequest"]
    for name, schema in request.properties.items():
        if name not in ("text", "texts"):
            continue
        for option in schema.one_of or [schema]:
            if isinstance(option, Schema) and option.type == "string":  # text
                option.min_length, option.max_length = 1, settings.max_chars
            elif isinstance(option, Schema) and option.type == "array":  # texts
                option.min_items, option.max_items = 1, settings.max_texts
                option.items.min_length, option.items.max_length = 1, settings.max_chars

    def error(status: int, detail: str, key: str, source: str, message: str) -> dict:
        return {"status_code": status, "detail": detail, "extra": [{"key": key, "source": source, "message": message}],
                "request_id": EXAMPLE_REQUEST_ID}

    [empty] = request_problems(ClassifyRequest(text=""), settings)
    examples = {
        400: {"empty_text": Example(summary='{"text": ""}', value=error(
            400, "invalid request", empty["key"], "body", empty["message"]))},
        413: {"too_large": Example(summary=f"a body over {settings.max_body_bytes} bytes", value=error(
            413, f"request body larger than MAX_BODY_BYTES ({settings.max_body_bytes} bytes)", "body", "body",
            "too large"))},
        415: {"text_plain": Example(summary="Content-Type: text/plain", value=error(
            415, "Content-Type must be application/json", "content-type", "header", "got 'text/plain'"))},
        422: {"too_many_statements": Example(summary="article mode, the first text over MAX_STATEMENTS", value=error(
            422, f"more than {settings.max_statements} statements in the first 1 text(s) of the request, "
                 f"MAX_STATEMENTS allows {settings.max_statements}: send fewer or shorter articles",
            "MAX_STATEMENTS", "body", "too many statements"))},
    }
    operation = openapi.paths["/classify"].post
    operation.request_body.content["application/json"].examples = REQUEST_EXAMPLES
    responses = operation.responses
    for status, named in examples.items():
        responses[str(status)].content["application/json"].examples = named
