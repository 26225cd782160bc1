"""The speaker's name out of the text the heads read: stance is judged from what is claimed.

Trained on news, a model learns names as stance (Putin's statements are mostly supportive, Biden's
mostly critical), so the same claim flips with its speaker. Each mention of a statement's known
speaker — every gazetteer mention of that speaker's entry, whatever the spelling or title — is
replaced by one placeholder word before any features are made, in training and in serving alike.
Other names stay: "Urusi na Korea Kaskazini" is what a claim is about. An unknown speaker is left
as written; the gazetteer decides no bloc for them, so the bloc head needs their words. A known
speaker's bloc comes from the gazetteer, so the bloc head loses nothing it would be used for.
"""

from __future__ import annotations

from msimamo.extract.gazetteer import load_gazetteer
from msimamo.extract.statements import Speaker, find_speaker

#: A Swahili word ("one who speaks") that news prose almost never uses.
PLACEHOLDER = "mzungumzaji"


def mask(text: str, speaker: Speaker | None) -> str:
    """``text`` with every mention of its known speaker replaced by ``PLACEHOLDER``."""
    if speaker is None or speaker.entry is None:
        return text
    found = [m for m in load_gazetteer().mentions(text) if m.entry == speaker.entry]
    if not found:
        return text
    pieces, at = [], 0
    for m in found:
        pieces += [text[at:m.start], PLACEHOLDER]
        at = m.end
    return "".join(pieces) + text[at:]


def mask_all(texts) -> list[str]:
    """The pipeline's first step: each text masked for the speaker its own attribution names."""
    return [mask(t, find_speaker(t)) for t in texts]
