"""The speaker gazetteer: who a speaker is and which bloc they belong to, read from a data file.

Bloc is a fact about the speaker, so known speakers take it from here rather than from the model.
Names are matched as token sequences after case-folding and accent-stripping, with hyphens counting
as spaces, because Swahili media write "Kim Jong-un", "Kim Jong Un" and "KIM JONG UN" for one man;
leading titles (Rais, Bw, Waziri …) are dropped unless they head a description such as
"Rais wa Urusi", which is itself a name for someone. A description written with one spelling of its
owner is known with the others ("Wizara ya Ulinzi ya Urusi" = "… ya Russia"), so outlets' spellings
of a state need listing once, on the state's row.
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
from msimamo.lang.sw.words import CONNECTORS, DOCUMENTS, NOT_NAMES, ORGANS, OWNER_WORDS, SPEAKER_NOUNS, TITLES, VOWELS

DEFAULT_PATH = Path(sw.__file__).resolve().parent / "gazetteer.csv"
_DEFAULT_KEY = str(DEFAULT_PATH)
COLUMNS = ("canonical", "bloc", "variants")

#: A word: letters and digits, no underscore.
TOKEN = re.compile(r"[^\W_]+")
#: A capital glued to the lower-case letter before it: a missing space ("yaKorea",
#: "VolodymyrZelensky") or a hashtag's words (#KimJongUn) …
_GLUE = re.compile(r"(?<=[a-zß-ÿ])[A-ZÀ-Þ]")
#: … and so a word of a glued token, which ends there.
_PIECE = re.compile(r"[^\W_]+?(?:(?<=[a-zß-ÿ])(?=[A-ZÀ-Þ])|(?![^\W_]))")
#: Shortest surname (and written word) that a one-letter misspelling may reach.
NEAR_MIN = 5
#: Longest word tried against the surnames: no name is longer, and it bounds the work per word.
NEAR_MAX = 24
#: Names remembered by ``Gazetteer.lookup``, at most, and the longest remembered: the memory is
#: bounded whatever the text (at most about 4,096 × 80 characters).
LOOKUP_CACHE_SIZE = 4096
LOOKUP_CACHE_CHARS = 80
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


def _is_description(tokens: tuple[str, ...]) -> bool:
    """"Rais wa Urusi", "Shirika la habari la KCNA": a noun with an owner, not a name."""
    return len(tokens) > 2 and tokens[1] in CONNECTORS


def _within_one_edit(a: str, b: str) -> bool:
    """Whether one letter added, dropped or changed turns ``a`` into ``b`` (or they are equal)."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _deletions(word: str) -> set[str]:
    return {word[:k] + word[k + 1:] for k in range(len(word))}


class Gazetteer:
    """Name → Entry, for whole names (``lookup``) and for names inside text (``mentions``)."""

    def __init__(self, names: dict[tuple[str, ...], Entry], sha256: str = ""):
        self._names = names
        #: Of the file it was parsed from: the model card records it, so a model's version covers
        #: the gazetteer that decides its known speakers' bloc.
        self.sha256 = sha256
        self._trie: dict = {}
        self._nouns: dict[Entry, set[str]] = {}
        for tokens, entry in names.items():
            node = self._trie
            for t in tokens:
                node = node.setdefault(t, {})
            node[_END] = entry
            if _is_description(tokens):
                self._nouns.setdefault(entry, set()).add(tokens[0])
        self._near = self._surname_index()
        self._looked_up: dict[str, Entry | None] = {}

    def entries(self) -> set[Entry]:
        return set(self._names.values())

    def nouns(self, entry: Entry) -> frozenset[str]:
        """The nouns that head the entry's descriptions ("Rais wa Urusi" → rais, "Ikulu ya Kremlin"
        → ikulu): what the entry is, for "Rais huyo" or "Ikulu ya … ya Kremlin"."""
        return frozenset(self._nouns.get(entry, ()))

    def _surname_index(self) -> dict[str, set[str]]:
        """Each one-word short form of a person's name ("Zelenskiy" of "Volodymyr Zelensky"), and
        each of its one-letter deletions, → the short forms: a misspelling is looked up by its own
        deletions, so the work per word is bounded by its length."""
        index: dict[str, set[str]] = {}
        for tokens, entry in self._names.items():
            full = key(entry.canonical)
            if len(tokens) != 1 or len(full) < 2 or _is_description(full) or len(tokens[0]) < NEAR_MIN:
                continue
            if not tokens[0].isalpha():  # an acronym with digits (G7) is never misspelt into a name
                continue
            for form in {tokens[0]} | _deletions(tokens[0]):
                index.setdefault(form, set()).add(tokens[0])
        return index

    def near(self, word: str) -> Entry | None:
        """The person whose one-word short form is one letter away from ``word`` ("Putrin" →
        Vladimir Putin), when exactly one is. Only a word ending in a consonant is tried: Swahili
        words end in a vowel, and "kuleta" (to bring) is one letter from "Kuleba"."""
        if not NEAR_MIN <= len(word) <= NEAR_MAX or not word.isalpha() or word[-1] in VOWELS:
            return None
        found = set()
        for form in {word} | _deletions(word):
            found |= self._near.get(form, set())
        entries = {self._names[(s,)] for s in found if _within_one_edit(s, word)}
        return entries.pop() if len(entries) == 1 else None

    def lookup(self, name: str) -> Entry | None:
        """The entry for a whole name (``_lookup``), remembered for short names: an article names
        the same people again and again, and a hostile one thousands of times."""
        if len(name) > LOOKUP_CACHE_CHARS:
            return self._lookup(name)
        try:
            return self._looked_up[name]
        except KeyError:
            pass
        if len(self._looked_up) >= LOOKUP_CACHE_SIZE:
            self._looked_up.clear()
        found = self._looked_up[name] = self._lookup(name)
        return found

    def _lookup(self, name: str) -> Entry | None:
        """The entry for a whole name; failing that, for a description built on a known name.

        A known name ending the description is its head ("Waziri wa … wa Urusi Sergei Lavrov");
        an organ or official of a known body, or a writing of it, takes that body's bloc under its
        own name ("Wizara ya Ulinzi ya Uingereza" → western); a phrase opening with a known name
        takes that name's entry ("mchambuzi mmoja wa masuala ya usalama" → wachambuzi).
        """
        tokens = key(name)
        entry = self._names.get(tokens) or self._names.get(strip_titles(tokens))
        if entry or not tokens:
            return entry
        name = name.strip()
        found = self.mentions(name)
        if not found:
            return None
        if tokens[0] in ORGANS or tokens[0] in DOCUMENTS:
            last = found[-1]
            before = key(name[:last.start])
            if last.end == len(name) and before[-1] not in OWNER_WORDS:
                return last.entry
            return Entry(" ".join(name.split()), found[0].entry.bloc)
        return found[0].entry if found[0].start == 0 else None

    def mentions(self, text: str, start: int = 0, end: int | None = None, near: bool = False) -> list[Mention]:
        """Longest-first, left-to-right, non-overlapping names in ``text[start:end]``.

        A one-word short form of a longer name (a surname) running on into another capitalised
        word is part of someone else's name ("Kim Hong-kyun" is not Kim Jong Un), so it is no
        match; one-word names of states and bodies stay ("Urusi Roman Starovoit"), and a date is
        no part of a name ("Zelenskiy Jumamosi"). A description running on into an unknown owner
        names someone else (``_extends``). Words glued together are read apart. With
        ``near``, a capitalised word that names no one may be a misspelt surname (``near``).
        """
        words, tokens = _words(text, start, len(text) if end is None else end)
        folded = fold_all(tokens)
        found, i, n = [], 0, len(words)
        while i < n:
            node, best, j = self._trie, None, i
            while j < n and folded[j] in node:
                node = node[folded[j]]
                j += 1
                if _END in node:
                    best = (j, node[_END])
            if best is None and near and tokens[i][0].isupper():
                entry = self.near(folded[i])
                best = (i + 1, entry) if entry else None
            if best is None or (best[0] == i + 1 and " " in best[1].canonical and _runs_on(text, words, folded, i)):
                i += 1
                continue
            if best[0] - i > 2 and folded[i + 1] in CONNECTORS and self._extends(text, words, folded, best[0]):
                i += 1
                continue
            found.append(Mention(words[i].start(), words[best[0] - 1].end(), best[1]))
            i = best[0]
        return found

    def _extends(self, text: str, words: list[re.Match], folded: list[str], j: int) -> bool:
        """Whether a description runs on, over a connector, into a capitalised word that begins no
        known name nor title: "Baraza la Usalama wa Taifa la Korea Kusini" is not the UN's
        "Baraza la Usalama"."""
        if j + 1 >= len(words) or folded[j] not in CONNECTORS or not text[words[j + 1].start()].isupper():
            return False
        return folded[j + 1] not in self._trie and folded[j + 1] not in TITLES


def _words(text: str, start: int, end: int) -> tuple[list[re.Match], list[str]]:
    """The words of ``text[start:end]`` and their text, a glued word read as its pieces."""
    words = list(TOKEN.finditer(text, start, end))
    tokens = [w.group() for w in words]
    if _GLUE.search(" ".join([t for t in tokens if not t.islower()])):
        words = list(_PIECE.finditer(text, start, end))
        tokens = [w.group() for w in words]
    return words, tokens


def _runs_on(text: str, words: list[re.Match], folded: list[str], i: int) -> bool:
    """Whether capitalised word ``i`` is followed, across one space or none (glued), by another
    capitalised word that may belong to a name (not a date or an opening adverb)."""
    if i + 1 >= len(words) or not text[words[i].start()].isupper() or folded[i + 1] in NOT_NAMES:
        return False
    return text[words[i + 1].start()].isupper() and text[words[i].end():words[i + 1].start()] in (" ", "")


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
    return Gazetteer(names | _respelled(names), sha256)


def _respelled(names: dict[tuple[str, ...], Entry]) -> dict[tuple[str, ...], Entry]:
    """Each description again with its owner's other spellings: "Rais wa Urusi" as "Rais wa
    Russia", "Washirika wa Marekani" as "Washirika wa Merika".

    An owner is a known name's canonical form after a connector; its spellings are its names that
    are not descriptions headed by a title or speaker noun ("Shirikisho la Urusi", not "Serikali ya
    Urusi"). A spelling never displaces a listed name, and one that two descriptions would share
    names neither.
    """
    spellings: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for tokens, entry in names.items():
        if tokens[0] not in TITLES | SPEAKER_NOUNS:
            spellings.setdefault(key(entry.canonical), []).append(tokens)
    owners: dict[str, list[tuple[str, ...]]] = {}
    for owner in spellings:
        owners.setdefault(owner[0], []).append(owner)
    made: dict[tuple[str, ...], Entry | None] = {}
    for tokens, entry in names.items():
        for at in range(1, len(tokens)):
            if tokens[at - 1] not in CONNECTORS:
                continue
            for owner in owners.get(tokens[at], ()):
                if tokens[at:at + len(owner)] != owner:
                    continue
                for spelling in spellings[owner]:
                    respelled = tokens[:at] + spelling + tokens[at + len(owner):]
                    if respelled not in names:
                        made[respelled] = entry if made.get(respelled, entry) == entry else None
    return {tokens: entry for tokens, entry in made.items() if entry}


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
