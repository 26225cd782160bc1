"""Does the stance head read the claim or the speaker? The same statement, said by someone else.

Each statement whose speaker is named in its text is scored again with that name replaced by a
speaker of each bloc; it is *invariant* when every version gets the stance the original got. The
probes below are our own minimal pairs: one claim, reported and quoted, from one speaker of each
bloc, with negations, hedges, questions and denials, because a stance that moves with the speaker
is a stance learnt from who speaks (LABELS.md: judge what is claimed).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

#: One well-known speaker per bloc, written as Swahili outlets write them.
SPEAKERS = {"russia_dprk": "Vladimir Putin", "western": "Joe Biden", "international": "Antonio Guterres",
            "other": "Xi Jinping"}
#: Claims about the partnership; each is said by every speaker, reported and quoted.
CLAIMS = (
    "ushirikiano wa kijeshi kati ya Urusi na Korea Kaskazini ni hatari kwa dunia",
    "ushirikiano wa kijeshi kati ya Urusi na Korea Kaskazini si tishio kwa mtu yeyote",
    "Korea Kaskazini imetuma makombora kwa Urusi kinyume na vikwazo",
    "hakuna ushahidi kwamba Korea Kaskazini imeipa Urusi silaha",
    "huenda wanajeshi wa Korea Kaskazini wanapigana nchini Ukraine",
    "mkataba wa Urusi na Korea Kaskazini utaimarisha amani katika eneo hilo",
    "je, kwa nini dunia inanyamaza wakati Urusi inapokea silaha kutoka Pyongyang",
    "madai ya Marekani kuhusu silaha za Korea Kaskazini ni uongo mtupu",
    "ziara ya Kim Jong Un mjini Moscow itafanyika mwezi ujao",
    "Urusi na Korea Kaskazini hazina haki ya kukiuka maazimio ya Umoja wa Mataifa",
)


@dataclass(frozen=True)
class Result:
    checked: int
    invariant: int
    flips: list[str]

    @property
    def rate(self) -> float | None:
        return self.invariant / self.checked if self.checked else None


def probes() -> list[tuple[str, str]]:
    """(text, speaker name as written) for every claim, form and bloc."""
    out = []
    for claim in CLAIMS:
        name = SPEAKERS["western"]
        out.append((f"{name} alisema kuwa {claim}.", name))
        out.append((f"“{claim[0].upper()}{claim[1:]},” {name} alisema.", name))
    return out


def statements(paths: list[Path]) -> list[tuple[str, str]]:
    """(text, speaker) of labelled rows whose speaker is written in their text."""
    out = []
    for path in paths:
        with open(path, encoding="utf-8", newline="") as fh:
            out += [(r["text"], r["speaker"]) for r in csv.DictReader(fh)
                    if r.get("speaker") and r["speaker"] in r["text"]]
    return out


def variants(text: str, speaker: str) -> list[str]:
    """The text with its speaker's first mention replaced by each bloc's probe speaker."""
    at = text.find(speaker)
    return [text[:at] + other + text[at + len(speaker):] for other in SPEAKERS.values() if other != speaker]


def check(stances, items: list[tuple[str, str]]) -> Result:
    """``stances(texts) -> labels`` (one batch); every item's variants must keep the original's stance."""
    groups = [[text, *variants(text, speaker)] for text, speaker in items]
    labels = iter(stances([t for group in groups for t in group]))
    invariant, flips = 0, []
    for group in groups:
        original, *others = [next(labels) for _ in group]
        moved = [(t, label) for t, label in zip(group[1:], others) if label != original]
        invariant += not moved
        flips += [f"{original} → {label}: {t}" for t, label in moved[:1]]
    return Result(len(groups), invariant, flips)


def stance_head(pipeline):
    """The batch stance function of a fitted pipeline (None when it has no stance head)."""
    from msimamo.model.pipeline import HEADS_STEP

    heads = pipeline.named_steps[HEADS_STEP].heads_
    if "stance" not in heads:
        return None
    column = heads.index("stance")
    return lambda texts: list(pipeline.predict(texts)[:, column]) if texts else []


def measure(pipeline, paths: list[Path]) -> dict | None:
    """Invariance on the labelled rows of ``paths`` and on the probes, for the card and the log."""
    stances = stance_head(pipeline)
    if stances is None:
        return None
    rows, pairs = check(stances, statements(paths)), check(stances, probes())
    return {"statements": {"checked": rows.checked, "invariant_rate": rows.rate},
            "probes": {"checked": pairs.checked, "invariant_rate": pairs.rate},
            "examples": (rows.flips + pairs.flips)[:10]}


def format_result(result: dict) -> str:
    def pct(part: dict) -> str:
        rate = part["invariant_rate"]
        return "n/a" if rate is None else f"{rate:.1%} of {part['checked']}"
    lines = [f"speaker invariance (stance unchanged when another bloc's speaker says it): labelled statements "
             f"{pct(result['statements'])}, probes {pct(result['probes'])}"]
    lines += [f"  e.g. {e}" for e in result["examples"][:5]]
    return "\n".join(lines)
