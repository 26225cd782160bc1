"""Reading: every line of the input becomes exactly one record or is a blank line, malformed or not."""

from __future__ import annotations

import io

import pytest

from msimamo.batch.reading import CsvInput, Record
from msimamo.errors import InputError


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
    monkeypatch.setattr("msimamo.batch.reading.MAX_RECORD_CHARS", 100)
    data = b'id,text\n1,"open\n' + b"".join(b"%d,line\n" % i for i in range(2, 40))
    _, records = records_of(data)
    assert records[0].malformed.startswith("line 2: malformed CSV line (record longer than 100 characters")
    assert [r.fields for r in records[1:]] == [[str(i), "line"] for i in range(2, 40)]


def test_reader_sniffs_semicolons_and_falls_back_to_comma():
    assert CsvInput(io.BytesIO("id;text\n1;\"a, b, c\"\n2;d, e\n".encode()), "x").delimiter == ";"
    assert CsvInput(io.BytesIO("text\nhabari; za; leo\n".encode()), "x").delimiter == ","
    # the sniffer says ";" here, but the header (one column) has none: comma
    assert CsvInput(io.BytesIO('text\nhabari;"za leo"\n'.encode()), "x").delimiter == ","
    assert CsvInput(io.BytesIO("id|text\n1|a;b\n".encode()), "x", delimiter="|").delimiter == "|"


def test_refusals_are_input_errors_naming_the_file():
    with pytest.raises(InputError, match=r"^x: empty file, expected a header row$"):
        CsvInput(io.BytesIO(b"\n\n"), "x")
    with pytest.raises(InputError, match=r"^x: not UTF-8 at line 2, byte offset 8 \(0xe9\)"):
        CsvInput(io.BytesIO("text\ncaf\xe9\n".encode("latin-1")), "x").records(0).__next__()


class LazyFile:
    """A file that makes its bytes as they are read: ``before``, ``size`` bytes of ``fill``, ``after``."""

    def __init__(self, before: bytes, size: int, after: bytes, fill: bytes = b"a"):
        self.parts, self.fill, self.left = [before], fill, size
        self.after = after

    def read(self, n: int) -> bytes:
        if self.parts:
            return self.parts.pop()
        if self.left:
            chunk = min(n, self.left)
            self.left -= chunk
            return self.fill * chunk
        out, self.after = self.after, b""
        return out


def test_a_line_of_40_mb_is_never_held_and_becomes_one_error_record():
    import tracemalloc

    size = 40_000_000
    tracemalloc.start()
    try:
        source = CsvInput(LazyFile(b"id,text\n1,moja\n2,", size, b"\n3,tatu\n"), "in.csv")
        records = list(source.records(source.column("text")))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12_000_000  # a block, the held start of the line and the record cap, not 40 MB
    kept = "2," + "a" * 998 + "…"
    assert records == [
        Record(2, ["1", "moja"], ""),
        Record(3, ["", kept], f"line 3: line of {size + 2:,} characters, longer than a record may be (1,048,576): "
                              "not read; its first 1,000 characters are in the text column"),
        Record(4, ["3", "tatu"], ""),
    ]


def test_a_long_line_is_read_through_across_blocks_with_multibyte_characters(monkeypatch):
    """Cut into 7-byte blocks, a line of 4-byte characters past the cap still comes out as one record,
    and the lines around it are exact."""
    monkeypatch.setattr("msimamo.batch.reading.READ_BLOCK", 7)
    data = ("id,text\r\n1,\U0001d11e" + "€" * 300 + "\r\n2,é\r\n").encode()
    source = CsvInput(io.BytesIO(data), "in.csv", max_record=100)
    records = list(source.records(1))
    assert [r.line for r in records] == [2, 3]
    assert records[0].malformed.startswith("line 2: line of 303 characters, longer than a record may be (100)")
    assert records[0].fields[1] == "1,\U0001d11e" + "€" * 300 + "…" and records[1] == Record(3, ["2", "é"], "")


def test_one_malformed_second_line_does_not_decide_the_delimiter():
    """csv.Sniffer read the quoted run between pipes as "|"-delimited, and the run of quoted names as
    ","-delimited; neither is in the header, so the comma fallback then split nothing."""
    header, records = records_of(b'id;text\n1;a |"b"| c\n2;sawa\n3;ndiyo\n')
    assert (header, records) == (["id", "text"], [Record(2, ["1", 'a |"b"| c'], ""), Record(3, ["2", "sawa"], ""),
                                                  Record(4, ["3", "ndiyo"], "")])
    header, records = records_of(b'id;text\n1;"Putin","Kim","Lavrov"\n2;sawa\n3;ndiyo\n')
    assert (header, records) == (["id", "text"], [
        Record(2, ["", '1;"Putin","Kim","Lavrov"'], "line 2: malformed CSV line (';' expected after '\"')"),
        Record(3, ["2", "sawa"], ""), Record(4, ["3", "ndiyo"], "")])


def test_the_delimiter_is_the_one_most_rows_agree_with_the_header_on():
    from msimamo.batch.reading import sniff_delimiter

    assert sniff_delimiter("id|text\n1|a;b\n2|c;d\n") == "|"
    assert sniff_delimiter("a,b;c\n1,2;3\n4,5;6\n") == ","  # both fit every row: more header fields wins
    assert sniff_delimiter("a;b\n1;2,3\n4;5,6\n7,8;9\n") == ";"
    assert sniff_delimiter("text\nhabari, za; leo\n") == ","  # one column
