"""Quotation marks and apostrophes of Swahili news text, in one table.

The model's features (``msimamo.text.normalise``), the page cleaner and the statement extractor all
ask which characters quote, and each used to keep its own list; the lists drifted, so a mark could
be a quotation for the model but not for the extractor. Every set and pattern is now derived from
``MARKS``.

A mark pairs only with a mark of its family. Its role says where it may stand: ``opens``/``closes``
for the directional forms (“…” «…»), ``either`` for the forms written the same on both sides
(" '' ＂ ' ’), which the extractor tells apart by the side of a word they touch. The curly ’ is
``either`` because outlets type it for the apostrophe (ng’ombe) and on both sides of a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mark:
    family: str
    role: str  # "opens", "closes" or "either"

    @property
    def opens(self) -> bool:
        return self.role != "closes"

    @property
    def closes(self) -> bool:
        return self.role != "opens"


MARKS: dict[str, Mark] = {
    "“": Mark("double", "opens"), "”": Mark("double", "closes"),
    "„": Mark("double", "opens"), "‟": Mark("double", "opens"),
    "〝": Mark("double", "opens"), "〞": Mark("double", "closes"),
    '"': Mark("double", "either"), "＂": Mark("double", "either"), "''": Mark("double", "either"),
    "«": Mark("angle", "opens"), "»": Mark("angle", "closes"),
    "‹": Mark("single angle", "opens"), "›": Mark("single angle", "closes"),
    "‘": Mark("single", "opens"), "‚": Mark("single", "opens"), "‛": Mark("single", "opens"),
    "’": Mark("single", "either"), "'": Mark("single", "either"),
}
#: The ASCII apostrophe, far more often an apostrophe (ng'ombe, O'Brien) than a quotation mark:
#: ``normalise`` keeps it, and the extractor's clause breaks and the cleaner's "Soma pia" test ignore it.
APOSTROPHE = "'"
#: What a writer types for an apostrophe besides ``APOSTROPHE``; inside a word they are one.
APOSTROPHE_FORMS = "’‘`´"

#: Every character of a mark, and those of the marks that may open or close a quotation.
MARK_CHARS = "".join(dict.fromkeys("".join(MARKS)))
OPENING = "".join(m for m, mark in MARKS.items() if len(m) == 1 and mark.opens)
CLOSING = "".join(m for m, mark in MARKS.items() if len(m) == 1 and mark.closes)
#: Marks never typed for an apostrophe, so a search may stop at them without stopping at ng’ombe.
NEVER_APOSTROPHES = "".join(m for m in MARKS if len(m) == 1 and m not in APOSTROPHE + APOSTROPHE_FORMS)


def char_class(chars: str, negate: bool = False) -> str:
    """A regex character class of ``chars`` (of all other characters with ``negate``)."""
    return "[%s%s]" % ("^" if negate else "", "".join(re.escape(c) for c in chars))


def mark_pattern(marks) -> str:
    """A regex for any of ``marks``: the two-character ones first, so that '' is not read as '."""
    marks = list(dict.fromkeys(marks))
    single = "".join(m for m in marks if len(m) == 1)
    return "|".join([re.escape(m) for m in marks if len(m) > 1] + [char_class(single)])
