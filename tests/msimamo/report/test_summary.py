"""The archive summary's logic on scored files built by hand: counts, dates, top-k, the speaker cap,
refusals, and memory that does not grow with the file."""

from __future__ import annotations

import datetime as dt
import tracemalloc

import pytest

import msimamo.report.summary as summary_module
from msimamo.errors import InputError
from msimamo.report.summary import (CELL_CHARS, TEXT_CHARS, TOP_EXAMPLES, TOP_SPEAKERS, parse_date,
                                    summarise)
from report_support import labelled, row, scored_header, write_scored


@pytest.mark.parametrize("value, day", [
    ("2024-06-19", "2024-06-19"),
    ("2024-06-19T10:00:00Z", "2024-06-19"),
    ("2024-06-19T23:30:00-05:00", "2024-06-19"),  # the day the outlet printed, not converted
    ("2024-06-19 10:00", "2024-06-19"),
    ("2024-6-9", "2024-06-09"),
    ("  2024-06-19T10:00:00.123+03:00 ", "2024-06-19"),
    ("19/06/2024", "2024-06-19"),
    ("19.06.2024", "2024-06-19"),
    ("9/6/2024 14:05", "2024-06-09"),
    ("01/02/2024", "2024-02-01"),  # day first, as East African outlets write
    ("06/19/2024", None),  # month first: no 19th month, and not guessed
    ("31/02/2024", None),
    ("2024-13-01", None),
    ("19/06.2024", None),
    ("June 2024", None),
    ("2024", None),
    ("12", None),
    ("", None),
])
def test_dates_as_written(value, day):
    assert parse_date(value) == day


def test_counts_of_a_statement_file(tmp_path):
    header = scored_header(["id", "text"])
    rows = [
        labelled(header, "supportive", "russia_dprk", text="a"),
        labelled(header, "supportive", "russia_dprk", text="b"),
        labelled(header, "critical", "western", text="c"),
        labelled(header, "neutral", "international", text="d"),
        labelled(header, "critical", "western", relevant="no", text="e"),  # off-topic: counted, not charted
        row(header, text="f", language="en", error="not Swahili (detected en): not labelled"),
        row(header, text="", error="empty text"),
        labelled(header, "neutral", "", text="g"),  # no bloc (a model without a bloc head)
    ]
    s = summarise(write_scored(tmp_path / "scored.csv", header, rows))
    assert (s.rows, s.errors, s.not_swahili, s.labelled, s.off_topic) == (8, 2, 1, 6, 1)
    assert s.mode == "statement" and s.columns == header
    assert s.stance_by_bloc == {
        "russia_dprk": {"supportive": 2, "critical": 0, "neutral": 0},
        "western": {"supportive": 0, "critical": 1, "neutral": 0},
        "international": {"supportive": 0, "critical": 0, "neutral": 1},
        "other": {"supportive": 0, "critical": 0, "neutral": 0},
        "unknown": {"supportive": 0, "critical": 0, "neutral": 1},
    }
    assert s.speakers == [] and s.speakers_exact and s.over_time == {}


def test_without_a_relevant_column_every_labelled_row_is_charted(tmp_path):
    header = scored_header(["text"], heads=["stance", "bloc", "sentiment"])
    full = scored_header(["text"])
    rows = [[c for name, c in zip(full, labelled(full, "critical", "western", text=str(i))) if name in header]
            for i in range(3)]
    s = summarise(write_scored(tmp_path / "scored.csv", header, rows))
    assert s.off_topic == 0 and s.stance_by_bloc["western"]["critical"] == 3
    assert "unknown" not in s.stance_by_bloc


def test_a_gold_column_called_stance_is_not_read_as_the_prediction(tmp_path):
    header = scored_header(["stance", "speaker", "text"])
    assert "stance_pred" in header and header.index("stance") < header.index("stance_pred")
    rows = [labelled(header, "critical", "western", text="x", speaker="Blinken") for _ in range(2)]
    for r in rows:
        r[header.index("stance")] = "supportive"  # the gold label, wrong on purpose
        r[header.index("stance_pred")] = "critical"
    s = summarise(write_scored(tmp_path / "scored.csv", header, rows))
    assert s.stance_by_bloc["western"] == {"supportive": 0, "critical": 2, "neutral": 0}
    assert [(sp.speaker, sp.total) for sp in s.speakers] == [("Blinken", 2)]


def test_an_input_column_named_like_a_head_the_model_lacks_is_not_read(tmp_path):
    full = scored_header(["relevant", "text"])
    header = scored_header(["relevant", "text"], heads=["stance", "bloc", "sentiment"])
    assert header.count("relevant") == 1 and "relevant_pred" not in header
    rows = [[c for name, c in zip(full, labelled(full, "critical", "western", text="t")) if name in header]]
    rows[0][header.index("relevant")] = "no"  # the input's own column, e.g. a gold label
    s = summarise(write_scored(tmp_path / "scored.csv", header, rows))
    assert s.off_topic == 0 and s.stance_by_bloc["western"]["critical"] == 1


def test_article_mode_is_told_by_the_columns_the_scorer_adds(tmp_path):
    header = scored_header(["url", "text"], mode="article")
    rows = [labelled(header, "supportive", "russia_dprk", score=0.9, url="u1", quote="Tutashirikiana.",
                     speaker="Vladimir Putin", kind="quote", text="“Tutashirikiana,” Putin alisema."),
            labelled(header, "critical", "western", score=0.8, url="u1", quote="Hatukubali.",
                     speaker="Antony Blinken", kind="quote", text="“Hatukubali,” Blinken alisema.")]
    s = summarise(write_scored(tmp_path / "scored.csv", header, rows))
    assert s.mode == "article"
    assert [e.text for e in s.confident["supportive"]] == ["Tutashirikiana."]  # the quote, not the sentence
    assert s.confident["critical"][0].speaker == "Antony Blinken"
    assert s.confident["critical"][0].row == 2
    # statement mode with an input that merely has quote/speaker/kind columns (a gold file) stays statement mode
    header = scored_header(["quote", "speaker", "kind", "text"])
    s = summarise(write_scored(tmp_path / "gold.csv", header, [labelled(header, "neutral", text="t", speaker="X")]))
    assert s.mode == "statement" and s.confident["supportive"] == []


def dated_file(tmp_path, dates, name="scored.csv", stance="critical"):
    header = scored_header(["id", "published", "text"])
    rows = [labelled(header, stance, "western", id=i, published=d, text=f"t{i}") for i, d in enumerate(dates)]
    return write_scored(tmp_path / name, header, rows)


def test_a_span_of_92_days_is_counted_per_day_with_empty_days_listed(tmp_path):
    dates = ["2024-06-01", "01/06/2024", "2024-06-03T08:00:00Z", "01.09.2024", "", "not a date"]
    s = summarise(dated_file(tmp_path, dates))
    series = s.over_time["published"]
    assert series.unit == "day"
    assert len(series.periods) == 93 and series.periods[:3] == ["2024-06-01", "2024-06-02", "2024-06-03"]
    assert series.periods[-1] == "2024-09-01"
    assert series.counts["critical"][:3] == [2, 0, 1] and series.counts["critical"][-1] == 1
    assert sum(series.counts["critical"]) == 4 and sum(series.counts["supportive"]) == 0
    assert series.undated == 2


def test_a_longer_span_is_counted_per_month(tmp_path):
    s = summarise(dated_file(tmp_path, ["2024-06-01", "2024-09-02", "2024-09-30"]))  # 93 days apart
    series = s.over_time["published"]
    assert series.unit == "month"
    assert series.periods == ["2024-06", "2024-07", "2024-08", "2024-09"]
    assert series.counts["critical"] == [1, 0, 0, 2]


def test_many_distinct_days_stop_the_day_table_and_still_count_every_month(tmp_path):
    dates = [f"2023-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)]  # 336 distinct days
    s = summarise(dated_file(tmp_path, dates))
    series = s.over_time["published"]
    assert series.unit == "month" and len(series.periods) == 12
    assert series.counts["critical"] == [28] * 12


def test_date_columns_are_detected_in_the_first_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(summary_module, "DETECT_ROWS", 10)
    header = scored_header(["a", "b", "c", "d", "e", "f", "text"])
    rows = []
    for i in range(30):
        eight_in_ten = "2024-01-05" if i % 10 < 8 else "n/a"  # 80 %: a date column
        seven_in_ten = "2024-01-05" if i % 10 < 7 else "n/a"  # 70 %: not
        sparse = "05/01/2024" if i == 3 else ""  # one value, a date: empty cells do not count against it
        rows.append(labelled(header, "neutral", a=eight_in_ten, b=seven_in_ten, c=sparse, d="2024-02-01",
                             e="2024-02-02", f="2024-02-03", text="t"))
    s = summarise(write_scored(tmp_path / "scored.csv", header, rows))
    assert list(s.over_time) == ["a", "c", "d"]  # at most three, in column order
    assert s.over_time["a"].undated == 6 and sum(s.over_time["a"].counts["neutral"]) == 24
    named = summarise(tmp_path / "scored.csv", date_columns=["f", "b"])
    assert list(named.over_time) == ["f", "b"]
    assert named.over_time["b"].undated == 9


def test_a_named_date_column_that_is_missing_is_one_line(tmp_path):
    path = dated_file(tmp_path, ["2024-01-01"])
    with pytest.raises(InputError) as err:
        summarise(path, date_columns=["day"])
    assert "no column 'day'" in str(err.value) and "\n" not in str(err.value)


def test_the_most_confident_distinct_statements_per_stance(tmp_path):
    header = scored_header(["id", "text"])
    long_text = "x" * (TEXT_CHARS + 50)
    rows = [labelled(header, "supportive", score=i / 100, id=i, text=f"statement {i}") for i in range(30)]
    rows += [labelled(header, "supportive", score=0.29, id=99, text="statement 29")]  # the same text again
    rows += [labelled(header, "critical", score=0.5, id=i, text=f"c{i}") for i in range(12)]  # all tied
    rows += [labelled(header, "critical", score=0.99, relevant="no", text="off-topic")]
    rows += [labelled(header, "critical", score=0.6, id="y" * (CELL_CHARS + 5), text=long_text)]
    s = summarise(write_scored(tmp_path / "scored.csv", header, rows))
    supportive = s.confident["supportive"]
    assert [e.text for e in supportive] == [f"statement {i}" for i in range(29, 19, -1)]
    assert [e.row for e in supportive] == list(range(30, 20, -1))
    assert supportive[0].cells["id"] == "29" and supportive[0].score == 0.29
    critical = s.confident["critical"]
    assert len(critical) == TOP_EXAMPLES
    assert critical[0].text == "x" * TEXT_CHARS and len(critical[0].cells["id"]) == CELL_CHARS
    assert [e.text for e in critical[1:]] == [f"c{i}" for i in range(9)]  # ties: the earliest rows
    assert "neutral" not in s.confident


def article_rows(header, speakers):
    return [labelled(header, "critical" if n % 2 else "supportive", "western" if name.startswith("W") else "russia_dprk",
                     quote=f"q{n}", speaker=name, kind="quote", text="t")
            for n, name in enumerate(speakers)]


def test_top_speakers_with_their_bloc_and_stances(tmp_path):
    header = scored_header(["text"], mode="article")
    names = ["Putin"] * 5 + ["Wang"] * 3 + [f"S{i}" for i in range(20)] + ["", "  "]
    rows = article_rows(header, names)
    rows[0][header.index("bloc")] = "other"  # one of Putin's five: his bloc is still the most frequent
    s = summarise(write_scored(tmp_path / "scored.csv", header, rows))
    assert len(s.speakers) == TOP_SPEAKERS and s.speakers_exact
    putin, wang = s.speakers[:2]
    assert (putin.speaker, putin.bloc, putin.total, putin.stances) == (
        "Putin", "russia_dprk", 5, {"supportive": 3, "critical": 2, "neutral": 0})
    assert (wang.speaker, wang.bloc, wang.total) == ("Wang", "western", 3)
    assert all(sp.speaker.strip() for sp in s.speakers)


def test_the_speaker_cap_prunes_the_least_quoted_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(summary_module, "SPEAKER_CAP", 20)
    monkeypatch.setattr(summary_module, "SPEAKER_KEEP", 10)
    header = scored_header(["text"], mode="article")
    frequent = [name for name in ("Putin", "Kim", "Lavrov") for _ in range(4)]
    rare = [f"once {i}" for i in range(100)]
    rows = article_rows(header, frequent + rare + frequent)
    sizes = []
    add = summary_module._Speakers.add

    def counted(self, *args):
        add(self, *args)
        sizes.append(len(self.table))

    monkeypatch.setattr(summary_module._Speakers, "add", counted)
    s = summarise(write_scored(tmp_path / "scored.csv", header, rows))
    assert max(sizes) == 20 and not s.speakers_exact
    assert [(sp.speaker, sp.total) for sp in s.speakers[:3]] == [("Putin", 8), ("Kim", 8), ("Lavrov", 8)]
    assert all(sp.total == 1 for sp in s.speakers[3:])
    exact = summarise(write_scored(tmp_path / "few.csv", header, article_rows(header, frequent)))
    assert exact.speakers_exact


def test_a_file_not_written_by_msimamo_score_is_refused_in_one_line(tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text("text,stance,bloc\nPutin alisema.,supportive,russia_dprk\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        summarise(gold)
    assert "not a scored file: run msimamo score first" in str(err.value) and "\n" not in str(err.value)


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    header = scored_header(["text"])
    path = write_scored(tmp_path / "scored.csv", header, [labelled(header, "neutral", text="sawa")])
    path.write_bytes(path.read_bytes() + "Ni café\r\n".encode("latin-1"))
    with pytest.raises(InputError) as err:
        summarise(path)
    assert "not UTF-8 at line 3" in str(err.value) and "\n" not in str(err.value)


def test_progress_is_told_the_bytes_read(tmp_path, monkeypatch):
    monkeypatch.setattr("msimamo.batch.reading.READ_BLOCK", 4096)
    header = scored_header(["text"])
    path = write_scored(tmp_path / "scored.csv", header, [labelled(header, "neutral", text="t" * 100)] * 500)
    seen = []
    summarise(path, progress=seen.append)
    assert seen == sorted(seen) and len(seen) > 10 and seen[-1] == path.stat().st_size


def test_a_malformed_line_in_the_scored_file_counts_as_an_error_row(tmp_path):
    header = scored_header(["text"])
    path = write_scored(tmp_path / "scored.csv", header, [labelled(header, "neutral", text="t")])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("only,three,fields\r\n")
    s = summarise(path)
    assert (s.rows, s.errors, s.labelled) == (2, 1, 1)


def busy_archive(path, rows: int):
    """Rows with ever new speakers, dates and texts: what would grow if anything were kept per row."""
    header = scored_header(["id", "date", "text"], mode="article")
    day = dt.date(1960, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\r\n")
        for i in range(rows):
            cells = labelled(header, ("supportive", "critical", "neutral")[i % 3], "western", score=(i % 997) / 1000,
                             id=i, date=(day + dt.timedelta(days=i)).isoformat(), quote=f"quote {i}",
                             speaker=f"speaker {i}", kind="quote", text=f"sentence {i}")
            fh.write(",".join(cells) + "\r\n")
    return path


def test_memory_does_not_grow_with_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr("msimamo.batch.reading.READ_BLOCK", 1 << 16)  # both files are many blocks long
    monkeypatch.setattr(summary_module, "SPEAKER_CAP", 2000)
    monkeypatch.setattr(summary_module, "SPEAKER_KEEP", 1000)

    def peak(rows: int) -> int:
        path = busy_archive(tmp_path / f"{rows}.csv", rows)
        parse_date.cache_clear()
        tracemalloc.start()
        try:
            s = summarise(path)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            assert s.rows == rows and not s.speakers_exact and s.over_time["date"].unit == "month"

    small, large = peak(5_000), peak(20_000)
    assert large < 1.15 * small, (small, large)
