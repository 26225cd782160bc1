"""Inter-annotator agreement: Cohen's kappa per label between two independent annotation files.

`msimamo agreement A.csv B.csv` compares the rows the two files share (by ``id``) and
prints raw agreement and kappa for kind, stance, bloc and sentiment, plus speaker agreement
(exact match after case and space folding).
"""

from __future__ import annotations

import csv

from sklearn.metrics import cohen_kappa_score

LABELS = ("kind", "stance", "bloc", "sentiment")


def read(path: str) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def _fold(s: str) -> str:
    return " ".join(s.casefold().replace("-", " ").split())


def agreement(a: dict[str, dict], b: dict[str, dict]) -> dict[str, dict[str, float]]:
    ids = sorted(set(a) & set(b))
    out = {}
    for label in LABELS:
        x, y = [a[i][label] for i in ids], [b[i][label] for i in ids]
        same = sum(p == q for p, q in zip(x, y)) / len(ids)
        kappa = cohen_kappa_score(x, y) if len(set(x) | set(y)) > 1 else 1.0
        out[label] = {"n": len(ids), "agreement": round(same, 3), "kappa": round(float(kappa), 3)}
    if all("speaker" in a[i] and "speaker" in b[i] for i in ids):
        same = sum(_fold(a[i]["speaker"]) == _fold(b[i]["speaker"]) for i in ids) / len(ids)
        out["speaker"] = {"n": len(ids), "agreement": round(same, 3), "kappa": None}
    return out


def format_agreement(result: dict) -> str:
    lines = ["| label | n | raw agreement | Cohen's κ |", "|---|---:|---:|---:|"]
    for label, r in result.items():
        kappa = "—" if r["kappa"] is None else f"{r['kappa']:.3f}"
        lines.append(f"| {label} | {r['n']} | {r['agreement']:.3f} | {kappa} |")
    return "\n".join(lines)


DESCRIPTION = "Raw agreement and Cohen's kappa between two annotation files, on the rows they share by id."


def add_arguments(parser) -> None:
    parser.add_argument("first", help="annotation CSV (id, kind, stance, bloc, sentiment[, speaker])")
    parser.add_argument("second", help="the other annotator's CSV")


def run(args) -> int:
    print(format_agreement(agreement(read(args.first), read(args.second))))
    return 0
