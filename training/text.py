"""Text normalisation shared by training and serving, so both see the same characters."""

import re
import unicodedata

_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»‹›〝〞＂"})
_APOSTROPHE_IN_WORD = re.compile(r"(?<=\w)[’‘`´](?=\w)")
_SINGLE_QUOTES = re.compile(r"''|[‘’‚‛]")
#: Every character the three rewrites below can touch; most statements hold none of them.
_MARKS = re.compile(r"[’‘`´‚‛“”„‟«»‹›〝〞＂]|''")


def normalise(text: str) -> str:
    """NFC, one quotation mark, one apostrophe, single spaces, case-folded.

    Curly single marks are quotation marks in Swahili news (‘…’ and the two-apostrophe ''…'')
    except inside a word, where they are apostrophes (ng’ombe), so the two are told apart first.
    """
    text = unicodedata.normalize("NFC", text)
    if _MARKS.search(text):
        text = _APOSTROPHE_IN_WORD.sub("'", text)
        text = _SINGLE_QUOTES.sub('"', text).translate(_QUOTES)
    return " ".join(text.split()).casefold()


def normalise_all(texts) -> list[str]:
    """Vectorised form for the pipeline's first step (a FunctionTransformer)."""
    return [normalise(t) for t in texts]
