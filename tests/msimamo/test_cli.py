"""The `msimamo` command: every subcommand answers --help, and fails in one line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ARTICLES, ROOT
from msimamo.cli import COMMANDS, main


def article(name: str):
    path = next(ARTICLES.glob(f"{name}_*.txt"))
    return path, path.read_text(encoding="utf-8")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "msimamo", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_top_level_help_lists_every_subcommand():
    done = run("--help")
    assert done.returncode == 0
    assert all(name in done.stdout for name in COMMANDS)


def exit_status(argv: list[str]) -> int:
    """``msimamo ARGV`` in this process: its return value, or the status argparse exits with."""
    try:
        return main(argv)
    except SystemExit as stop:
        return stop.code


@pytest.mark.parametrize("argv", [[name] for name in COMMANDS] + [["evaluate", t] for t in ("model", "quotes", "afrisenti")])
def test_every_subcommand_answers_help_without_doing_its_job(argv, capsys):
    assert exit_status([*argv, "--help"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"usage: msimamo {' '.join(argv)}") and err == ""


@pytest.mark.parametrize("argv", [[name, "--no-such-option"] for name in COMMANDS] + [["no-such-command"], []])
def test_a_bad_command_line_fails_in_one_line(argv, capsys):
    assert exit_status(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error:" in err and "Traceback" not in err


def test_python_m_api_is_msimamo_serve():
    done = subprocess.run([sys.executable, "-m", "api", "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("usage: msimamo serve")


def test_a_missing_model_is_one_line_for_every_command_that_loads_one(tmp_path):
    missing = str(tmp_path / "none.joblib")
    src = tmp_path / "in.csv"
    src.write_text("text\nPutin alisema.\n", encoding="utf-8")
    for argv in (["classify", "--model", missing, "Putin alisema."],
                 ["score", str(src), str(tmp_path / "out.csv"), "--model", missing],
                 ["serve", "--model", missing, "--port", "0"]):
        done = run(*argv)
        assert done.returncode == 2, (argv, done.stderr)
        assert done.stderr.count("\n") == 1 and "no model at" in done.stderr, (argv, done.stderr)


def test_classify_prints_the_api_fields(trained):
    done = run("classify", "--model", str(trained[0]), "“Hatutakubali vitisho,” Antonov alisema.")
    assert done.returncode == 0, done.stderr
    (row,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert set(row) == {"text", "language", "stance", "bloc", "sentiment", "relevant"}
    assert (row["bloc"]["label"], row["bloc"]["source"]) == ("russia_dprk", "gazetteer")


def test_cli_prints_json_lines_with_offsets_of_the_sentence(capsys):
    path, text = article("000")
    assert main(["extract", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 17
    assert list(rows[3]) == ["quote", "speaker", "kind", "start", "end"]
    assert rows[3] == {"quote": ("Putin alikubali mwaliko huo kwa furaha na alithibitisha nia yake ya kuendeleza "
                                 "historia na utamaduni wa urafiki wa Urusi-DPRK"),
                       "speaker": "KCNA", "kind": "quote", "start": 428, "end": 567}
    assert all(text[r["start"]:r["end"]] == text[r["start"]:r["end"]].strip() != "" for r in rows)


def test_cli_keeps_non_ascii_readable():
    path, _ = article("003")
    out = subprocess.run([sys.executable, "-m", "msimamo", "extract", str(path)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert "\\u" not in out
    assert "Shirikisho la Urusi kwa mujibu wa ari ya mkataba" in out


def test_cli_refuses_a_missing_file_in_one_line(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "hakuna.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "hakuna.txt" in err


