"""Semantic checks on a decoded request, kept apart from the web framework so they test alone."""

from __future__ import annotations

from api.schemas import ClassifyRequest
from msimamo.config import Settings
from msimamo.text import text_problem


def request_problems(req: ClassifyRequest, settings: Settings) -> list[dict[str, str]]:
    """Every defect in the request, each naming its field, e.g. ``texts[3]``, and the setting
    (``limit``) when a limit refused it, for /metrics."""
    if (req.text is None) == (req.texts is None):
        return [{"key": "text", "message": "give exactly one of `text` or `texts`"}]
    if req.texts is not None:
        if not req.texts:
            return [{"key": "texts", "message": "`texts` is empty"}]
        if len(req.texts) > settings.max_texts:
            return [{"key": "texts", "message": f"{len(req.texts)} texts, at most {settings.max_texts} allowed",
                     "limit": "MAX_TEXTS"}]
        items = [(f"texts[{i}]", t) for i, t in enumerate(req.texts)]
    else:
        items = [("text", req.text)]
    problems = []
    for key, t in items:
        if len(t) > settings.max_chars:
            problems.append({"key": key, "message": f"{len(t)} characters, at most {settings.max_chars} allowed",
                             "limit": "MAX_CHARS"})
        elif problem := text_problem(t):  # the batch scorer refuses the same texts
            problems.append({"key": key, "message": problem})
    return problems


def texts_of(req: ClassifyRequest) -> list[str]:
    return [req.text] if req.texts is None else req.texts
