"""The HTTP ceiling: the same framework, request type and route, with a handler that returns a constant."""

from litestar import Litestar, post

from api.schemas import ClassifyRequest, Health


@post("/classify", status_code=200)
async def classify(data: ClassifyRequest) -> Health:
    return Health(status="ok")


app = Litestar(route_handlers=[classify])
