"""One archive from the web page, scored in a process of its own: ``python -m api.archive_job DIR MODEL``.

A separate process because scoring an archive takes seconds to minutes of CPU, which on the
server's event loop would stall every other request (and a thread would not help: labelling
holds the GIL). It runs the library's own ``score_file`` and ``summarise``, the code behind
``msimamo score`` and ``msimamo report``, so the page's file and picture are the command line's.
It talks to the server only through files in DIR: ``job.json`` (what to do), ``status.json``
(state and progress, replaced atomically), ``scored.csv`` and ``summary.json``, so any uvicorn
worker can answer for any job.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

#: Progress is written at most this often: the page polls a few times a second.
STATUS_EVERY_S = 0.25


def write_status(folder: Path, **status) -> None:
    """Replace ``status.json`` whole, so a reader never sees half of one."""
    tmp = folder / "status.json.tmp"
    tmp.write_text(json.dumps(status), encoding="utf-8")
    os.replace(tmp, folder / "status.json")


def read_status(folder: Path) -> dict:
    try:
        return json.loads((folder / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _exit_with_parent(parent: int) -> None:
    """If the server dies without stopping this job, nobody would ever read its result: stop too."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def count_rows(path: Path) -> int:
    """Rows the scorer will read, counted with its own reader (quoted line breaks are not rows)."""
    from msimamo.batch.reading import CsvInput

    with open(path, "rb") as fh:
        source = CsvInput(fh, path.name)
        return sum(1 for _ in source.records(0))


def run(folder: Path, model_path: Path) -> int:
    from msimamo.batch.writing import score_file
    from msimamo.errors import MsimamoError
    from msimamo.report.summary import summarise

    job = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    source, name = folder / "input.csv", job["name"]
    base = {"state": "running", "rows_done": 0, "rows_total": None, "error": None, "summary_line": None}
    write_status(folder, **base)

    def words(exc: Exception) -> str:
        """The library's message with the upload's own name instead of this job's file names."""
        return str(exc).replace(str(source), name).replace(str(folder / "scored.csv"), "the scored file")

    try:
        total = count_rows(source)
        base["rows_total"] = total
        write_status(folder, **base)
        last = [0.0]

        def on_rows(done: int) -> None:
            now = time.monotonic()
            if now - last[0] >= STATUS_EVERY_S:
                last[0] = now
                write_status(folder, **(base | {"rows_done": done}))

        line = score_file(source, folder / "scored.csv", model_path=model_path, text_column=job["text_column"],
                          mode=job["mode"], quiet=True, on_rows=on_rows)
        write_status(folder, **(base | {"state": "summarising", "rows_done": total, "summary_line": line}))
        # in statement mode the texts are in the column the user chose; article mode writes `text`
        summary = summarise(folder / "scored.csv",
                            text_column=job["text_column"] if job["mode"] == "statement" else None)
        import msgspec

        (folder / "summary.json.tmp").write_bytes(msgspec.json.encode(summary))
        os.replace(folder / "summary.json.tmp", folder / "summary.json")
    except MsimamoError as exc:
        write_status(folder, **(base | {"state": "failed", "error": words(exc)}))
        return 1
    except Exception as exc:  # logged in full for the operator; the page gets one line
        import traceback

        traceback.print_exc()
        write_status(folder, **(base | {"state": "failed", "error": f"internal error while scoring: {type(exc).__name__}"}))
        return 1
    write_status(folder, **(base | {"state": "done", "rows_done": total, "summary_line": line}))
    return 0


def main(argv: list[str] | None = None) -> int:
    folder, model_path = (Path(a) for a in (argv or sys.argv[1:]))
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    return run(folder, model_path)


if __name__ == "__main__":
    sys.exit(main())
