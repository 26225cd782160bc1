"""What a long `train` or `evaluate` run is doing, one line per stage, for the person waiting.

Every line starts with the time since the run began, so a stage's cost is the gap between two lines.
A stage that loops over folds says how many are done and, from their mean time, about how long the
rest will take (elapsed / done × remaining: folds differ in size, so it is an estimate). The lines
go to ``say`` and nothing else reads them: the figures a run prints and the model it writes are the
same with or without them. The commands say them on stderr when it is a terminal (``for_terminal``),
like the scoring bar: a log or a script reading stderr gets a refusal as its one line, as before.
"""

from __future__ import annotations

import sys
import time
from typing import Callable

#: At most one count line per loop this often (seconds), besides the one for the last fold.
EVERY = 10.0


def duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s"


def to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def for_terminal() -> Callable[[str], None] | None:
    """Where a command's stage lines go: stderr if a person is watching it, else nowhere."""
    return to_stderr if sys.stderr.isatty() else None


class Progress:
    """The stage lines of one run; ``Progress()`` with no ``say`` says nothing (library callers)."""

    def __init__(self, say: Callable[[str], None] | None = None, clock: Callable[[], float] = time.perf_counter,
                 every: float = EVERY):
        self.say, self.clock, self.every = say, clock, every
        self.started = clock()

    def stage(self, what: str, now: float | None = None) -> None:
        """A stage begins (or, for ``done``, the run ends)."""
        if self.say is not None:
            now = self.clock() if now is None else now
            self.say(f"[{duration(now - self.started):>10}] {what}")

    def loop(self, what: str, total: int, unit: str = "fold") -> "Loop":
        """A stage of ``total`` steps: its first line now, then counts as ``Loop.tick`` hears of them."""
        self.stage(f"{what}: {total} {unit}{'s' if total != 1 else ''}")
        return Loop(self, what, total, unit)


class Loop:
    """Counts the steps of one stage and says how far it is, every ``Progress.every`` seconds and at
    the last step. ``what`` may change as the loop moves on (the supplement comparison's settings);
    ``total`` may shrink when steps turn out to be skipped (a learning-curve fold too small to fit)."""

    def __init__(self, progress: Progress, what: str, total: int, unit: str):
        self.progress, self.what, self.total, self.unit = progress, what, total, unit
        self.done = 0
        self.began = self.shown = progress.clock()

    def tick(self, steps: int = 1) -> None:
        self.done += steps
        now = self.progress.clock()
        if self.done < self.total and now - self.shown < self.progress.every:
            return
        self.shown = now
        spent = now - self.began
        where = f"{self.what}: {self.unit} {self.done}/{self.total}"
        if self.done < self.total:
            self.progress.stage(f"{where}, about {duration(spent / self.done * (self.total - self.done))} left", now)
        else:
            self.progress.stage(f"{where} in {duration(spent)}", now)
