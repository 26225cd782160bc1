"""The speaker gazetteer: who a speaker is and which bloc they belong to, read from a data file.

Bloc is a fact about the speaker, so known speakers take it from here rather than from the model.
Names are matched as token sequences after case-folding and accent-stripping, with hyphens counting
as spaces, because Swahili media write "Kim Jong-un", "Kim Jong Un" and "KIM JONG UN" for one man;
leading titles (Rais, Bw, Waziri …) are dropped unless they head a description such as
"Rais wa Urusi", which is itself a name for someone.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from msimamo.errors import DataError
from msimamo.labels import BLOCS
from msimamo.lang import sw
from msimamo.lang.sw.words import CONNECTORS, ORGANS, OWNER_WORDS, TITLES

DEFAULT_PATH = Path(sw.__file__).resolve().parent / "gazetteer.csv"
_DEFAULT_KEY = str(DEFAULT_PATH)
COLUMNS = ("canonical", "bloc", "variants")

#: A word: letters and digits, no underscore.
TOKEN = re.compile(r"[^\W_]+")
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
    return tuple(fold_all(TOKEN.findall(name)))


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

    def __init__(self, names: dict[tuple[str, ...], Entry], sha256: str = ""):
        self._names = names
        #: Of the file it was parsed from: the model card records it, so a model's version covers
        #: the gazetteer that decides its known speakers' bloc.
        self.sha256 = sha256
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
        words = list(TOKEN.finditer(text, start, len(text) if end is None else end))
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


def parse(rows, source: str = "gazetteer", sha256: str = "") -> Gazetteer:
    """Build a gazetteer from CSV rows (header first); a bad row is refused (``DataError``) by its
    line number."""
    rows = iter(rows)
    header = tuple(c.strip() for c in next(rows, []))
    if header != COLUMNS:
        raise DataError(source, [f"line 1: expected columns {','.join(COLUMNS)}, got {','.join(header)}"])
    names: dict[tuple[str, ...], Entry] = {}
    for line, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(COLUMNS):
            raise DataError(source, [f"line {line}: expected {len(COLUMNS)} fields, got {len(row)}"])
        canonical, bloc, variants = (c.strip() for c in row)
        if not key(canonical):
            raise DataError(source, [f"line {line}: empty canonical name"])
        if bloc not in BLOCS:
            raise DataError(source, [f"line {line}: unknown bloc {bloc!r} (allowed: {', '.join(BLOCS)})"])
        entry = Entry(canonical, bloc)
        for variant in [canonical, *variants.split("|")]:
            for tokens in {key(variant), strip_titles(key(variant))} - {()}:
                other = names.setdefault(tokens, entry)
                if other != entry:
                    raise DataError(source, [f"line {line}: {variant!r} already names {other.canonical!r}"])
    return Gazetteer(names, sha256)


@lru_cache(maxsize=8)
def _load(path: str) -> Gazetteer:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem = f"line {line}: not UTF-8 (byte {data[exc.start]:#04x}); save the file as UTF-8"
        raise DataError(path, [problem]) from None
    return parse(csv.reader(io.StringIO(text, newline="")), source=path, sha256=hashlib.sha256(data).hexdigest())


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (default: the packaged CSV), parsed once per path."""
    return _load(str(Path(path).resolve()) if path is not None else _DEFAULT_KEY)
