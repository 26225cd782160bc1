"""What a scoring run tells its user while it runs: a bar with a total (the input's bytes) and an
ETA, the reader's position without a second pass, and the local Dask cluster it started."""

from __future__ import annotations

import io
import os
import sys

import pytest

from batch_support import big_input, model_path, score, write  # noqa: F401 (fixture)
from msimamo.batch import reading, writing
from msimamo.batch.reading import CsvInput, file_size

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class Terminal(io.StringIO):
    """stderr as a terminal: tqdm draws its bar only there."""

    def isatty(self) -> bool:
        return True


def test_the_bar_counts_the_input_bytes_up_to_the_file_size(model_path, tmp_path, monkeypatch):
    src = big_input(tmp_path / "in.csv", 450)
    bars, positions = [], []
    real = writing.progress

    def watched(*args):
        bar = real(*args)
        bars.append(bar.bar)
        update = bar.bar.update
        bar.bar.update = lambda n: (update(n), positions.append(bar.bar.n))
        return bar
    monkeypatch.setattr(writing, "progress", watched)
    monkeypatch.setattr(sys, "stderr", Terminal())
    done = []
    summary = writing.score_file(src, tmp_path / "out.csv", model_path=model_path, chunk_size=100,
                                 on_rows=done.append)
    assert summary.startswith("450 rows in, 450 rows out")
    size = src.stat().st_size
    assert bars[0].total == size and bars[0].unit == "B"
    # one position per chunk, rising through the file (not at its end after the first block), then the end
    assert positions[-1] == size and positions == sorted(positions)
    assert 0 < positions[0] < size / 3 and len(set(positions)) >= 5
    assert done == [100, 200, 300, 400, 450]  # what the archive job hears is unchanged: rows written
    drawn = sys.stderr.getvalue()
    assert "100%" in drawn and "450 rows" in drawn and "scoring" in drawn


def test_no_bar_when_stderr_is_not_a_terminal(model_path, tmp_path, capsys):
    src = write(tmp_path / "in.csv", ["text"], [["habari za Moscow"]] * 3)
    writing.score_file(src, tmp_path / "out.csv", model_path=model_path)
    assert capsys.readouterr().err == ""


def test_the_read_position_follows_the_records_across_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "READ_BLOCK", 100)
    lines = ["id,text\n"] + [f"{i},{'ab' * (i % 7)} ñ\n" for i in range(200)]
    path = tmp_path / "in.csv"
    path.write_bytes(reading.BOM + "".join(lines).encode())
    with open(path, "rb") as fh:
        source = CsvInput(fh, str(path), ",")
        assert source.size == path.stat().st_size
        ends, seen, at = [], [], len(reading.BOM) + len(lines[0].encode())
        for _, line in zip(source.records(1), lines[1:]):
            at += len(line.encode())
            ends.append(at)
            seen.append(source.bytes_read)
    # interpolated inside its block, so close to where the record ends (a block's start or end would be
    # up to 100 bytes off), and only ever forward
    assert all(abs(got - end) <= 30 for end, got in zip(ends, seen))
    assert seen == sorted(seen) and seen[-1] == ends[-1] == source.size


def test_a_pipe_has_no_size_so_the_bar_counts_rows(tmp_path):
    regular = write(tmp_path / "in.csv", ["text"], [["habari"]])
    with open(regular, "rb") as fh:
        assert file_size(fh) == regular.stat().st_size
    assert file_size(io.BytesIO(b"text\nhabari\n")) is None
    read_end, write_end = os.pipe()
    os.write(write_end, b"text\nhabari\n")
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        source = CsvInput(fh, "pipe")
        assert source.size is None

        class Bar:
            n = 0

            def update(self, n):
                self.n += n
        progress = writing.Progress(Bar(), source, "rows")
        assert list(progress.chunks([[1], [2]])) == [[1], [2]] and not progress.marks
        progress.written(3)
        assert progress.bar.n == 3
