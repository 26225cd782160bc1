"""``msimamo score`` end to end: real files on disk, run as a subprocess, exact expected values
computed in-process from the same model; every refusal is one line and exit 2, with no OUT."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from batch_support import command, expected_cells, leftovers, model, model_path, read, score, seed_texts, write  # noqa: F401
from conftest import ARTICLES, GOLD, ROOT
from msimamo.batch.rows import head_columns
from msimamo.extract.statements import extract

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_round_trip_on_the_seed_statements_keeps_every_column_and_row(model_path, model, tmp_path):
    out = tmp_path / "out.csv"
    run = score(model_path, GOLD, out)
    assert run.returncode == 0, run.stderr
    source = read(GOLD)
    rows = read(out)
    added = ["language", "stance_pred", "stance_score", "bloc_pred", "bloc_score", "bloc_source", "sentiment_pred",
             "sentiment_score", "relevant_pred", "relevant_score", "error"]  # the gold file has the label columns
    assert rows[0] == source[0] + added
    assert [r[:len(source[0])] for r in rows[1:]] == source[1:]
    texts = [r[source[0].index("text")] for r in source[1:]]
    assert [r[len(source[0]):] for r in rows[1:]] == [cells + [""] for cells in expected_cells(model, texts)]
    assert re.fullmatch(rf"{len(texts)} rows in, {len(texts)} rows out, order preserved; 0 with an error "
                        rf"\(0 malformed CSV lines\) → {re.escape(str(out))} in \d+\.\d s\n", run.stderr)


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
    assert run.stderr.strip().splitlines() == [f"msimamo score: error: {src}: not UTF-8 at line 3, byte offset 22 "
                                               "(0xe9); re-save the file as UTF-8"]
    assert leftovers(tmp_path, "out.csv") == []


def test_missing_text_column_and_bad_models_exit_2_in_one_line(model_path, tmp_path):
    src = write(tmp_path / "in.csv", ["id", "body"], [["1", "habari"]])
    run = score(model_path, src, tmp_path / "out.csv")
    assert (run.returncode, run.stderr) == (2, f"msimamo score: error: {src}: no column 'text' (columns: id, "
                                               "body); name the text column with --text-column\n")
    run = score(tmp_path / "nowhere.joblib", src, tmp_path / "out.csv", "--text-column", "body")
    assert (run.returncode, run.stderr) == (2, f"msimamo score: error: no model at {tmp_path / 'nowhere.joblib'}: "
                                               "run `make train`\n")
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
    assert run.stderr == (f"msimamo score: error: {src}: line 3: malformed CSV line (3 fields, header has 2); "
                          f"--strict: stopping, {tmp_path / 'out.csv'} not written\n")
    assert leftovers(tmp_path, "out.csv") == []


def test_a_scheduler_without_the_dask_engine_is_refused_in_one_line(model_path, tmp_path):
    src = write(tmp_path / "in.csv", ["text"], [["habari"]])
    run = score(model_path, src, tmp_path / "out.csv", "--scheduler", "tcp://localhost:8786")
    assert (run.returncode, run.stderr) == (2, "msimamo score: error: --scheduler needs --engine dask\n")
    assert leftovers(tmp_path, "out.csv") == []


def test_article_mode_writes_one_row_per_statement(model_path, model, tmp_path):
    articles = {p.stem: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}
    src = write(tmp_path / "articles.csv", ["name", "body"],
                [[name, body] for name, body in articles.items()] + [["empty", ""]])
    out = tmp_path / "out.csv"
    run = score(model_path, src, out, "--mode", "article", "--text-column", "body")
    assert run.returncode == 0, run.stderr
    expected = []
    for name, body in articles.items():
        found = extract(body)
        labels = expected_cells(model, [body[s.start:s.end] for s in found], [s.speaker for s in found])
        expected += [[name, s.quote, s.speaker.name if s.speaker else "", s.kind, str(s.start), str(s.end),
                      body[s.start:s.end], "yes" if s.headline else "", *cells, ""] for s, cells in zip(found, labels)]
    expected.append(["empty", *[""] * (7 + len(head_columns(model.heads))), "empty text"])
    rows = read(out)
    assert rows[0] == ["name", "quote", "speaker", "kind", "start", "end", "text", "headline",
                       *head_columns(model.heads), "error"]
    assert rows[1:] == expected
    kept = tmp_path / "kept.csv"
    assert score(model_path, src, kept, "--mode", "article", "--text-column", "body", "--keep-text").returncode == 0
    assert [row[:2] for row in read(kept)[1:]] == [[r[0], articles.get(r[0], "")] for r in expected]
    assert f"{len(articles) + 1} articles in, {len(expected)} statement rows out, order preserved" in run.stderr


def test_out_that_is_the_input_or_a_link_is_refused_in_one_line_and_nothing_changes(model_path, tmp_path):
    src = write(tmp_path / "in.csv", ["text"], [["habari"]])
    original = src.read_bytes()
    relative = os.path.relpath(src, ROOT)  # the command runs in ROOT: another spelling of the same file
    run = score(model_path, src, relative)
    assert (run.returncode, run.stderr) == (2, f"msimamo score: error: {relative} is the same file as {src}: "
                                               "refusing to overwrite it; write the output under another name\n")
    link = tmp_path / "out.csv"
    link.symlink_to(src)  # a link to the input is the input
    run = score(model_path, src, link)
    assert run.returncode == 2 and len(run.stderr.splitlines()) == 1 and "is the same file as" in run.stderr
    assert src.read_bytes() == original and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_a_text_over_max_chars_and_a_line_over_the_record_cap_are_error_rows_and_the_run_goes_on(
        model_path, model, tmp_path):
    texts = seed_texts(2, seed=4)
    long_text = ("habari za leo " * 2000)[:25_000]
    src = write(tmp_path / "in.csv", ["id", "text"],
                [["1", texts[0]], ["2", long_text], ["3", "x" * 2_000_000], ["4", texts[1]]])
    out = tmp_path / "out.csv"
    run = score(model_path, src, out)
    assert run.returncode == 0, run.stderr
    blank = [""] * len(head_columns(model.heads))
    good = expected_cells(model, texts)
    assert read(out)[1:] == [
        ["1", texts[0], *good[0], ""],
        ["2", long_text, *blank, "text longer than MAX_CHARS (20000): 25,000 characters"],
        ["", "3," + "x" * 998 + "…", *blank, "line 4: line of 2,000,002 characters, longer than a record may be "
                                            "(1,048,576): not read; its first 1,000 characters are in the text column"],
        ["4", texts[1], *good[1], ""],
    ]
    assert "4 rows in, 4 rows out, order preserved; 2 with an error (1 malformed CSV lines)" in run.stderr
    # MAX_CHARS is the service's setting: raised, the long text is labelled like any other
    raised = subprocess.run(command(model_path, src, out), cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env=os.environ | {"MAX_CHARS": "30000"})
    assert raised.returncode == 0, raised.stderr
    assert read(out)[2] == ["2", long_text, *expected_cells(model, [long_text])[0], ""]
    # in article mode the article is the text
    article = score(model_path, src, out, "--mode", "article")
    assert article.returncode == 0, article.stderr
    assert [row[-1] for row in read(out)[1:] if row[0] == "2"] == ["text longer than MAX_CHARS (20000): 25,000 characters"]
    assert "4 articles in" in article.stderr
