"""How well the statement extractor finds the gold statements of the seed articles.

A gold statement is found when one predicted span covers at least half of its characters, and a
prediction is correct when it covers at least half of some gold span: sentence boundaries may
differ by a character or a merged quotation without the statement being missed. Speakers are
compared after folding both through the gazetteer, so "Bw Putin" and "Vladimir Putin" agree.
Without ``seeds/statements.csv`` the hand-chosen spans of ``seeds/annotations/units.csv`` are used,
which score spans only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from msimamo.errors import DataError
from msimamo.extract.gazetteer import key, load_gazetteer
from msimamo.extract.statements import extract

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = ROOT / "seeds" / "statements.csv"
UNITS = ROOT / "seeds" / "annotations" / "units.csv"
ARTICLES = ROOT / "seeds" / "articles"
AUTHORED = ROOT / "seeds" / "authored.csv"
ATTRIBUTED = frozenset({"quote", "reported"})


@dataclass(frozen=True, slots=True)
class Span:
    """A statement's place and labels; for gold, ``speaker``/``kind`` None means not annotated
    and an empty speaker means narration."""

    article: str
    start: int
    end: int
    speaker: str | None = None
    kind: str | None = None
    headline: bool | None = False  # gold: None when the file does not annotate headlines


def canonical(name: str | None) -> str | None:
    """One spelling per speaker: the gazetteer's name if it knows them, else the folded name."""
    if not name:
        return None
    entry = load_gazetteer().lookup(name)
    return " ".join(key(entry.canonical if entry else name))


def covers(pred: Span, gold: Span) -> bool:
    return pred.article == gold.article and _overlap(pred, gold) * 2 >= gold.end - gold.start


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _best_match(gold: Span, predicted: list[Span]) -> Span | None:
    candidates = [p for p in predicted if covers(p, gold)]
    return max(candidates, key=lambda p: _overlap(p, gold)) if candidates else None


def _precision_recall(gold: list[Span], predicted: list[Span]) -> dict:
    found = sum(any(covers(p, g) for p in predicted) for g in gold)
    correct = sum(any(covers(p, g) for g in gold) for p in predicted)
    return {"precision": _ratio(correct, len(predicted)), "recall": _ratio(found, len(gold)),
            "correct": correct, "predicted": len(predicted), "found": found, "gold": len(gold)}


def score(gold: list[Span], predicted: list[Span],
          canon: Callable[[str | None], str | None] = canonical) -> dict:
    """Span precision/recall, speaker and kind accuracy on found statements, and the span figures
    restricted to attributed (quote + reported) statements; a figure with nothing to count is None.
    A gold headline counts when it is found and is no miss when it is not (as on the real pages);
    gold that does not annotate headlines scores body statements only."""
    if any(g.headline is None for g in gold):
        predicted = [p for p in predicted if not p.headline]
    gold = [g for g in gold if not g.headline or _best_match(g, predicted)]
    matches = [(g, _best_match(g, predicted)) for g in gold]
    matches = [(g, p) for g, p in matches if p is not None]
    with_speaker = [(g, p) for g, p in matches if g.speaker is not None]
    with_kind = [(g, p) for g, p in matches if g.kind is not None]
    annotated = any(g.kind is not None for g in gold)
    attributed = _precision_recall([g for g in gold if g.kind in ATTRIBUTED],
                                   [p for p in predicted if p.kind in ATTRIBUTED])
    speaker_hits = sum(canon(g.speaker) == canon(p.speaker) for g, p in with_speaker)
    kind_hits = sum(g.kind == p.kind for g, p in with_kind)
    return {
        **_precision_recall(gold, predicted),
        "speaker_accuracy": _ratio(speaker_hits, len(with_speaker)),
        "speaker_counted": len(with_speaker),
        "kind_accuracy": _ratio(kind_hits, len(with_kind)),
        "kind_counted": len(with_kind),
        "attributed_precision": attributed["precision"] if annotated else None,
        "attributed_recall": attributed["recall"] if annotated else None,
    }


def read_gold(path: Path) -> list[Span]:
    """Gold spans from a CSV with article,start,end and, if annotated, speaker and kind."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"article", "start", "end"} - set(reader.fieldnames or ())
        if missing:
            raise DataError(path, [f"line 1: missing column(s) {', '.join(sorted(missing))}"])
        rows = list(reader)
    return [Span(r["article"].removesuffix(".txt"), int(r["start"]), int(r["end"]),
                 r.get("speaker"), r.get("kind"), r["headline"] == "yes" if "headline" in r else None)
            for r in rows]


def predict(articles: list[str], folder: Path) -> list[Span]:
    spans = []
    for article in articles:
        text = (folder / f"{article}.txt").read_text(encoding="utf-8")
        spans += [Span(article, s.start, s.end, s.speaker and s.speaker.name, s.kind, s.headline)
                  for s in extract(text)]
    return spans


def _figure(value: float | None, detail: str, missing: str) -> str:
    return f"{value:.3f}  ({detail})" if value is not None else f"n/a  ({missing})"


def report(r: dict) -> str:
    rows = [
        ("span precision", r["precision"], "{correct}/{predicted} predicted", "no predictions"),
        ("span recall", r["recall"], "{found}/{gold} gold", "no gold"),
        ("speaker accuracy", r["speaker_accuracy"], "on {speaker_counted} found", "gold has no speakers"),
        ("quote+reported P", r["attributed_precision"], "attributed predictions", "gold has no kinds"),
        ("quote+reported R", r["attributed_recall"], "attributed gold", "gold has no kinds"),
        ("kind accuracy", r["kind_accuracy"], "on {kind_counted} found", "gold has no kinds"),
    ]
    return "\n".join(f"{name:<18} {_figure(value, detail.format(**r), missing)}"
                     for name, value, detail, missing in rows)


def add_arguments(parser) -> None:
    parser.add_argument("--gold", type=Path, default=None,
                        help=f"gold CSV (default: {STATEMENTS.relative_to(ROOT)}, else {UNITS.relative_to(ROOT)})")
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="folder of ARTICLE.txt files")


def run(args) -> int:
    path = args.gold or (STATEMENTS if STATEMENTS.exists() else UNITS)
    gold = read_gold(path)
    predicted = predict(sorted({g.article for g in gold}), args.articles)
    print(f"gold: {path} ({len(gold)} statements, {len({g.article for g in gold})} articles)")
    print("(in-sample: the extractor's rules were written while reading these articles)")
    print(report(score(gold, predicted)))
    if AUTHORED.exists():
        print(f"\nout of sample: {AUTHORED.relative_to(ROOT)}, each sentence extracted on its own")
        print(report_single(single_sentences(AUTHORED)))
    return 0


def single_sentences(path: Path) -> dict:
    """Speaker and kind accuracy when each labelled sentence is given alone, as a CSV row or API call is."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    speaker_hits = kind_hits = 0
    for row in rows:
        found = extract(row["text"])
        main = max(found, key=lambda s: s.end - s.start) if found else None
        speaker_hits += canonical(row["speaker"]) == canonical(main.speaker.name if main and main.speaker else None)
        kind_hits += main is not None and main.kind == row["kind"]
    return {"n": len(rows), "speaker_accuracy": _ratio(speaker_hits, len(rows)),
            "kind_accuracy": _ratio(kind_hits, len(rows))}


def report_single(r: dict) -> str:
    return (f"{'speaker accuracy':<18} {r['speaker_accuracy']:.3f}  (on {r['n']} sentences)\n"
            f"{'kind accuracy':<18} {r['kind_accuracy']:.3f}  (on {r['n']} sentences)")
