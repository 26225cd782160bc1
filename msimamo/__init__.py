"""Msimamo: who says what about the Russia–North Korea partnership in Swahili news.

The library behind the service and the batch scorer::

    import msimamo
    model = msimamo.load()                      # MODEL_PATH, else models/msimamo.joblib
    model.classify("“…,” Antonov alisema.")     # StatementResult: stance, bloc, sentiment
    model.analyse(article_text)                 # ArticleResult: statements with speakers and labels

Results are typed structs with the same fields as the HTTP API's JSON.
"""

from __future__ import annotations

from pathlib import Path

from msimamo.errors import MsimamoError
from msimamo.extract.statements import Speaker, Statement
from msimamo.model.labeller import Msimamo
from msimamo.results import ArticleResult, ArticleStatement, Head, StatementResult

__version__ = "0.4.0"
__all__ = ["load", "Msimamo", "MsimamoError", "Speaker", "Statement", "StatementResult", "ArticleResult",
           "ArticleStatement", "Head", "__version__"]


def load(path: str | Path | None = None) -> Msimamo:
    """The model at ``path`` (default: the MODEL_PATH setting), verified before it is unpickled."""
    from msimamo.config import Settings
    from msimamo.model.artefact import load_model

    return load_model(path if path is not None else Settings.from_env().model_path)
