"""Batch scoring: real files on disk, the CLI run as a subprocess wherever exit codes, signals or
worker processes matter, and exact expected values computed in-process from the same model."""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ARTICLES, GOLD, ROOT, gold_rows
from training.model import HeadResult, load_model
from training.score import CsvInput, Record, RowCheck, RowCheckError, head_columns, score_chunk

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def model_path(trained):
    return trained[0]


@pytest.fixture(scope="module")
def model(model_path):
    return load_model(model_path)


def score(model_path, src, dst, *args, timeout=120) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "training.score", str(src), str(dst), "--model", str(model_path), *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def write(path: Path, header, rows, delimiter=",", encoding="utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def read(path: Path, delimiter=",") -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter=delimiter))


def expected_cells(model, texts, speakers=None) -> list[list[str]]:
    """The added cells, built independently of training.score: label, probability to 4 places, source."""
    out = []
    for text, speaker in zip(texts, speakers or [None] * len(texts)):
        result = model.classify(text, speaker=speaker)
        cells = []
        for head in model.heads:
            r = result[head]
            cells += [r.label, "%.4f" % r.scores[r.label]] + ([r.source] if head == "bloc" else [])
        out.append(cells)
    return out


def leftovers(directory: Path, name: str) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if name in p.name)


def seed_texts(n: int, seed: int = 0) -> list[str]:
    texts = [r["text"] for r in gold_rows()]
    rng = random.Random(seed)
    return [rng.choice(texts) for _ in range(n)]


# --------------------------------------------------------------------------- pure scoring


def test_score_chunk_labels_usable_rows_and_marks_the_rest(model):
    texts = seed_texts(3)
    records = [Record(2, ["a", texts[0]], ""), Record(3, ["b", "   "], ""), Record(4, ["c", "12 – 34"], ""),
               Record(5, ["", "x,y,z"], "line 5: malformed CSV line (3 fields, header has 2)"),
               Record(6, ["d", texts[1]], "")]
    blank = [""] * len(head_columns(model.heads))
    labelled = expected_cells(model, [texts[0], texts[1]])
    assert score_chunk(model, records, 1, "statement") == [
        (2, ["a", texts[0], *labelled[0], ""]),
        (3, ["b", "   ", *blank, "empty text"]),
        (4, ["c", "12 – 34", *blank, "no letters in text"]),
        (5, ["", "x,y,z", *blank, "line 5: malformed CSV line (3 fields, header has 2)"]),
        (6, ["d", texts[1], *labelled[1], ""]),
    ]


class RecordingModel:
    """Stands in for Msimamo to show what score_chunk asks of the model."""

    heads = ["stance", "bloc"]

    def __init__(self):
        self.calls = []

    def classify(self, text, speaker=None):
        self.calls.append((text, speaker))
        return {"stance": HeadResult("neutral", {"neutral": 0.5, "critical": 0.5}),
                "bloc": HeadResult("western", {"western": 1.0}, source="gazetteer")}


def test_article_mode_passes_the_extractors_speaker_and_keeps_empty_articles():
    from training.quotes import extract

    article = (ARTICLES / "000_14d627867fb3ef14.txt").read_text(encoding="utf-8")
    statements = extract(article)
    assert statements, "the seed article has statements"
    fake = RecordingModel()
    rows = score_chunk(fake, [Record(2, ["one", article], ""), Record(3, ["none", "…"], "")], 1, "article")
    assert fake.calls == [(article[s.start:s.end], s.speaker or "") for s in statements]
    assert rows[:-1] == [(2, ["one", article, s.quote, s.speaker or "", s.kind, str(s.start), str(s.end),
                              "neutral", "0.5000", "western", "1.0000", "gazetteer", ""]) for s in statements]
    assert rows[-1] == (3, ["none", "…", "", "", "", "", "", "", "", "", "", "", "no letters in text"])


def test_statement_mode_leaves_attribution_to_the_model():
    fake = RecordingModel()
    rows = score_chunk(fake, [Record(2, ["“Hatutakubali vitisho,” Antonov alisema."], "")], 0, "statement")
    assert fake.calls == [("“Hatutakubali vitisho,” Antonov alisema.", None)]
    assert rows == [(2, ["“Hatutakubali vitisho,” Antonov alisema.", "neutral", "0.5000", "western", "1.0000",
                         "gazetteer", ""])]


def test_row_check_catches_lost_duplicated_and_reordered_rows():
    records = [Record(n, ["x"], "") for n in (2, 3, 4)]

    def check(written, mode="statement"):
        rc = RowCheck(mode)
        list(rc.read(records, report=lambda r: None))
        rc.written([(n, ["x", ""]) for n in written])
        return rc.verify()

    assert check([2, 3, 4]) == "3 rows in, 3 rows out, order preserved; 0 with an error (0 malformed CSV lines)"
    assert check([2, 2, 3, 4], "article").startswith("3 articles in, 4 statement rows out, order preserved")
    for bad in ([2, 4], [2, 3, 3, 4], [2, 4, 3]):
        with pytest.raises(RowCheckError):
            check(bad)


# --------------------------------------------------------------------------- reading


def records_of(data: bytes, **kw) -> tuple[list[str], list[Record]]:
    source = CsvInput(io.BytesIO(data), "in.csv", **kw)
    return source.header, list(source.records(source.column("text")))


def test_reader_keeps_multiline_and_huge_fields_and_skips_blank_lines():
    huge = "neno " * 60_000  # 300,000 characters: over csv's default 131,072 limit
    data = f'id,text\n1,"mstari wa kwanza\nmstari wa pili"\n\n2,"{huge}"\n3,"a ""b"" c"\n'.encode()
    assert records_of(data) == (["id", "text"], [
        Record(2, ["1", "mstari wa kwanza\nmstari wa pili"], ""),
        Record(5, ["2", huge], ""),
        Record(6, ["3", 'a "b" c'], ""),
    ])


def test_reader_turns_each_malformed_line_into_one_error_record_and_reads_on():
    data = (b'id,text\n1,sawa\n2,a,b\n3,"nul\x00here"\n4,"never closed\n5,tano\n6,"sita"\n7,"x"y\n'
            b'8,"open at the end\n9,tisa\n')
    _, records = records_of(data)
    assert [(r.line, r.fields, r.malformed) for r in records] == [
        (2, ["1", "sawa"], ""),
        (3, ["", "2,a,b"], "line 3: malformed CSV line (3 fields, header has 2)"),
        (4, ["", '3,"nul\ufffdhere"'], "line 4: malformed CSV line (NUL byte)"),
        (5, ["", '4,"never closed'], "line 5: malformed CSV line (',' expected after '\"'; a quoted field "
                                     "opened on this line ran on to line 7: unterminated quote?)"),
        (6, ["5", "tano"], ""),
        (7, ["6", "sita"], ""),
        (8, ["", '7,"x"y'], "line 8: malformed CSV line (',' expected after '\"')"),
        (9, ["", '8,"open at the end'], "line 9: malformed CSV line (unexpected end of data; a quoted "
                                        "field opened on this line ran on to line 10: unterminated quote?)"),
        (10, ["9", "tisa"], ""),
    ]


def test_reader_caps_a_record_so_an_open_quote_cannot_swallow_the_file(monkeypatch):
    monkeypatch.setattr("training.score.MAX_RECORD_CHARS", 100)
    data = b'id,text\n1,"open\n' + b"".join(b"%d,line\n" % i for i in range(2, 40))
    _, records = records_of(data)
    assert records[0].malformed.startswith("line 2: malformed CSV line (record longer than 100 characters")
    assert [r.fields for r in records[1:]] == [[str(i), "line"] for i in range(2, 40)]


def test_reader_sniffs_semicolons_and_falls_back_to_comma():
    assert CsvInput(io.BytesIO("id;text\n1;\"a, b, c\"\n2;d, e\n".encode()), "x").delimiter == ";"
    assert CsvInput(io.BytesIO("text\nhabari; za; leo\n".encode()), "x").delimiter == ","
    assert CsvInput(io.BytesIO("id|text\n1|a;b\n".encode()), "x", delimiter="|").delimiter == "|"


# --------------------------------------------------------------------------- the command, end to end


def test_round_trip_on_the_seed_statements_keeps_every_column_and_row(model_path, model, tmp_path):
    out = tmp_path / "out.csv"
    run = score(model_path, GOLD, out)
    assert run.returncode == 0, run.stderr
    source = read(GOLD)
    rows = read(out)
    added = ["stance_pred", "stance_score", "bloc_pred", "bloc_score", "bloc_source", "sentiment_pred",
             "sentiment_score", "error"]  # the gold file already has stance, bloc and sentiment columns
    assert rows[0] == source[0] + added
    assert [r[:len(source[0])] for r in rows[1:]] == source[1:]
    texts = [r[source[0].index("text")] for r in source[1:]]
    assert [r[len(source[0]):] for r in rows[1:]] == [cells + [""] for cells in expected_cells(model, texts)]
    assert f"{len(texts)} rows in, {len(texts)} rows out, order preserved" in run.stderr


def test_empty_and_bad_rows_are_kept_marked_and_reported(model_path, model, tmp_path):
    texts = seed_texts(4, seed=1)
    src = tmp_path / "in.csv"
    src.write_text(
        "id,text\n"
        f"1,\"{texts[0]}\"\n"
        "2,\n"
        "3,\"  \"\n"
        "4,a,b\n"
        f"5,\"{texts[1]}\"\n"
        "6,\"broken\n"
        f"7,\"{texts[2]}\"\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    run = score(model_path, src, out)
    assert run.returncode == 0, run.stderr
    blank = [""] * len(head_columns(model.heads))
    good = expected_cells(model, [texts[0], texts[1], texts[2]])
    assert read(out)[1:] == [
        ["1", texts[0], *good[0], ""],
        ["2", "", *blank, "empty text"],
        ["3", "  ", *blank, "empty text"],
        ["", "4,a,b", *blank, "line 5: malformed CSV line (3 fields, header has 2)"],
        ["5", texts[1], *good[1], ""],
        ["", '6,"broken', *blank, "line 7: malformed CSV line (',' expected after '\"'; a quoted field opened "
                                  "on this line ran on to line 8: unterminated quote?)"],
        ["7", texts[2], *good[2], ""],
    ]
    assert "in.csv: line 5: malformed CSV line (3 fields, header has 2); kept as an error row" in run.stderr
    assert "in.csv: line 7: malformed CSV line" in run.stderr
    assert "7 rows in, 7 rows out, order preserved; 4 with an error (2 malformed CSV lines)" in run.stderr


def test_bom_and_sniffed_semicolons_give_the_same_labels_as_plain_csv(model_path, tmp_path):
    rows = [[str(i), t, "a, b"] for i, t in enumerate(seed_texts(30, seed=2))]
    plain = write(tmp_path / "plain.csv", ["id", "text", "note"], rows)
    bom = write(tmp_path / "bom.csv", ["id", "text", "note"], rows, encoding="utf-8-sig")
    semi = write(tmp_path / "semi.csv", ["id", "text", "note"], rows, delimiter=";")
    for src in (plain, bom, semi):
        run = score(model_path, src, tmp_path / f"{src.stem}.out.csv")
        assert run.returncode == 0, run.stderr
    assert (tmp_path / "bom.out.csv").read_bytes() == (tmp_path / "plain.out.csv").read_bytes()
    assert read(tmp_path / "semi.out.csv", delimiter=";") == read(tmp_path / "plain.out.csv")
    assert read(tmp_path / "plain.out.csv")[0][:3] == ["id", "text", "note"]


def test_a_file_that_is_not_utf8_is_refused_with_its_line_and_byte(model_path, tmp_path):
    src = tmp_path / "latin.csv"
    src.write_bytes("id,text\n1,habari\n2,café ya Putin\n".encode("latin-1"))
    out = tmp_path / "out.csv"
    run = score(model_path, src, out)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [f"{src}: not UTF-8 at line 3, byte offset 22 (0xe9); "
                                               "re-save the file as UTF-8"]
    assert leftovers(tmp_path, "out.csv") == []


def test_missing_text_column_and_bad_models_exit_2_in_one_line(model_path, tmp_path):
    src = write(tmp_path / "in.csv", ["id", "body"], [["1", "habari"]])
    run = score(model_path, src, tmp_path / "out.csv")
    assert (run.returncode, run.stderr) == (2, f"{src}: no column 'text' (columns: id, body); "
                                               "name the text column with --text-column\n")
    run = score(tmp_path / "nowhere.joblib", src, tmp_path / "out.csv", "--text-column", "body")
    assert (run.returncode, run.stderr) == (2, f"no model at {tmp_path / 'nowhere.joblib'}: run `make train`\n")
    tampered = tmp_path / "m" / "msimamo.joblib"
    tampered.parent.mkdir()
    data = bytearray(Path(model_path).read_bytes())
    data[-1] ^= 1
    tampered.write_bytes(bytes(data))
    (tampered.parent / "model.json").write_bytes((Path(model_path).parent / "model.json").read_bytes())
    run = score(tampered, src, tmp_path / "out.csv", "--text-column", "body")
    assert run.returncode == 2 and len(run.stderr.splitlines()) == 1
    assert "does not match the sha256 in its card" in run.stderr
    assert leftovers(tmp_path, "out.csv") == []


def test_strict_stops_at_the_first_malformed_line(model_path, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,text\n1,habari za Moscow\n2,a,b\n3,habari za Seoul\n", encoding="utf-8")
    run = score(model_path, src, tmp_path / "out.csv", "--strict")
    assert run.returncode == 2
    assert run.stderr == (f"{src}: line 3: malformed CSV line (3 fields, header has 2); --strict: stopping, "
                          f"{tmp_path / 'out.csv'} not written\n")
    assert leftovers(tmp_path, "out.csv") == []


def big_input(path: Path, rows: int) -> Path:
    texts = seed_texts(rows, seed=3)
    return write(path, ["id", "text"], [[str(i), "" if i % 101 == 0 else t] for i, t in enumerate(texts)])


def start(model_path, src, dst, *args) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "training.score", str(src), str(dst), "--model", str(model_path), *args]
    return subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)


def wait_for_partial_output(directory: Path, name: str, proc: subprocess.Popen) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        temps = [p for p in directory.iterdir() if p.name.startswith(f".{name}.") and p.stat().st_size > 0]
        if temps:
            return temps[0]
        time.sleep(0.05)
    raise AssertionError(f"no partial output appeared (exit {proc.poll()})")


def test_kill_9_mid_run_leaves_no_file_under_the_output_name(model_path, tmp_path):
    src = big_input(tmp_path / "in.csv", 40_000)
    out = tmp_path / "out.csv"
    proc = start(model_path, src, out, "--quiet")
    partial = wait_for_partial_output(tmp_path, "out.csv", proc)
    proc.kill()
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    assert partial.exists()  # it was mid-run: the partial file sits under its temporary name only


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly_and_writes_nothing(model_path, tmp_path, jobs):
    src = big_input(tmp_path / "in.csv", 40_000)
    out = tmp_path / "out.csv"
    proc = start(model_path, src, out, "--jobs", jobs)
    wait_for_partial_output(tmp_path, "out.csv", proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert (proc.returncode, err) == (130, f"interrupted: {out} not written\n")
    assert leftovers(tmp_path, "out.csv") == []


def test_two_jobs_and_dask_write_the_same_bytes_as_one_job(model_path, tmp_path):
    src = big_input(tmp_path / "in.csv", 2_500)
    with open(src, "a", encoding="utf-8") as fh:
        fh.write('x,"unterminated\ny,habari za Moscow\n')
    runs = {
        "one": score(model_path, src, tmp_path / "one.csv", "--chunk-size", "100"),
        "two": score(model_path, src, tmp_path / "two.csv", "--jobs", "2", "--chunk-size", "100"),
        "dask": score(model_path, src, tmp_path / "dask.csv", "--engine", "dask", "--jobs", "2",
                      "--chunk-size", "100"),
    }
    for name, run in runs.items():
        assert run.returncode == 0, (name, run.stderr)
        assert "2502 rows in, 2502 rows out, order preserved; 26 with an error (1 malformed CSV lines)" in run.stderr
    one = (tmp_path / "one.csv").read_bytes()
    assert (tmp_path / "two.csv").read_bytes() == one
    assert (tmp_path / "dask.csv").read_bytes() == one
    assert [r[0] for r in read(tmp_path / "one.csv")[1:]] == [str(i) for i in range(2500)] + ["", "y"]


def test_article_mode_writes_one_row_per_statement(model_path, model, tmp_path):
    from training.quotes import extract

    articles = {p.stem: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}
    src = write(tmp_path / "articles.csv", ["name", "body"],
                [[name, body] for name, body in articles.items()] + [["empty", ""]])
    out = tmp_path / "out.csv"
    run = score(model_path, src, out, "--mode", "article", "--text-column", "body")
    assert run.returncode == 0, run.stderr
    expected = []
    for name, body in articles.items():
        found = extract(body)
        labels = expected_cells(model, [body[s.start:s.end] for s in found], [s.speaker or "" for s in found])
        expected += [[name, body, s.quote, s.speaker or "", s.kind, str(s.start), str(s.end), *cells, ""]
                     for s, cells in zip(found, labels)]
    expected.append(["empty", "", *[""] * (5 + len(head_columns(model.heads))), "empty text"])
    rows = read(out)
    assert rows[0] == ["name", "body", "quote", "speaker", "kind", "start", "end",
                       *head_columns(model.heads), "error"]
    assert rows[1:] == expected
    assert f"{len(articles) + 1} articles in, {len(expected)} statement rows out, order preserved" in run.stderr
