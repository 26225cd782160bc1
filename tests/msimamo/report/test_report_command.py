"""``msimamo report``: help, one-line refusals with exit 2, and output that appears whole or not at all."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from msimamo.cli import main
from report_support import labelled, scored_header, write_scored


@pytest.fixture
def scored(tmp_path):
    header = scored_header(["id", "published", "text"])
    rows = [labelled(header, "supportive", "russia_dprk", id=1, published="2024-06-19", text="Tutashirikiana."),
            labelled(header, "critical", "western", id=2, published="2024-06-20", text="Hatukubali.")]
    return write_scored(tmp_path / "scored.csv", header, rows)


def report(*argv: str) -> int:
    try:
        return main(["report", *argv])
    except SystemExit as stop:
        return stop.code


def leftovers(directory):
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def test_help_names_the_options():
    done = subprocess.run([sys.executable, "-m", "msimamo", "report", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("usage: msimamo report")
    for option in ("SCORED.csv", "--output", "--date-column", "--model", "--quiet"):
        assert option in done.stdout


def test_a_report_is_written(scored, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert report(str(scored), "-o", str(out), "--model", str(tmp_path / "none.joblib"), "--date-column", "published") == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Hatukubali." in page and '"published":{"unit":"day"' in page
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("2 rows (0 with an error) → ")
    assert leftovers(tmp_path) == []


def test_quiet_prints_nothing(scored, tmp_path, capsys):
    assert report(str(scored), "-o", str(tmp_path / "r.html"), "--model", str(tmp_path / "m.joblib"), "--quiet") == 0
    assert capsys.readouterr() == ("", "")


def one_line_failure(capsys, *argv) -> str:
    assert report(*argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("msimamo report: error: ") and "Traceback" not in err
    return err


def test_refusals_are_one_line_and_leave_the_old_output(scored, tmp_path, capsys):
    out = tmp_path / "report.html"
    out.write_text("the previous report", encoding="utf-8")
    model = ["--model", str(tmp_path / "m.joblib")]

    gold = tmp_path / "gold.csv"
    gold.write_text("text,stance\nPutin alisema.,supportive\n", encoding="utf-8")
    assert "not a scored file: run msimamo score first" in one_line_failure(capsys, str(gold), "-o", str(out), *model)

    latin = tmp_path / "latin.csv"
    latin.write_bytes(scored.read_bytes() + "3,2024-06-21,café\r\n".encode("latin-1"))
    assert "not UTF-8 at line 4" in one_line_failure(capsys, str(latin), "-o", str(out), *model)

    assert "no column 'day'" in one_line_failure(capsys, str(scored), "-o", str(out), "--date-column", "day", *model)
    assert "hakuna.csv" in one_line_failure(capsys, str(tmp_path / "hakuna.csv"), "-o", str(out), *model)
    assert out.read_text(encoding="utf-8") == "the previous report"
    assert leftovers(tmp_path) == []


def test_the_input_is_never_the_output(scored, tmp_path, capsys):
    before = scored.read_bytes()
    link = tmp_path / "link.csv"
    link.hardlink_to(scored)
    for target in (scored, link, tmp_path / "." / "scored.csv"):
        err = one_line_failure(capsys, str(scored), "-o", str(target), "--model", str(tmp_path / "m.joblib"))
        assert "same file as" in err
    assert scored.read_bytes() == before
    err = one_line_failure(capsys, str(scored), "-o", str(tmp_path), "--model", str(tmp_path / "m.joblib"))
    assert "is a directory" in err


def test_a_report_interrupted_while_written_leaves_no_file(scored, tmp_path, monkeypatch):
    from pathlib import Path

    def half_then_interrupt(self, text, encoding=None):
        with open(self, "w", encoding=encoding) as fh:
            fh.write(text[:1000])
        raise KeyboardInterrupt

    out = tmp_path / "report.html"
    out.write_text("the previous report", encoding="utf-8")
    monkeypatch.setattr(Path, "write_text", half_then_interrupt)
    assert report(str(scored), "-o", str(out), "--model", str(tmp_path / "m.joblib"), "--quiet") == 130
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "the previous report" and leftovers(tmp_path) == []


def test_output_is_required(scored, capsys):
    assert report(str(scored)) == 2
    assert "-o/--output" in capsys.readouterr().err
