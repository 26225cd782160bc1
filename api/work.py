"""The model work of one request, the same whether it runs on the event loop or in a model process.

Kept free of the web framework so a model process (api/worker.py) imports only the library.
"""

from __future__ import annotations

import msgspec

from msimamo.article import analyse
from msimamo.errors import MsimamoError
from msimamo.model.labeller import Msimamo
from msimamo.results import ArticleResult, StatementResult


class TooManyStatements(MsimamoError):
    """Article mode found more statements in one request than MAX_STATEMENTS allows."""


class Job(msgspec.Struct, frozen=True):
    """What a request asks of the model: the texts, already checked (api/validation.py)."""

    mode: str
    texts: list[str]
    explain: bool
    max_statements: int


def classify_statements(model: Msimamo, texts: list[str], explain: bool) -> list[StatementResult]:
    return [model.classify(t, explain) for t in texts]


def classify_articles(model: Msimamo, texts: list[str], explain: bool, max_statements: int) -> list[ArticleResult]:
    """Each article analysed in turn; the count is checked after each one, so a request of many
    short sentences stops within one article (at most MAX_CHARS of text) of the limit instead of
    building a response of hundreds of thousands of statements."""
    results, found = [], 0
    for i, text in enumerate(texts):
        result = analyse(model, text, explain)
        found += len(result.statements)
        if found > max_statements:
            raise TooManyStatements(f"more than {max_statements} statements in the first {i + 1} text(s) of the "
                                    f"request, MAX_STATEMENTS allows {max_statements}: send fewer or shorter articles")
        results.append(result)
    return results


def run(model: Msimamo, job: Job) -> list[StatementResult] | list[ArticleResult]:
    if job.mode == "article":
        return classify_articles(model, job.texts, job.explain, job.max_statements)
    return classify_statements(model, job.texts, job.explain)
