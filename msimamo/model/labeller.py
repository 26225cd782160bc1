"""A loaded model labelling statements: the language first, the heads' scores through the fast
scorer, and bloc from the speaker's gazetteer entry when the speaker is known.

Bloc is a fact about the speaker, so a known speaker's bloc is looked up, not predicted. The
speaker arrives already resolved (``Speaker`` carries its gazetteer entry): in article mode from
the extractor, in statement mode from ``find_speaker`` on the statement itself.
"""

from __future__ import annotations

from sklearn.pipeline import Pipeline

from msimamo.extract.statements import Speaker, find_speaker
from msimamo.labels import HEADS
from msimamo.lang.identify import identify
from msimamo.model.card import ModelCard
from msimamo.model.fastpath import FastScorer
from msimamo.model.masking import mask
from msimamo.results import ArticleResult, Head, Language, Ngram, Relevance, StatementResult


def language_of(text: str) -> Language:
    guess = identify(text)
    return Language(code=guess.code, swahili=guess.swahili, score=round(float(guess.score), 4))


class Msimamo:
    """A fitted pipeline and its card. ``classify`` labels one statement, ``analyse`` an article."""

    def __init__(self, pipeline: Pipeline, card: ModelCard):
        self.pipeline = pipeline
        self.card = card
        self.scorer = FastScorer(pipeline)
        #: Per head, each label of the scheme and its column in that head's probabilities (None when
        #: the training data lacked it): scores always list the whole label set, in the scheme's order.
        self._layout = [[(label, classes.index(label) if label in classes else None) for label in HEADS[head]]
                        for head, classes in zip(self.scorer.heads, self.scorer.classes)]
        self._bloc = self.scorer.heads.index("bloc") if "bloc" in self.scorer.heads else None
        self._relevant = self.scorer.heads.index("relevant") if "relevant" in self.scorer.heads else None
        self._yes = None if self._relevant is None else self.scorer.classes[self._relevant].index("yes")
        identify("Habari za leo kutoka mjini")  # the language model loads here (~1.5 s), not on the first request

    def __repr__(self) -> str:
        return f"<Msimamo model {self.version}: {', '.join(self.heads)}>"

    @property
    def heads(self) -> list[str]:
        return self.scorer.heads

    @property
    def version(self) -> str:
        return self.card.version

    def _head(self, h: int, proba, speaker: Speaker | None) -> Head | Relevance:
        if h == self._relevant:
            return Relevance(bool(proba[self._yes] >= 0.5), float(proba[self._yes]))
        if h == self._bloc:
            known = speaker.bloc if speaker else None
            if known is not None:
                return Head(known, {c: float(c == known) for c in HEADS["bloc"]}, "gazetteer")
        classes = self.scorer.classes[h]
        scores = {label: 0.0 if i is None else float(proba[i]) for label, i in self._layout[h]}
        label = classes[max(range(len(classes)), key=proba.__getitem__)]
        return Head(label, scores, "model" if h == self._bloc else None)

    def label(self, text: str, speaker: Speaker | None, explain: bool = False) -> dict:
        """Language, then every head's decision for one statement whose speaker is already resolved
        (None: unknown); a text that is not Swahili gets its language only.

        The heads read the text with that speaker masked, as the pipeline's first step does."""
        language = language_of(text)
        if not language.swahili:
            return {"language": language}
        return self._labels(text, speaker, explain, language)

    def _labels(self, text: str, speaker: Speaker | None, explain: bool, language: Language) -> dict:
        idx, val, probas = self.scorer.score(mask(text, speaker))
        out: dict = {"language": language}
        for h, (head, proba) in enumerate(zip(self.scorer.heads, probas)):
            result = self._head(h, proba, speaker)
            classes = self.scorer.classes[h]
            if explain and getattr(result, "source", None) == "gazetteer":
                result.reason = f"speaker {speaker.name!r} is {speaker.entry.canonical!r} in the gazetteer: {result.label}"
            elif explain:
                chosen = ("yes" if result.label else "no") if h == self._relevant else result.label
                if chosen in classes:
                    pushed, held = self.scorer.explain(h, classes.index(chosen), idx, val)
                    result.explanation = [Ngram(g, round(w, 6)) for g, w in pushed]
                    result.against = [Ngram(g, round(w, 6)) for g, w in held]
            out[head] = result
        return out

    def relevance(self, text: str) -> Relevance | None:
        """The relevant head on a whole text (an article); None for a model trained without it."""
        if self._relevant is None:
            return None
        return self._head(self._relevant, self.scorer.score(text)[2][self._relevant], None)

    def classify(self, text: str, explain: bool = False) -> StatementResult:
        """Labels for one statement; its speaker is found in the text itself (not searched for in
        text that is not Swahili, which gets its language only)."""
        language = language_of(text)
        if not language.swahili:
            return StatementResult(text, language=language)
        return StatementResult(text, **self._labels(text, find_speaker(text), explain, language))

    def classify_many(self, texts: list[str]) -> list[StatementResult]:
        """The same labels through the scikit-learn pipeline in one call (a reference for the fast path)."""
        if not texts:
            return []
        probas = self.pipeline.predict_proba(texts)
        results = []
        for i, text in enumerate(texts):
            language = language_of(text)
            if not language.swahili:
                results.append(StatementResult(text, language=language))
                continue
            speaker = find_speaker(text)
            results.append(StatementResult(text, language=language, **{
                head: self._head(h, probas[h][i], speaker) for h, head in enumerate(self.heads)}))
        return results

    def analyse(self, article: str, explain: bool = False) -> ArticleResult:
        """Statements of an article, each labelled (see ``msimamo.article.analyse``)."""
        from msimamo.article import analyse

        return analyse(self, article, explain)
