"""The statement extractor on real Swahili news pages that no one here wrote (``../shared/real_news_dev``).

The pages are third-party text: they are read from ``../shared`` at run time, measured, and never
copied into the project or used for training. A gold statement (a quotation or reported speech,
not the outlet's narration) is *found* when one predicted quote/reported statement covers at least
half of its ``quote``; a predicted statement is *correct* when it covers at least half of some gold
quote of its page. A headline that reports speech counts when found and is not a miss when not.
Speaker accuracy is over found statements, comparing names through the gazetteer.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from msimamo.extract import Statement, extract
from training.evalquotes import canonical

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "real_news_dev"
ATTRIBUTED = frozenset({"quote", "reported"})


@dataclass(frozen=True)
class Gold:
    page: str
    quote: str
    speaker: str
    headline: bool
    spans: tuple[tuple[int, int], ...]  # every place the quote stands in the page (inside its sentence)


@dataclass
class Counts:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    speaker_hits: int = 0
    speaker_counted: int = 0

    def add(self, other: "Counts") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def speaker_accuracy(self) -> float | None:
        return self.speaker_hits / self.speaker_counted if self.speaker_counted else None


def outlet_family(outlet: str) -> str:
    """"DW Kiswahili (mirror tiue.org)" and "DW Kiswahili" are one outlet for the report."""
    return re.sub(r"\s*\(.*$", "", outlet).strip() or outlet


def _spans(page: str, sentence: str, quote: str) -> tuple[tuple[int, int], ...]:
    spans, at = [], page.find(sentence)
    while at >= 0:
        inner = sentence.find(quote)
        if inner >= 0:
            spans.append((at + inner, at + inner + len(quote)))
        at = page.find(sentence, at + 1)
    return tuple(spans)


def read_pages(folder: Path) -> tuple[dict[str, str], dict[str, str], dict[str, list[Gold]]]:
    """Page texts, outlets and gold statements of the on-topic pages."""
    with open(folder / "manifest.csv", encoding="utf-8", newline="") as fh:
        outlets = {r["id"]: outlet_family(r["outlet"]) for r in csv.DictReader(fh) if r["id"].startswith("on/")}
    texts = {page: (folder / f"{page}.txt").read_text(encoding="utf-8") for page in outlets}
    gold: dict[str, list[Gold]] = defaultdict(list)
    with open(folder / "statements.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            spans = _spans(texts[r["page"]], r["text"], r["quote"])
            gold[r["page"]].append(Gold(r["page"], r["quote"], r["speaker"], r["headline"] == "yes", spans))
    return texts, outlets, gold


def _words(name: str) -> list[str]:
    return re.sub(r"\([^)]*\)", " ", name).split()


def same_speaker(gold: str, said: str | None) -> bool:
    """One speaker, whoever wrote the name: equal through the gazetteer, or the same name with given
    names left out ("Zinoviev" for "Georgy Zinoviev") or an acronym in brackets added ("… (GUR)").

    Only capitalised leading words may be left out, so the owner of an organ ("Seoul" for "shirika
    la kijasusi la Seoul") is not taken for the organ.
    """
    if not said:
        return False
    if canonical(gold) == canonical(said):
        return True
    g, s = _words(gold), _words(said)
    if not g or not s or len(s) > len(g):
        return False
    extra = g[:len(g) - len(s)]
    return canonical(" ".join(g[len(extra):])) == canonical(" ".join(s)) and all(w[:1].isupper() for w in extra)


def _covers(statement: Statement, span: tuple[int, int]) -> bool:
    overlap = min(statement.end, span[1]) - max(statement.start, span[0])
    return overlap * 2 >= span[1] - span[0]


def score_page(gold: list[Gold], predicted: list[Statement]) -> tuple[Counts, list[str], list[str]]:
    """Counts for one page, with its misses and wrong speakers described for the report."""
    counts, misses, wrong = Counts(), [], []
    attributed = [s for s in predicted if s.kind in ATTRIBUTED]
    counts.predicted = len(attributed)
    counts.correct = sum(any(_covers(s, span) for g in gold for span in g.spans) for s in attributed)
    for g in gold:
        match = next((s for s in attributed for span in g.spans if _covers(s, span)), None)
        if match is None:
            if not g.headline:
                counts.gold += 1
                misses.append(f"{g.page}: missed ({g.speaker}) {g.quote[:90]!r}")
            continue
        counts.gold += 1
        counts.found += 1
        counts.speaker_counted += 1
        said = match.speaker.name if match.speaker else None
        if same_speaker(g.speaker, said):
            counts.speaker_hits += 1
        else:
            wrong.append(f"{g.page}: speaker {said!r}, gold {g.speaker!r}: {g.quote[:70]!r}")
    return counts, misses, wrong


def evaluate(folder: Path) -> dict:
    texts, outlets, gold = read_pages(folder)
    by_outlet: dict[str, Counts] = defaultdict(Counts)
    total, misses, wrong = Counts(), [], []
    for page in sorted(texts):
        counts, m, w = score_page(gold.get(page, []), extract(texts[page]))
        by_outlet[outlets[page]].add(counts)
        total.add(counts)
        misses += m
        wrong += w
    return {"pages": len(texts), "total": total, "by_outlet": dict(sorted(by_outlet.items())),
            "misses": misses, "wrong_speakers": wrong}


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def report(result: dict) -> str:
    rows = [f"{'outlet':<42} {'gold':>4} {'P':>6} {'R':>6} {'speaker':>7}"]
    for name, c in [*result["by_outlet"].items(), ("all pages", result["total"])]:
        rows.append(f"{name[:42]:<42} {c.gold:>4} {_fmt(c.precision):>6} {_fmt(c.recall):>6} "
                    f"{_fmt(c.speaker_accuracy):>7}")
    rows.append(f"\nmissed ({len(result['misses'])}):")
    rows += [f"  {m}" for m in result["misses"]]
    rows.append(f"wrong speaker ({len(result['wrong_speakers'])}):")
    rows += [f"  {w}" for w in result["wrong_speakers"]]
    return "\n".join(rows)


def add_arguments(parser) -> None:
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR,
                        help="the development set (default: ../shared/real_news_dev)")


def run(args) -> int:
    if not (args.folder / "statements.csv").exists():
        print(f"real development pages not found at {args.folder} (they live in ../shared, present in CI only): "
              "skipped.")
        return 0
    result = evaluate(args.folder)
    print(f"{result['pages']} real on-topic pages, quotes and reported speech (a headline counts when found):")
    print(report(result))
    return 0


def label_scores(pipeline, folder: Path, majority: dict[str, str]) -> dict | None:
    """The heads on the development pages' gold statements, each scored as its own sentence, beside
    the majority baseline of the training data: stance and sentiment macro-F1, served bloc accuracy."""
    from msimamo.extract.statements import find_speaker
    from msimamo.model.pipeline import HEADS_STEP
    from training.metrics import macro_f1

    path = folder / "statements.csv"
    if not path.exists():
        return None
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    heads = list(pipeline.named_steps[HEADS_STEP].heads_)
    predicted = pipeline.predict([r["text"] for r in rows])
    out = {}
    for j, head in enumerate(heads):
        if head == "relevant":
            continue
        truth, guess = [r[head] for r in rows], list(predicted[:, j])
        if head == "bloc":
            guess = [s.bloc if (s := find_speaker(r["text"])) and s.bloc else g for r, g in zip(rows, guess)]
            score = lambda t, p: sum(a == b for a, b in zip(t, p)) / len(t)  # noqa: E731
            name = "accuracy"
        else:
            score, name = macro_f1, "macro_f1"
        out[head] = {"metric": name, "model": round(score(truth, guess), 3),
                     "baseline": round(score(truth, [majority[head]] * len(truth)), 3), "n": len(truth)}
    return out


def format_labels(result: dict) -> str:
    lines = ["development pages (real news, never trained on), each gold statement scored as its sentence:"]
    lines += [f"  {h:<10} {r['metric']:<9} {r['model']:.3f}   majority baseline {r['baseline']:.3f}   (n={r['n']})"
              for h, r in result.items()]
    return "\n".join(lines)


def relevance_scores(pipeline, folder: Path) -> dict | None:
    """The relevant head on the development pages: the share of on-topic gold statements kept
    relevant, the share of statements the extractor finds on off-topic pages flagged not relevant,
    each scored as its sentence; and the same for whole pages."""
    from msimamo.model.pipeline import HEADS_STEP

    heads = list(pipeline.named_steps[HEADS_STEP].heads_)
    if "relevant" not in heads or not (folder / "statements.csv").exists():
        return None
    j = heads.index("relevant")
    with open(folder / "statements.csv", encoding="utf-8", newline="") as fh:
        on = [r["text"] for r in csv.DictReader(fh)]
    pages = {kind: [p.read_text(encoding="utf-8") for p in sorted((folder / kind).glob("*.txt"))]
             for kind in ("on", "off")}
    off = [page[s.start:s.end] for page in pages["off"] for s in extract(page)]
    share = lambda texts, label: (sum(y == label for y in pipeline.predict(texts)[:, j]) / len(texts)  # noqa: E731
                                  if texts else None)
    return {"on_statements": {"n": len(on), "kept_relevant": share(on, "yes")},
            "off_statements": {"n": len(off), "flagged": share(off, "no")},
            "on_pages": {"n": len(pages["on"]), "kept_relevant": share(pages["on"], "yes")},
            "off_pages": {"n": len(pages["off"]), "flagged": share(pages["off"], "no")}}


def format_relevance(result: dict) -> str:
    def pct(v):
        return "n/a" if v is None else f"{100 * v:.1f} %"
    return "\n".join([
        "relevance on the development pages (aim: >= 90 % of on-topic kept, >= 95 % of off-topic flagged):",
        f"  on-topic gold statements kept relevant  {pct(result['on_statements']['kept_relevant'])} "
        f"(n={result['on_statements']['n']})",
        f"  off-topic page statements flagged       {pct(result['off_statements']['flagged'])} "
        f"(n={result['off_statements']['n']})",
        f"  whole pages: on-topic kept {pct(result['on_pages']['kept_relevant'])} (n={result['on_pages']['n']}), "
        f"off-topic flagged {pct(result['off_pages']['flagged'])} (n={result['off_pages']['n']})"])
