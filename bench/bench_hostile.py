"""`make bench-hostile`: the extractor and the model on crafted 20,000-character texts.

Each class is a text built to make some step slow: long runs of what one pattern repeats with a
tail that makes it fail (issue #13's cases first, then others), many quotation marks, speech
verbs, names, titles or lines, characters a Swahili page seldom holds. Every text is analysed as
an article (``Msimamo.analyse``), alone and inside a body paragraph (a page cleaner drops much of
it as furniture otherwise), and classified as one statement (``Msimamo.classify``). Each mode's
median CPU time over a few runs is printed beside that of an ordinary news text of the same
length, built from the seed statements and measured in the same run, with the ratio between them,
and the slowest run of any mode. The aim (#13) is at most 0.1 s a text. ``--isolate S`` runs each
class in a child process stopped after S seconds, to measure code that may not finish. Last,
``/health``'s latency on a real server while large hostile requests run (``--health N``).

``HOSTILE`` is also what tests/msimamo/extract/test_linear_time.py grows from 1x to 8x.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SIZE = 20_000
AIM_SECONDS = 0.1


def fill(head: str, unit: str, tail: str = "") -> Callable[[int], str]:
    """A maker of texts of ``size`` characters: ``head``, ``unit`` repeated, ``tail``."""

    def make(size: int) -> str:
        room = max(0, size - len(head) - len(tail))
        return head + (unit * (room // len(unit) + 1))[:room] + tail

    return make


def _parts(*pieces: tuple[str, float]) -> Callable[[int], str]:
    """A maker of texts of ``size`` characters: each piece repeated over its share of ``size``."""

    def make(size: int) -> str:
        out = []
        for unit, share in pieces:
            n = max(1, int(size * share))
            out.append((unit * (n // len(unit) + 1))[:n])
        return "".join(out)[:size]

    return make


#: Issue #13's cases (a *), then ours: name → maker of a text of a given length.
HOSTILE: dict[str, Callable[[int], str]] = {
    # issue #13
    "* long word, then abbreviations": _parts(("a", 2 / 3), (" ", 0.00005), ("Ab. ", 1 / 3)),
    "* quotation, commas, weak verbs": _parts(("“Tutashinda vita hii.” ", 0.0012), (",", 2 / 3),
                                              (" iliongeza", 1 / 3)),
    "* weekday, then spaces": fill("Jumatatu", " ", "x"),
    "* dots": fill("", "."),
    "* kwa mujibu wa, repeated": fill("Habari ", "kwa mujibu wa "),
    "* kulingana na, repeated": fill("", "Kulingana na "),
    # quotation marks
    "opening marks, unbalanced": fill("", "“neno "),
    "closing marks, unbalanced": fill("", "neno” "),
    "straight double marks": fill("", '"'),
    "straight marks around words": fill("", '"a" '),
    "single marks and apostrophes": fill("", "‘ng’ombe' "),
    "two-apostrophe marks": fill("", "''"),
    "angle marks, nested": fill("", "«‹"),
    "quotation, then a word run": _parts(("“", 0.0001), ("neno ", 0.999), ("” alisema", 0.001)),
    "quotations and verbs, one sentence": fill("", "“neno” alisema "),
    "quotations and weak verbs": fill("", "“neno” aliongeza "),
    "quotations holding stops": fill("", "“Neno. Neno.” "),
    "glued quotations, then weak verbs": _parts(("“ab”", 0.8), (" aliongeza", 0.2)),
    # speech verbs
    "speech verbs": fill("", "alisema "),
    "weak verbs": fill("", "aliongeza "),
    "verbs glued to prefixes": fill("", "alimwambiaalisema "),
    "passive verbs and agents": fill("", "yamesemwa na "),
    "giving verbs": fill("", "alitoa wito "),
    "speech verbs, commas": fill("", "alisema, "),
    "speech verbs after a quotation": fill("“Tutashinda vita hii kabisa,” ", "alisema "),
    "verbs with that-words": fill("", "alisema kwamba "),
    "headline verbs": fill("", "Waziri aonya "),
    "short attributed sentences": fill("", "Putin alisema hivyo. "),
    # names
    "capitalised names": fill("", "Amina Juma "),
    "names and commas": fill("", "Amina Juma, "),
    "initials": fill("", "A. ", "Juma."),
    "capitalised words glued": fill("", "AbcDef"),
    "capitalised run with connectors": fill("", "Wizara ya Ulinzi "),
    "titles": fill("", "Rais "),
    "titles in a row": fill("", "Rais Waziri Bw "),
    "gazetteer names": fill("", "Vladimir Putin "),
    "gazetteer surnames misspelt": fill("", "Putrin Zelenskiyy "),
    "gazetteer descriptions": fill("", "Rais wa Urusi "),
    "names in brackets": fill("", "Shirika la Habari la Korea (KCNA) "),
    "relative pronouns": fill("Rais ", "ambaye "),
    "anaphors": fill("", "Waziri huyo "),
    "source phrases and names": fill("", "kwa mujibu wa Waziri Amina "),
    "speech nouns": fill("", "onyo la "),
    # punctuation and layout
    "commas": fill("", ","),
    "words and commas": fill("", "neno, "),
    "colons": fill("", "Waziri: "),
    "parentheses": fill("", "("),
    "brackets and words": fill("", "(neno "),
    "hyphens": fill("", "-"),
    "question and exclamation marks": fill("", "?!"),
    "ellipses": fill("", "…"),
    "stops after capitals": fill("", "A."),
    "stop runs between words": fill("", "neno.... "),
    "hashtags": fill("Bei itashuka. ", "#Zambia "),
    "read-more links": fill("", "Soma pia "),
    "pipes": fill("", "neno | "),
    "dates": fill("", "12 Machi 2024 "),
    "digits and stops": fill("", "1."),
    # spacing and characters
    "no spaces, lower case": fill("", "a"),
    "no spaces, upper case": fill("", "A"),
    "no spaces, mixed case": fill("", "aB"),
    "newlines": fill("", "\n"),
    "one word a line": fill("", "Rais\n"),
    "tabs and spaces": fill("neno", " \t", "x"),
    "zero-width spaces": fill("", "\u200b"),
    "zero-width between letters": fill("", "a\u200b"),
    "combining accents": fill("a", "\u0301"),
    "right-to-left text": fill("", "قال الرئيس "),
    "bidirectional overrides": fill("", "\u202eneno\u202c "),
    "non-breaking spaces": fill("neno", "\u00a0", "x"),
}


#: A title and the opening and close of a body paragraph, so that a hostile run a page cleaner would
#: drop as furniture (a long line without a stop, a menu of capitalised words) is read as body.
FRAME = ("Waziri aonya kuhusu bei ya mafuta\n\nWaziri Amina Juma alisema kwamba ", ".\n\nAlisema pia kwamba "
         "bei itashuka mwezi ujao.")


def framed(make: Callable[[int], str], size: int) -> str:
    """The hostile run of a class inside ``FRAME``, ``size`` characters in all."""
    head, tail = FRAME
    return head + make(max(0, size - len(head) - len(tail))) + tail


def reference(size: int) -> str:
    """An ordinary news text of ``size`` characters: the seed statements (seeds/*.csv), three to a
    paragraph, in their files' order, under a title."""
    sentences = []
    for path in sorted(SEEDS.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            sentences += [row["text"] for row in csv.DictReader(fh)]
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    out, length = ["Urusi na Korea Kaskazini zasaini mkataba mpya"], 0
    for p in paragraphs:
        if length + len(p) + 2 > size:
            break
        out.append(p)
        length += len(p) + 2
    return "\n\n".join(out)[:size]


def _times(run: Callable[[], object], repeat: int) -> list[float]:
    """Seconds of this thread's CPU for each of ``repeat`` runs: the machine is shared, and wall
    time would also count the time other processes held the CPU."""
    times = []
    for _ in range(repeat):
        started = time.thread_time()
        run()
        times.append(time.thread_time() - started)
    return times


def measure(model, make: Callable[[int], str], size: int, repeat: int) -> dict:
    """The median of ``repeat`` runs of each mode (article mode on the text alone and framed as a
    body paragraph, statement mode), the slowest run of any, and the statements found in the framed
    text."""
    text, body = make(size), framed(make, size)
    runs = {"article": _times(lambda: model.analyse(text), repeat),
            "framed": _times(lambda: model.analyse(body), repeat),
            "statement": _times(lambda: model.classify(text), repeat)}
    got = {mode: statistics.median(times) for mode, times in runs.items()}
    got["worst"] = max(max(times) for times in runs.values())
    got["statements"] = len(model.analyse(body).statements)
    return got


def _child(model_path: str, name: str, size: int, repeat: int) -> None:
    """One class measured in this process, printed as JSON (for ``--isolate``)."""
    import msimamo

    model = msimamo.load(model_path)
    print(json.dumps(measure(model, _maker(name), size, repeat)))


def _maker(name: str) -> Callable[[int], str]:
    return reference if name == "reference" else HOSTILE[name]


def _isolated(model_path: str, name: str, size: int, repeat: int, seconds: float) -> dict | None:
    cmd = [sys.executable, __file__, "--child", name, "--model", model_path, "--size", str(size),
           "--repeat", str(repeat)]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    if run.returncode != 0:
        raise SystemExit(f"{name}: {run.stderr.strip().splitlines()[-1]}")
    return json.loads(run.stdout.splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "msimamo.joblib"))
    ap.add_argument("--size", type=int, default=SIZE, help="characters per text (default 20,000)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per text and mode (default 5)")
    ap.add_argument("--only", action="append", default=[], help="only classes whose name holds this")
    ap.add_argument("--isolate", type=float, default=None, metavar="S",
                    help="each class in a child process, given up after S seconds")
    ap.add_argument("--health", type=int, default=3, metavar="N",
                    help="then /health latency of a real server while N hostile requests run (0: skip; default 3)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        _child(args.model, args.child, args.size, args.repeat)
        return 0
    from training.progress import Progress, to_stderr

    steps = Progress(to_stderr)  # what runs now, on stderr; the figures alone on stdout
    names = [n for n in HOSTILE if not args.only or any(o in n for o in args.only)]
    for name in names:
        text = HOSTILE[name](args.size)
        assert len(text) == args.size, (name, len(text))
    if args.isolate:
        run = lambda name: _isolated(args.model, name, args.size, args.repeat, args.isolate)  # noqa: E731
    else:
        import msimamo

        model = msimamo.load(args.model)
        run = lambda name: measure(model, _maker(name), args.size, args.repeat)  # noqa: E731
    steps.stage(f"the reference, then {len(names)} hostile classes, a row each as it is measured")
    ref = run("reference")
    print(f"{args.size:,} characters a text; seconds of CPU, the median of {args.repeat} runs per mode and the "
          f"slowest run of any mode; aim ≤ {AIM_SECONDS} s a text")
    print("article: Msimamo.analyse of the text alone; in a paragraph: of the text framed as a body paragraph;\n"
          "statement: Msimamo.classify of the text; × ref: over the reference; found: statements in the framed text")
    print(f"{'class':<36}{'article':>9}{'× ref':>7}{'in a paragraph':>16}{'× ref':>7}{'statement':>11}{'× ref':>7}"
          f"{'worst':>8}{'found':>7}")
    _row("reference (seed news)", ref, ref)
    worst, typical_over, worst_over = 0.0, [], []
    for name in names:
        got = run(name)
        if got is None:
            print(f"{name:<36}{'> ' + format(args.isolate, 'g') + ' s':>9}")
            typical_over.append(name)
            worst_over.append(name)
            continue
        _row(name, got, ref)
        worst = max(worst, got["worst"])
        if max(got["article"], got["framed"], got["statement"]) > AIM_SECONDS:
            typical_over.append(name)
        if got["worst"] > AIM_SECONDS:
            worst_over.append(name)
    print(f"slowest run of a hostile text: {worst:.3f} s")
    print(f"over {AIM_SECONDS} s (median): {', '.join(typical_over) or 'none'}")
    print(f"over {AIM_SECONDS} s (slowest run): {', '.join(worst_over) or 'none'}")
    if args.health:
        steps.stage(f"/health of a real server while {args.health} hostile requests run")
        health_under_load(args.model, args.health)
    steps.stage("done")
    return 0


def health_under_load(model_path: str, requests: int, seconds: float = 15.0) -> None:
    """``/health`` latency of a real server (``python -m api`` on a free port) while ``requests``
    article requests of 100 hostile 20,000-character texts each run at once: model work must not
    hold the event loop. Prints the probes' median and worst latency and what the requests got."""
    import asyncio
    import os
    import socket

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "MODEL_PATH": model_path, "PORT": str(port), "HOST": "127.0.0.1",
           "REQUEST_TIMEOUT_S": str(seconds)}
    server = subprocess.Popen([sys.executable, "-m", "api"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    body = json.dumps({"texts": [HOSTILE["* kwa mujibu wa, repeated"](SIZE)] * 100, "mode": "article"})

    async def run() -> tuple[list[float], list]:
        async with httpx.AsyncClient(base_url=base, timeout=seconds + 30) as client:
            for _ in range(600):
                try:
                    if (await client.get("/ready")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            statuses: list = []

            async def hostile() -> None:
                r = await client.post("/classify", content=body, headers={"content-type": "application/json"})
                statuses.append(r.status_code)

            tasks = [asyncio.create_task(hostile()) for _ in range(requests)]
            await asyncio.sleep(0.3)
            latencies = []
            while not all(t.done() for t in tasks):
                started = time.perf_counter()
                await client.get("/health")
                latencies.append(time.perf_counter() - started)
                await asyncio.sleep(0.05)
            return latencies, statuses

    try:
        latencies, statuses = asyncio.run(run())
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"/health while {requests} requests of 100 hostile texts run (article mode, REQUEST_TIMEOUT_S={seconds:g}): "
          f"{len(latencies)} probes, median {statistics.median(latencies) * 1000:.1f} ms, "
          f"worst {max(latencies) * 1000:.1f} ms; the requests got {sorted(statuses)}")


def _row(name: str, got: dict, ref: dict) -> None:
    cells = "".join(f"{got[mode]:>{width}.3f}{got[mode] / ref[mode]:>7.1f}"
                    for mode, width in (("article", 9), ("framed", 16), ("statement", 11)))
    print(f"{name:<36}{cells}{got['worst']:>8.3f}{got['statements']:>7}")


if __name__ == "__main__":
    sys.exit(main())
