"""API_KEY: a bearer token on the routes that run the model, when the operator sets one."""

from __future__ import annotations

import hmac

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler


async def require_key(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """With API_KEY set, the routes that run the model need ``Authorization: Bearer <API_KEY>``.
    Async on purpose: Litestar runs a sync guard in a worker thread, ~180 µs per request."""
    key = connection.app.state.settings.api_key
    if key is None:
        return
    given = connection.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), key.encode()):
        raise NotAuthorizedException(
            detail="this server needs an API key: send `Authorization: Bearer <API_KEY>`",
            headers={"www-authenticate": 'Bearer realm="msimamo"'},
            extra=[{"key": "authorization", "source": "header",
                    "message": "missing" if not given else "not the server's API_KEY"}])
