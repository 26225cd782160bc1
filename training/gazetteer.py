"""The speaker gazetteer: who a speaker is and which bloc they belong to, read from a data file.

Bloc is a fact about the speaker, so known speakers take it from here rather than from the model.
Names are matched as token sequences after case-folding and accent-stripping, with hyphens counting
as spaces, because Swahili media write "Kim Jong-un", "Kim Jong Un" and "KIM JONG UN" for one man;
leading titles (Rais, Bw, Waziri …) are dropped unless they head a description such as
"Rais wa Urusi", which is itself a name for someone.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from training.labels import BLOCS

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.csv"
_DEFAULT_KEY = str(DEFAULT_PATH)
COLUMNS = ("canonical", "bloc", "variants")

_TOKEN = re.compile(r"[^\W_]+")
TITLES = frozenset(
    "rais bw bwana bi bibi waziri mkuu naibu msemaji balozi dkt dk dr prof profesa mheshimiwa mhe "
    "jenerali jen kansela kiongozi mwenyekiti seneta katibu kamanda".split()
)
CONNECTORS = frozenset("wa ya la za cha vya kwa".split())
#: Words after which a name is the owner or place of the noun before it (Wizara ya Uingereza,
#: balozi nchini Marekani), not a name of its own.
OWNER_WORDS = CONNECTORS | frozenset("mwa nchini mjini jijini huko katika".split())
#: Nouns for a part or an official of a state or body: "Idara ya Ujasusi ya Korea Kusini" and
#: "afisa mmoja wa Umoja wa Mataifa" speak for the bloc of the body they belong to.
ORGANS = frozenset(
    "wizara idara ofisi ubalozi jeshi vikosi kikosi makao afisa maafisa msemaji wasemaji waziri naibu "
    "balozi ujumbe serikali mbunge wabunge bunge kamati tume mamlaka kamisheni kamanda jenerali mkuu "
    "katibu rais kiongozi viongozi mawaziri msaidizi mshauri mjumbe wajumbe".split()
)
_END = ""


@dataclass(frozen=True, slots=True)
class Entry:
    canonical: str
    bloc: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A gazetteer name found in running text, as character offsets into that text."""

    start: int
    end: int
    entry: Entry


def fold(token: str) -> str:
    """Case- and accent-insensitive form of one token (António = antonio)."""
    token = token.casefold()
    if token.isascii():
        return token
    return "".join(c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c))


def fold_all(tokens: list[str]) -> list[str]:
    """``fold`` of each token (tokens hold no spaces), in one call for the usual all-ASCII case."""
    joined = " ".join(tokens)
    if not joined.isascii():
        return [fold(t) for t in tokens]
    return joined.lower().split(" ") if tokens else []


def key(name: str) -> tuple[str, ...]:
    """A name as folded tokens; punctuation, hyphens and spacing do not matter."""
    return tuple(fold_all(_TOKEN.findall(name)))


def strip_titles(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Drop leading titles ("Rais Vladimir Putin") but keep descriptions ("Rais wa Urusi")."""
    n = 0
    while n < len(tokens) and tokens[n] in TITLES:
        n += 1
    if n == len(tokens) or tokens[n] in CONNECTORS:
        return tokens
    return tokens[n:]


class Gazetteer:
    """Name → Entry, for whole names (``lookup``) and for names inside text (``mentions``)."""

    def __init__(self, names: dict[tuple[str, ...], Entry]):
        self._names = names
        self._trie: dict = {}
        for tokens, entry in names.items():
            node = self._trie
            for t in tokens:
                node = node.setdefault(t, {})
            node[_END] = entry

    def entries(self) -> set[Entry]:
        return set(self._names.values())

    def lookup(self, name: str) -> Entry | None:
        """The entry for a whole name; failing that, for a description built on a known name.

        A known name ending the description is its head ("Waziri wa … wa Urusi Sergei Lavrov");
        an organ or official of a known body takes that body's bloc under its own name
        ("Wizara ya Ulinzi ya Uingereza" → western); a phrase opening with a known name takes that
        name's entry ("mchambuzi mmoja wa masuala ya usalama" → wachambuzi).
        """
        tokens = key(name)
        entry = self._names.get(tokens) or self._names.get(strip_titles(tokens))
        if entry or not tokens:
            return entry
        name = name.strip()
        found = self.mentions(name)
        if not found:
            return None
        if tokens[0] in ORGANS:
            last = found[-1]
            before = key(name[:last.start])
            if last.end == len(name) and before[-1] not in OWNER_WORDS:
                return last.entry
            return Entry(" ".join(name.split()), found[0].entry.bloc)
        return found[0].entry if found[0].start == 0 else None

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Longest-first, left-to-right, non-overlapping names in ``text[start:end]``.

        A one-word short form of a longer name (a surname) running on into another capitalised
        word is part of someone else's name ("Kim Hong-kyun" is not Kim Jong Un), so it is no
        match; one-word names of states and bodies stay ("Urusi Roman Starovoit").
        """
        words = list(_TOKEN.finditer(text, start, len(text) if end is None else end))
        folded = fold_all([w.group() for w in words])
        found, i = [], 0
        while i < len(words):
            node, best, j = self._trie, None, i
            while j < len(words) and folded[j] in node:
                node = node[folded[j]]
                j += 1
                if _END in node:
                    best = (j, node[_END])
            if best is None or (best[0] == i + 1 and " " in best[1].canonical and _runs_on(text, words, i)):
                i += 1
                continue
            found.append(Mention(words[i].start(), words[best[0] - 1].end(), best[1]))
            i = best[0]
        return found


def _runs_on(text: str, words: list[re.Match], i: int) -> bool:
    """Whether capitalised word ``i`` is followed, across one space, by another capitalised word."""
    if i + 1 >= len(words) or not words[i].group()[0].isupper():
        return False
    return words[i + 1].group()[0].isupper() and text[words[i].end():words[i + 1].start()] == " "


def parse(rows, source: str = "gazetteer") -> Gazetteer:
    """Build a gazetteer from CSV rows (header first); a bad row is refused by its line number."""
    rows = iter(rows)
    header = tuple(c.strip() for c in next(rows, []))
    if header != COLUMNS:
        raise ValueError(f"{source}: line 1: expected columns {','.join(COLUMNS)}, got {','.join(header)}")
    names: dict[tuple[str, ...], Entry] = {}
    for line, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(COLUMNS):
            raise ValueError(f"{source}: line {line}: expected {len(COLUMNS)} fields, got {len(row)}")
        canonical, bloc, variants = (c.strip() for c in row)
        if not key(canonical):
            raise ValueError(f"{source}: line {line}: empty canonical name")
        if bloc not in BLOCS:
            raise ValueError(f"{source}: line {line}: unknown bloc {bloc!r} (allowed: {', '.join(BLOCS)})")
        entry = Entry(canonical, bloc)
        for variant in [canonical, *variants.split("|")]:
            for tokens in {key(variant), strip_titles(key(variant))} - {()}:
                other = names.setdefault(tokens, entry)
                if other != entry:
                    raise ValueError(f"{source}: line {line}: {variant!r} already names {other.canonical!r}")
    return Gazetteer(names)


@lru_cache(maxsize=8)
def _load(path: str) -> Gazetteer:
    with open(path, encoding="utf-8", newline="") as fh:
        return parse(csv.reader(fh), source=str(path))


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (default: the packaged CSV), parsed once per path."""
    return _load(str(Path(path).resolve()) if path is not None else _DEFAULT_KEY)
