"""Every pattern and step on the request path costs time linear in its input (issue #13).

Two kinds of case:

* **From each pattern's own structure.** Every compiled pattern of the request-path modules is
  parsed (``re._parser``); for each repetition in it, an adversarial text is the shortest text that
  reaches the repetition, then many copies of what the repetition consumes (one text per kind of
  character it takes, as the pattern's other character sets tell kinds apart), then a tail that
  may make the match fail (the end of the text, or one character of each kind). The pattern is run
  the way the code calls it (found by reading the modules' source: a search over the whole text,
  or a match at its start), on the text and on the text grown eight times, with ``assert_linear``.
* **The whole extractor** (``extract``, ``find_speaker``, masking and normalisation) on each hostile
  class of ``bench/bench_hostile.py`` (issue #13's and ours), grown from 1x to 8x.

Costs are compared between sizes in the same run, never against a wall-clock threshold; a
watchdog only turns a case that would run for minutes into a failure instead of a hang.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import signal
from dataclasses import dataclass
from re import _compiler, _parser
from re import _constants as C  # noqa: N812

import pytest

from conftest import ROOT, assert_linear
from msimamo.extract.statements import extract, find_speaker
from msimamo.model.masking import mask
from msimamo.text import normalise

#: The modules a request's text passes through, whose patterns must be linear.
#: A pattern is named after the first module holding it, so defining modules come first.
MODULES = (
    "msimamo.lang.sw.marks", "msimamo.lang.sw.morphology", "msimamo.lang.sw.words", "msimamo.lang.sw.dates",
    "msimamo.lang.sw.pages", "msimamo.lang.sw.spellings", "msimamo.text",
    "msimamo.extract.gazetteer", "msimamo.extract.quotations", "msimamo.extract.sentences",
    "msimamo.extract.speech", "msimamo.extract.names", "msimamo.extract.speakers",
    "msimamo.extract.furniture", "msimamo.extract.statements", "msimamo.model.masking",
)
#: Characters an adversarial text is built from: each kind a pattern tells apart is represented
#: by the first of these of that kind (letters of both cases, digits, spaces, stops, every
#: quotation mark, accents, other scripts, zero-width and combining characters).
POOL = ("aAzZkK019_ \t\n\u00a0,.;:!?()[]{}-–—/|#@&'\"“”„‟«»‹›‘’‚‛`´…éÉßÀİ\u0301\u200b\u202eق中")
#: Characters at 1x: enough that a quadratic cost dwarfs timer noise at 8x.
RUN_CHARS = 1000
#: Kinds of character a one-character repetition is filled with, at most (the pattern's own
#: literals first: a run of letters of a stem, then of other letters).
MAX_FILLS = 4
#: A case still running after this many seconds has gone far past linear: fail it, do not hang.
WATCHDOG_SECONDS = 60
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_ONE_CHAR = (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY)
_SEARCHES = ("search", "finditer", "findall", "sub", "subn", "split")
_MATCHES = ("match", "fullmatch")


# --- the patterns and how the code calls them ---------------------------------------------------

def _patterns() -> dict[str, re.Pattern]:
    """Every compiled pattern in the request-path modules, by ``module.NAME``, each once."""
    found: dict[int, tuple[str, re.Pattern]] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern) and id(value) not in found:
                found[id(value)] = (f"{name}.{attr}", value)
    return dict(found.values())


def _calls(name: str) -> set[str]:
    """How the request-path code calls the pattern ``name`` (``module.NAME``): "search" (scans the
    text) and/or "match" (anchored at a position); both when its calls cannot be read off the
    source (it is passed around)."""
    attr = name.rsplit(".", 1)[1]
    calls = set()
    for module in MODULES:
        source = inspect.getsource(importlib.import_module(module))
        for method in re.findall(rf"\b{re.escape(attr)}\.(\w+)\(", source):
            calls.add("search" if method in _SEARCHES else "match" if method in _MATCHES else "other")
    return calls - {"other"} or {"search", "match"}


# --- adversarial texts from a pattern's structure -----------------------------------------------

class _Stop(Exception):
    """Raised by the witness builder on reaching the repetition it fills, with the text so far: the
    rest of the adversarial text is the tail, not the rest of the pattern."""


@dataclass
class _Shape:
    """A parsed pattern: its one-character sets (to tell kinds of character apart) and how to build
    a text that reaches any of its repetitions."""

    pattern: re.Pattern

    def __post_init__(self):
        self.tree = _parser.parse(self.pattern.pattern, self.pattern.flags)
        self.flags = self.pattern.flags
        self.sets: list[re.Pattern] = [re.compile(r"\w")]
        self.repeats: list[tuple] = []
        self.literals = ""
        self._walk(self.tree, self.flags)
        self.kinds = self._kinds()

    def _one(self, node, flags: int) -> re.Pattern:
        """A compiled pattern of one one-character node, under the flags in force where it stands."""
        sub = _parser.SubPattern(_parser.State(), [node])
        sub.state.flags = flags
        return _compiler.compile(sub, flags)

    def _walk(self, seq, flags: int) -> None:
        for node in seq:
            op, av = node
            if op in _ONE_CHAR:
                self.sets.append(self._one(node, flags))
                if op == C.LITERAL and chr(av) not in self.literals:
                    self.literals += chr(av)
            elif op in _REPEATS:
                if av[1] > 1:
                    self.repeats.append((node, flags))
                self._walk(av[2], flags)
            elif op == C.SUBPATTERN:
                self._walk(av[3], (flags | av[1]) & ~av[2])
            elif op == C.BRANCH:
                for branch in av[1]:
                    self._walk(branch, flags)
            elif op in (C.ATOMIC_GROUP,):
                self._walk(av, flags)
            elif op in (C.ASSERT, C.ASSERT_NOT):
                self._walk(av[1], flags)
            elif op == C.GROUPREF_EXISTS:
                self._walk(av[1], flags)
                if av[2] is not None:
                    self._walk(av[2], flags)

    def _kinds(self) -> list[str]:
        """One character of each kind: characters that every one-character set of the pattern
        (and ``\\w``, for word boundaries) accepts or refuses alike are one kind. The pattern's own
        literal characters are candidates before ``POOL``'s."""
        seen: dict[tuple[bool, ...], str] = {}
        for ch in self.literals + POOL:
            seen.setdefault(tuple(bool(s.fullmatch(ch)) for s in self.sets), ch)
        return list(seen.values())

    def first_char(self, node, flags: int) -> str | None:
        """A character the one-character ``node`` accepts: its literal, else the first of the
        pattern's literals and ``POOL`` that it accepts."""
        if node[0] == C.LITERAL:
            return chr(node[1])
        one = self._one(node, flags)
        return next((ch for ch in self.literals + POOL if one.fullmatch(ch)), None)

    def witness(self, seq, flags: int, target=None, times: int = 0, fill: str | None = None,
                groups: dict | None = None) -> str:
        """A short text that ``seq`` accepts. On reaching the repetition ``target`` it raises
        ``_Stop`` with the text so far and ``times`` copies of what the repetition consumes
        (``fill``, for a one-character repetition), as the rest of the text is the tail's."""
        groups = {} if groups is None else groups
        out: list[str] = []
        for node in seq:
            op, av = node
            try:
                out.append(self._node(node, flags, target, times, fill, groups))
            except _Stop as stop:
                raise _Stop("".join(out) + stop.args[0]) from None
        return "".join(out)

    def _node(self, node, flags: int, target, times: int, fill: str | None, groups: dict) -> str:
        op, av = node
        if op in _ONE_CHAR:
            return self.first_char(node, flags) or ""
        if op in _REPEATS:
            low, _, body = av
            if node is target:
                raise _Stop((fill if fill is not None else self.witness(body, flags)) * times)
            first = self.witness(body, flags, target, times, fill, groups)
            return first + self.witness(body, flags) * max(0, low - 1)
        if op == C.SUBPATTERN:
            group, add, remove, body = av
            text = self.witness(body, (flags | add) & ~remove, target, times, fill, groups)
            if group:
                groups[group] = text
            return text
        if op == C.BRANCH:
            chosen = next((b for b in av[1] if _holds(b, target)), None)
            if chosen is not None:
                return self.witness(chosen, flags, target, times, fill, groups)
            return min((self.witness(b, flags, groups=dict(groups)) for b in av[1]), key=len)
        if op == C.ATOMIC_GROUP:
            return self.witness(av, flags, target, times, fill, groups)
        if op in (C.ASSERT, C.ASSERT_NOT):
            if av[0] == 1 and _holds(av[1], target):  # a lookahead reads what follows: it is the text
                self.witness(av[1], flags, target, times, fill, groups)
            return ""
        if op == C.GROUPREF:
            return groups.get(av, "")
        if op == C.GROUPREF_EXISTS:
            return self.witness(av[1], flags, target, times, fill, groups)
        return ""  # AT: an anchor consumes nothing

    def texts(self, run_chars: int = RUN_CHARS) -> list[tuple[str, callable]]:
        """(description, maker of the text at a scale) for each repetition, kind of character it
        consumes, lead (the text reaching it, or none) and tail; the run is ``run_chars`` long at
        1x."""
        cases = []
        for node, flags in self.repeats:
            body = node[1][2]
            fills, tails = [None], self.kinds
            if len(body) == 1 and body[0][0] in _ONE_CHAR:
                one = self._one(body[0], flags)
                fills = [ch for ch in self.kinds if one.fullmatch(ch)][:MAX_FILLS] or [None]
                tails = [ch for ch in self.kinds if not one.fullmatch(ch)]  # the others extend the run
            for fill in fills:
                try:
                    self.witness(self.tree, self.flags, node, 0, fill)
                    continue  # unreachable repetition (a lookbehind's)
                except _Stop as stop:
                    lead = stop.args[0]
                one = fill if fill is not None else self.witness(body, flags)
                if not one:
                    continue
                times = max(1, run_chars // len(one))
                for lead_text in dict.fromkeys((lead, "")):
                    for tail in ["", *tails]:
                        label = f"{lead_text[:30]!r} + {one[:30]!r} × n + {tail!r}"
                        cases.append((label, _maker(lead_text, one, times, tail)))
        whole = self.witness(self.tree, self.flags)
        for unit in dict.fromkeys([whole] + [whole[:-1] + ch for ch in self.kinds] if whole else []):
            # the whole pattern's text and its near misses, back to back: every position a start
            cases.append((f"({unit[:30]!r}) × n", _maker("", unit, max(1, run_chars // len(unit)), "")))
        return cases


def _maker(lead: str, one: str, times: int, tail: str):
    return lambda n: lead + one * (times * n) + tail


def _holds(seq, target) -> bool:
    """Whether the parsed ``seq`` contains the node ``target``."""
    if target is None:
        return False
    for node in seq:
        if node is target:
            return True
        op, av = node
        if op in _REPEATS and _holds(av[2], target):
            return True
        if op == C.SUBPATTERN and _holds(av[3], target):
            return True
        if op == C.BRANCH and any(_holds(b, target) for b in av[1]):
            return True
        if op == C.ATOMIC_GROUP and _holds(av, target):
            return True
        if op in (C.ASSERT, C.ASSERT_NOT) and _holds(av[1], target):
            return True
        if op == C.GROUPREF_EXISTS and (_holds(av[1], target) or (av[2] is not None and _holds(av[2], target))):
            return True
    return False


# --- the cost check -----------------------------------------------------------------------------

class _Watchdog:
    """Turns a case still running after ``WATCHDOG_SECONDS`` into a failure (the regex engine
    checks for signals while it backtracks)."""

    def __enter__(self):
        def expire(*_):
            raise TimeoutError(f"still running after {WATCHDOG_SECONDS} s: far from linear")

        self.previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, WATCHDOG_SECONDS)
        return self

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)
        return False


def _runner(pattern: re.Pattern, call: str):
    if call == "search":
        return lambda text: list(pattern.finditer(text))
    return lambda text: (pattern.match(text), pattern.fullmatch(text))


PATTERNS = _patterns()


def test_the_request_path_holds_the_patterns_this_test_reads():
    """The registry is read from the modules themselves: a module that lost its patterns (or a
    rename of MODULES) would silently test nothing."""
    assert len(PATTERNS) >= 60
    for expected in ("msimamo.extract.sentences._SENTENCE_BREAK", "msimamo.extract.speech._OUTRO_GAP",
                     "msimamo.extract.furniture._DATE", "msimamo.extract.speakers._SOURCE_PHRASE",
                     "msimamo.lang.sw.morphology.SPEECH_VERB", "msimamo.text._SPELLING"):
        assert expected in PATTERNS


def test_texts_are_built_from_the_pattern_s_structure():
    """A repetition is reached through the text before it and filled with each kind of character
    it takes: for issue #13's weekday case, a weekday, then a run of spaces, then a tail."""
    shape = _Shape(re.compile(r"(?:Jumatatu\s*,?\s*)?\d{1,2}"))
    texts = {make(1) for _, make in shape.texts()}
    assert "Jumatatu" + " " * RUN_CHARS + "0" in texts
    assert "Jumatatu" + " " * RUN_CHARS in texts
    assert "Jumatatu ," + " " * RUN_CHARS + "a" in texts
    assert {make(8) for _, make in shape.texts()} >= {"Jumatatu" + " " * 8 * RUN_CHARS + "0"}


#: Issue #13's patterns as they were when they were quadratic, how the code called them, and a run
#: long enough at 1x to show it (short for the cubic ones, which would be slow at 8x).
QUADRATIC = {
    "a weekday, then spaces (_DATE)": (
        r"(?:Jumatatu\s*,?\s*)?(?:\d{1,2}\.?\s+Machi\s+\d{4}|Machi\s+\d{1,2},?\s+\d{4})", "match", 250),
    "a run of dots (_SENTENCE_BREAK)": (r"[.!?…]+[”)\]]*(?P<gap>\s+|(?=[“]?[A-Z][a-z]))", "search", 250),
    "commas before a weak verb (_OUTRO_GAP)": (r"[\s,.]*(?:\S+\s+){0,6}", "match", 500),
    "the last word before a stop (_LAST_WORD)": (r"(\w+)$", "search", 500),
    "spaces before a stop (_SPACE_BEFORE_STOP)": (r"\s+([.,;:!?])", "search", 500),
    "brackets (_PARENTHESIS)": (r"\([^)]*\)", "search", RUN_CHARS),
}


@pytest.mark.parametrize("case", sorted(QUADRATIC))
def test_the_check_fails_on_a_pattern_that_was_quadratic(case):
    """Passing means something: each pattern of #13 in its old, quadratic form fails the check
    on some text the generator builds from it."""
    source, call, run_chars = QUADRATIC[case]
    assert _failures(re.compile(source), {call}, stop_at_first=True, run_chars=run_chars)


def _failures(pattern: re.Pattern, calls: set[str], stop_at_first: bool = False,
              run_chars: int = RUN_CHARS) -> list[str]:
    """The texts built from ``pattern`` on which a call the code makes is not linear."""
    failures, seen = [], set()
    for call in sorted(calls):
        run = _runner(pattern, call)
        for label, make in _Shape(pattern).texts(run_chars):
            if (call, make(1)) in seen:
                continue
            seen.add((call, make(1)))
            try:
                with _Watchdog():
                    assert_linear(run, make)
            except (AssertionError, TimeoutError) as exc:
                failures.append(f"{call} on {label}: {exc.__class__.__name__}")
                if stop_at_first:
                    return failures
    return failures


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_each_pattern_runs_in_linear_time_on_texts_built_from_its_structure(name):
    pattern = PATTERNS[name]
    failures = _failures(pattern, _calls(name))
    assert not failures, f"{name} ({pattern.pattern[:80]!r}) is not linear:\n" + "\n".join(failures[:10])


# --- the whole extractor on hostile texts -------------------------------------------------------

def _bench():
    spec = importlib.util.spec_from_file_location("bench_hostile", ROOT / "bench" / "bench_hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
#: Characters of a hostile text at 1x: 8x is the 20,000 the service accepts.
PAGE_CHARS = 2500
#: A whole step below this many seconds is timer noise.
STEP_FLOOR = 1e-3
_PUTIN = None


def _masked(text: str) -> str:
    global _PUTIN
    if _PUTIN is None:
        from msimamo.extract.statements import resolve
        _PUTIN = resolve("Vladimir Putin")
    return mask(text, _PUTIN)


STEPS = {
    "extract": extract,
    "extract, in a paragraph": lambda text: extract(BENCH.FRAME[0] + text + BENCH.FRAME[1]),
    "find_speaker": find_speaker,
    "mask": _masked,
    "normalise": normalise,
}


def test_every_hostile_class_of_issue_13_is_in_the_benchmark():
    issue = [name for name in BENCH.HOSTILE if name.startswith("*")]
    assert len(issue) == 6 and len(BENCH.HOSTILE) > 50
    for name, make in BENCH.HOSTILE.items():
        assert len(make(PAGE_CHARS)) == PAGE_CHARS and len(make(20_000)) == 20_000, name


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("name", list(BENCH.HOSTILE))
def test_each_step_runs_in_linear_time_on_each_hostile_class(name, step):
    make, run = BENCH.HOSTILE[name], STEPS[step]
    with _Watchdog():
        assert_linear(run, lambda n: make(PAGE_CHARS * n), STEP_FLOOR)
