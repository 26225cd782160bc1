"""One self-contained HTML file from an ArchiveSummary: Plotly, the charts and the data are inlined,
so the report opens offline, can be mailed, and never makes a request (nothing has a src or href
to another host).

The summary travels as JSON in a ``<script type="application/json">`` element. Every ``<`` in it
is written ``\\u003c``, which JSON reads back as the same character, so a cell holding
``</script>`` or ``<!--`` cannot end the element or change how the page is parsed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import msgspec
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from msimamo import __version__
from msimamo.errors import ModelError
from msimamo.report.assets import asset_path
from msimamo.report.summary import ArchiveSummary

TEMPLATES = Path(__file__).resolve().parent / "templates"
_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)


class HeadScore(msgspec.Struct):
    """A head's cross-validated macro-F1 (with its 95 % interval) beside the majority baseline's."""

    head: str
    macro_f1: float
    ci95: list[float] | None
    baseline: float | None
    n: int | None
    scheme: str | None


class CardFacts(msgspec.Struct):
    """What the report says about the model: the card's facts, or why there is no card."""

    path: str
    problem: str | None = None
    warning: str | None = None
    version: str | None = None
    trained_at: str | None = None
    training_rows: int | None = None
    heads: list[str] = []
    scores: list[HeadScore] = []


def model_facts(model_path: str | Path) -> CardFacts:
    """The card beside ``model_path`` (read and checked by msimamo.model.card.read_card), reduced to
    what an analyst needs to weigh the labels; a missing or unusable card is a sentence, not a failure.

    A card that is well-formed but stale (an older artefact format, a gazetteer edited since) is
    still shown, with the reason as a warning: the file was likely scored by that older model.
    """
    from msimamo.model.card import ModelCard, card_path, read_card

    warning = None
    try:
        card = read_card(model_path)
    except ModelError as exc:
        try:
            card = msgspec.json.decode(card_path(model_path).read_bytes(), type=ModelCard)
        except (OSError, msgspec.DecodeError, UnicodeDecodeError):
            return CardFacts(path=str(model_path), problem=str(exc))
        warning = str(exc)
    training = card.training_data or {}
    rows = training.get("rows")
    return CardFacts(path=str(model_path), warning=warning, version=card.version, trained_at=_when(card.created_at),
                     training_rows=rows if isinstance(rows, int) else None, heads=list(card.heads),
                     scores=_scores(card.evaluation or {}))


def _when(stamp: str) -> str:
    """``2026-11-29T13:38:51+00:00`` → ``2026-11-29 13:38 UTC`` (left as it is if it is not ISO)."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M") + (" UTC" if moment.tzinfo is not None else "")


def _scores(evaluation: dict[str, Any]) -> list[HeadScore]:
    """Per head, the model's and the baseline's macro-F1 from the card's evaluation: the label heads
    under ``heads``, the relevant head under ``relevance`` (it is cross-validated on its own)."""
    found: list[tuple[str, dict, str | None]] = []
    for source in (evaluation, evaluation.get("relevance")):
        if isinstance(source, dict) and isinstance(source.get("heads"), dict):
            scheme = source.get("scheme") if isinstance(source.get("scheme"), str) else None
            found += [(head, result, scheme) for head, result in source["heads"].items() if isinstance(result, dict)]
    out = []
    for head, result, scheme in found:
        model, baseline = result.get("model"), result.get("baseline")
        if not isinstance(model, dict) or not isinstance(model.get("macro_f1"), (int, float)):
            continue
        ci = model.get("macro_f1_ci95")
        base = baseline.get("macro_f1") if isinstance(baseline, dict) else None
        out.append(HeadScore(head=head, macro_f1=float(model["macro_f1"]),
                             ci95=[float(x) for x in ci] if isinstance(ci, list) and len(ci) == 2 else None,
                             baseline=float(base) if isinstance(base, (int, float)) else None,
                             n=model.get("n") if isinstance(model.get("n"), int) else None, scheme=scheme))
    return out


def summary_json(summary: ArchiveSummary) -> Markup:
    """The summary as JSON that is safe inside a script element (see the module docstring)."""
    return Markup(msgspec.json.encode(summary).decode("utf-8").replace("<", "\\u003c"))


def inline_script(name: str) -> Markup:
    """An asset's text for an inline ``<script>``: any ``</script`` in it is written ``<\\/script``,
    which JavaScript reads as the same string and HTML does not read as an end tag."""
    text = asset_path(name).read_text(encoding="utf-8")
    return Markup(_SCRIPT_END.sub(r"<\\/\1", text))


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda n: f"{n:,}"
    return env


def render_report(summary: ArchiveSummary, *, source: str, card: CardFacts,
                  generated_at: dt.datetime | None = None) -> str:
    """The report page for ``summary`` of the scored file ``source`` (shown by name only)."""
    generated_at = generated_at or dt.datetime.now(dt.timezone.utc)
    relevant = sum(sum(counts.values()) for counts in summary.stance_by_bloc.values())
    return _environment().get_template("report.html").render(
        summary=summary, relevant=relevant, source=source, card=card, version=__version__,
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M UTC"), data=summary_json(summary),
        plotly_js=inline_script("plotly.min.js"), charts_js=inline_script("charts.js"))
