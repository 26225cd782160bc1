"""What the report tests share: scored CSV files built by hand with the scorer's own header
(``output_columns``), for the summary's pure logic, without a model."""

from __future__ import annotations

import csv
from pathlib import Path

from msimamo.batch.rows import Layout, output_columns

HEADS = ["stance", "bloc", "sentiment", "relevant"]


def scored_header(inputs: list[str], mode: str = "statement", heads: list[str] = HEADS) -> list[str]:
    """The header ``msimamo score`` writes for an input with these columns (text is ``text``)."""
    return output_columns(inputs, heads, Layout(inputs.index("text"), mode))


def row(header: list[str], **cells) -> list[str]:
    """A row of ``header`` with the given cells (``stance_pred=`` for a suffixed name) and "" elsewhere."""
    unknown = set(cells) - set(header)
    assert not unknown, unknown
    return [str(cells.get(name, "")) for name in header]


def write_scored(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def labelled(header: list[str], stance: str, bloc: str = "other", relevant: str = "yes", score: float = 0.5,
             **cells) -> list[str]:
    return row(header, language="sw", stance=stance, stance_score=f"{score:.4f}", bloc=bloc, bloc_score="0.5000",
               bloc_source="model", sentiment="neutral", sentiment_score="0.5000", relevant=relevant,
               relevant_score="0.9000", **cells)
