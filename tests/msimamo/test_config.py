"""Settings are declared once; the README's table says exactly what msimamo.config declares."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from msimamo.config import SETTINGS, Settings
from msimamo.errors import ConfigError


def readme_table() -> list[tuple[str, str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z_]+)` \| `([^`]*)` \| (.+?) \|$", section, flags=re.M)
    return [(name, default, meaning.strip()) for name, default, meaning in rows]


def test_readme_table_matches_the_declared_settings():
    assert readme_table() == [(s.env, s.shown, s.meaning) for s in SETTINGS]


def test_defaults_and_environment():
    assert Settings.from_env({}) == Settings()
    s = Settings.from_env({"PORT": "9001", "MAX_TEXTS": " 3 ", "MODEL_PATH": "m/x.joblib", "HOST": ""})
    assert (s.port, s.max_texts, str(s.model_path), s.host) == (9001, 3, "m/x.joblib", "127.0.0.1")
    assert Settings.from_env({"REQUEST_TIMEOUT_S": "2.5"}).request_timeout_s == 2.5


@pytest.mark.parametrize("env, message", [
    ({"PORT": "eighty"}, "PORT='eighty' is not a whole number"),
    ({"WORKERS": "0"}, "WORKERS must be at least 1, got 0"),
    ({"MAX_CHARS": "-5"}, "MAX_CHARS must be at least 1, got -5"),
    ({"REQUEST_TIMEOUT_S": "soon"}, "REQUEST_TIMEOUT_S='soon' is not a number of seconds"),
    ({"BODY_TIMEOUT_S": "0"}, "BODY_TIMEOUT_S must be a positive number of seconds, got 0"),
    ({"REQUEST_TIMEOUT_S": "inf"}, "REQUEST_TIMEOUT_S must be a positive number of seconds, got inf"),
    ({"REQUEST_TIMEOUT_S": "nan"}, "REQUEST_TIMEOUT_S must be a positive number of seconds, got nan"),
])
def test_a_bad_value_is_a_config_error_naming_the_variable(env, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        Settings.from_env(env)
