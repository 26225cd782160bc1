"""An article in, its labelled statements out: the one orchestration the service, batch scoring
and the Python API all call, so they cannot drift apart.

Each statement is labelled with the speaker the extractor resolved (and its gazetteer entry); a
statement without one gets its bloc from the model, never from a second attribution pass.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from msimamo.extract.statements import extract
from msimamo.model.labeller import language_of
from msimamo.results import ArticleResult, ArticleStatement

if TYPE_CHECKING:
    from msimamo.model.labeller import Msimamo


def summarise(statements: list[ArticleStatement]) -> dict[str, dict[str, int]]:
    """Count per bloc and stance of the statements that are about the partnership, both in sorted
    order: an off-topic or non-Swahili statement has no stance toward it worth counting."""
    counts = Counter((s.bloc.label, s.stance.label) for s in statements
                     if s.bloc and s.stance and (s.relevant is None or s.relevant.label))
    nested: dict[str, dict[str, int]] = {}
    for (bloc, stance), n in sorted(counts.items()):
        nested.setdefault(bloc, {})[stance] = n
    return nested


def analyse(model: Msimamo, article: str, explain: bool = False) -> ArticleResult:
    statements = []
    for s in extract(article):
        sentence = article[s.start:s.end]
        heads = model.label(sentence, s.speaker, explain)
        statements.append(ArticleStatement(quote=s.quote, speaker=s.speaker.name if s.speaker else None,
                                           kind=s.kind, start=s.start, end=s.end, text=sentence,
                                           headline=s.headline, **heads))
    language = language_of(article)
    return ArticleResult(statements=statements, summary=summarise(statements), language=language,
                         relevant=model.relevance(article) if language.swahili else None)
