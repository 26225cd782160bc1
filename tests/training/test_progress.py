"""The stage lines of `train` and `evaluate`: what runs, since when, and how long a fold loop has left."""

from __future__ import annotations

import io
import re
import sys

from conftest import write_csv
from msimamo.cli import main as msimamo
from training import fit
from training.progress import Progress

FOUR = [["Putin alisema ushirikiano utaimarika", "supportive"], ["Kim alisema mkataba ni mzuri", "supportive"],
        ["Blinken alikosoa makubaliano hayo", "critical"], ["Marekani ililaani ushirikiano huo", "critical"]]
STAMP = re.compile(r"^\[ *(\d+\.\d s|\d+ min \d\d s)\] ")


class Clock:
    def __init__(self, *times: float):
        self.times = list(times)

    def __call__(self) -> float:
        return self.times.pop(0)


def test_a_loop_says_its_count_and_the_time_left_at_most_every_few_seconds():
    lines = []
    #             start loop-line begin  tick1 tick2(line) tick3 tick4(last)
    progress = Progress(lines.append, Clock(0, 0, 0, 5, 12, 13, 80), every=10)
    loop = progress.loop("cross-validation", 4)
    for _ in range(4):
        loop.tick()
    assert lines == ["[     0.0 s] cross-validation: 4 folds",
                     "[    12.0 s] cross-validation: fold 2/4, about 12.0 s left",  # 12 s for 2, so 12 s for 2 more
                     "[1 min 20 s] cross-validation: fold 4/4 in 1 min 20 s"]


def test_without_say_nothing_is_said():
    loop = Progress().loop("learning curve", 2)
    loop.tick()
    loop.tick()  # no error, no output: the library's callers get the figures only


def test_train_says_each_stage_in_order_with_the_time_since_it_began(tmp_path):
    data = write_csv(tmp_path / "four.csv", ["text", "stance"], FOUR)
    lines = []
    fit.train(data, tmp_path / "m.joblib", force=True, log=lambda *_: None, progress=lines.append)
    assert all(STAMP.match(line) for line in lines), lines
    said = [STAMP.sub("", line) for line in lines]
    expected = [f"reading {data}", "cross-validation of stance, tuned inside each fold: 4 folds",
                "cross-validation of stance, tuned inside each fold: fold 4/4 in", "learning curve: ",
                "learning curve: fold ", "choosing parameters: grouped CV of 2 feature settings × 6 per head on 4",
                "fitting the final model, its heads calibrated out of fold", "speaker invariance",
                "development pages", f"writing {tmp_path / 'm.joblib'} and its card", "done"]
    at = 0
    for line in said:  # every expected stage, in this order (count lines between them may vary)
        if at < len(expected) and line.startswith(expected[at]):
            at += 1
    assert at == len(expected), said


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_evaluate_puts_the_stages_on_a_terminal_and_only_the_scores_on_stdout(tmp_path, capsys, monkeypatch):
    data = write_csv(tmp_path / "four.csv", ["text", "stance"], FOUR)
    args = ["evaluate", "model", "--data", str(data), "--no-authored", "--no-offtopic"]
    assert msimamo(args) == 0
    quiet = capsys.readouterr()
    assert quiet.err == ""  # stderr read by a program: no stage lines, so a refusal stays its one line
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert msimamo(args) == 0
    captured = capsys.readouterr()
    assert captured.out == quiet.out and not any(STAMP.match(line) for line in captured.out.splitlines())
    err = [STAMP.sub("", line) for line in sys.stderr.getvalue().splitlines() if STAMP.match(line)]
    assert err[0] == f"reading {data}" and err[-1] == "done"
    assert "fitting the default model on 4 statements (parameters chosen by grouped CV)" in err
    assert captured.out.startswith("four.csv: 4 statements, 5-fold, ungrouped")
