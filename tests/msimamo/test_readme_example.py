"""The README's Python example runs as written (against the test model) and prints real labels."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import ROOT
from msimamo.labels import BLOCS, STANCES


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Use it from Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)


def test_the_notebook_example_runs(trained):
    env = {**os.environ, "MODEL_PATH": str(trained[0])}
    done = subprocess.run([sys.executable, "-c", readme_example()], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    stance, bloc, source = lines[0].split()
    assert stance in STANCES and (bloc, source) == ("russia_dprk", "gazetteer")
    assert len(lines) == 5
    assert all(line.split()[-2] in STANCES and line.split()[-1] in BLOCS for line in lines[1:4])
    assert lines[4].startswith("{") and any(b in lines[4] for b in BLOCS)
