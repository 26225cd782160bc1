"""Rebuild seeds/statements.csv from the units, annotator A's labels and the adjudication of every
disagreement with annotator B (kept in adjudication.csv with its reason)."""

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ["article", "start", "end", "text", "quote", "speaker", "kind", "stance", "bloc", "sentiment"]


def read(name):
    with open(HERE / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main():
    labels = {r["id"]: r for r in read("annotator_a.csv")}
    for fix in read("adjudication.csv"):
        labels[fix["id"]][fix["field"]] = fix["value"]
    with open(HERE.parent / "statements.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for unit in read("units.csv"):
            lab = labels[unit["id"]]
            quote = unit["text"] if lab["kind"] == "narration" else lab["quote"]
            w.writerow([unit["article"], unit["start"], unit["end"], unit["text"], quote, lab["speaker"],
                        lab["kind"], lab["stance"], lab["bloc"], lab["sentiment"]])


if __name__ == "__main__":
    main()
