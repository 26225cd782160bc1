import csv
import json

import numpy as np
import pytest

from conftest import ROOT, gold_rows, write_csv
from msimamo.cli import main as msimamo
from training import fit
from msimamo.model.card import card_path
from msimamo.model.artefact import load_model


@pytest.fixture
def user_csv(tmp_path):
    """A user's CSV: text, stance and sentiment only (no bloc column), grouped by article."""
    rows = [[r["text"], r["stance"], r["sentiment"], r["article"]] for r in gold_rows()]
    return write_csv(tmp_path / "user.csv", ["text", "stance", "sentiment", "group"], rows)


def test_trains_on_a_user_csv_and_serves_only_its_heads(tmp_path, user_csv):
    out = tmp_path / "m" / "model.joblib"
    assert msimamo(["train", "--data", str(user_csv), "--out", str(out), "--no-eval"]) == 0
    card = json.loads(card_path(out).read_text())
    assert card["heads"] == ["stance", "sentiment"]
    assert card["training_data"]["rows"] == len(gold_rows()) and card["training_data"]["groups"] == 5
    for key in ("version", "created_at", "hyperparameters", "libraries", "joblib_sha256", "labels"):
        assert key in card
    model = load_model(out)
    result = model.classify("Putin alisema ushirikiano utaimarika.")
    assert model.heads == ["stance", "sentiment"]
    assert result.bloc is None and result.stance is not None and result.sentiment is not None
    assert sorted(p.name for p in out.parent.iterdir()) == sorted([out.name, "model.json"])


def test_same_data_gives_same_predictions(tmp_path, user_csv, gold):
    a, b = tmp_path / "a" / "m.joblib", tmp_path / "b" / "m.joblib"
    for out in (a, b):
        fit.train(user_csv, out, evaluate=False, log=lambda *_: None)
    texts = [r["text"] for r in gold]
    for pa, pb in zip(load_model(a).pipeline.predict_proba(texts), load_model(b).pipeline.predict_proba(texts)):
        np.testing.assert_array_equal(pa, pb)


BAD = {
    "no_text_column": (["body", "stance"], [["a", "neutral"], ["b", "neutral"]], "no 'text' column"),
    "empty_text": (["text", "stance"], [["a", "neutral"], ["", "neutral"]], "line 3: empty text"),
    "unknown_label": (["text", "stance"], [["a", "neutral"], ["b", "neutral"], ["c", "pro"]], "line 4: stance 'pro'"),
    "single_example": (["text", "stance"], [["a", "neutral"], ["b", "neutral"], ["c", "critical"]], "only 1 example"),
}


@pytest.mark.parametrize("kind", [*BAD, "not_utf8"])
def test_bad_data_is_refused_and_old_model_untouched(kind, tmp_path, trained, capsys):
    out = tmp_path / "msimamo.joblib"
    out.write_bytes(trained[0].read_bytes())
    card_path(out).write_bytes(card_path(trained[0]).read_bytes())
    before = (out.read_bytes(), card_path(out).read_bytes())
    if kind == "not_utf8":
        data = tmp_path / "bad.csv"
        data.write_bytes(b"text,stance\nsawa,neutral\nS\xfcd,neutral\n")
        expected = "line 3: not UTF-8"
    else:
        header, rows, expected = BAD[kind]
        data = write_csv(tmp_path / "bad.csv", header, rows)
    assert msimamo(["train", "--data", str(data), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "existing model is untouched" in err
    assert err.count("\n") == 1 and err.startswith("msimamo train: error: ")
    assert (out.read_bytes(), card_path(out).read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["bad.csv", "msimamo.joblib", "model.json"])


def test_if_stale_keeps_a_current_model_and_retrains_one_from_the_old_layout(tmp_path, trained, user_csv, capsys):
    out = tmp_path / "msimamo.joblib"
    out.write_bytes(trained[0].read_bytes())
    card_path(out).write_bytes(card_path(trained[0]).read_bytes())
    before = (out.read_bytes(), card_path(out).read_bytes())
    assert msimamo(["train", "--if-stale", "--data", str(user_csv), "--out", str(out), "--no-eval"]) == 0
    assert (out.read_bytes(), card_path(out).read_bytes()) == before
    old = json.loads(card_path(out).read_text())
    del old["format"]  # as written before the msimamo/ package existed
    card_path(out).write_text(json.dumps(old))
    assert msimamo(["train", "--if-stale", "--data", str(user_csv), "--out", str(out), "--no-eval"]) == 0
    assert "format 1" in capsys.readouterr().err
    assert json.loads(card_path(out).read_text())["heads"] == ["stance", "sentiment"]
    assert load_model(out).heads == ["stance", "sentiment"]


def test_no_eval_trains_on_the_same_data_as_a_default_run(tmp_path, user_csv):
    """--no-eval skips the comparison, not the supplement: the rows are seeds + supplement."""
    authored = [r for r in csv.DictReader(open(ROOT / "seeds" / "authored.csv", encoding="utf-8"))][:40]
    extra = write_csv(tmp_path / "extra.csv", ["text", "stance", "sentiment", "group"],
                      [[r["text"], r["stance"], r["sentiment"], r["event"]] for r in authored])
    out = tmp_path / "m.joblib"
    assert msimamo(["train", "--data", str(user_csv), "--authored", str(extra), "--out", str(out), "--no-eval"]) == 0
    data = json.loads(card_path(out).read_text())["training_data"]
    assert data["rows"] == len(gold_rows()) + 40 and data["authored_path"] == str(extra)
    assert json.loads(card_path(out).read_text())["evaluation"] is None


def installed(tmp_path, trained):
    """A current model at tmp_path/msimamo.joblib (a copy of the session's), and its bytes."""
    out = tmp_path / "msimamo.joblib"
    out.write_bytes(trained[0].read_bytes())
    card_path(out).write_bytes(card_path(trained[0]).read_bytes())
    return out, (out.read_bytes(), card_path(out).read_bytes())


FOUR = [["Putin alisema ushirikiano utaimarika", "supportive"], ["Kim alisema mkataba ni mzuri", "supportive"],
        ["Blinken alikosoa makubaliano hayo", "critical"], ["Marekani ililaani ushirikiano huo", "critical"]]


def test_a_model_no_better_than_the_baseline_is_not_installed_without_force(tmp_path, trained, capsys):
    out, before = installed(tmp_path, trained)
    data = write_csv(tmp_path / "four.csv", ["text", "stance"], FOUR)
    assert msimamo(["train", "--data", str(data), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"msimamo train: error: {data}: refused")
    assert ("head stance: cross-validated macro-F1 0.000 (95 % interval from 0.000) does not beat the majority "
            "baseline's 0.000: the new model is not installed (--force installs it anyway)") in err
    assert "existing model is untouched" in err
    assert (out.read_bytes(), card_path(out).read_bytes()) == before
    assert msimamo(["train", "--data", str(data), "--out", str(out), "--force"]) == 0
    assert "--force: installing although head stance" in capsys.readouterr().out
    assert json.loads(card_path(out).read_text())["training_data"]["rows"] == 4


def test_copies_of_one_text_with_rotating_labels_are_refused_with_their_lines(tmp_path, trained, capsys):
    out, before = installed(tmp_path, trained)
    labels = ["supportive", "critical", "neutral"]
    data = write_csv(tmp_path / "copies.csv", ["text", "stance"],
                     [["Putin alisema ushirikiano utaimarika", labels[i % 3]] for i in range(500)])
    for extra in ([], ["--no-eval"], ["--force"]):
        assert msimamo(["train", "--data", str(data), "--out", str(out), *extra]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "existing model is untouched" in err
        assert ("500 of 500 rows repeat a text with another label, more than 10%: give each text one label per "
                "head; lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 490 more: the same text with stance supportive / "
                "critical / neutral") in err
    assert (out.read_bytes(), card_path(out).read_bytes()) == before


def test_no_eval_keeps_a_current_model_unless_forced_and_warns_of_a_few_contradictions(tmp_path, trained, user_csv,
                                                                                          capsys):
    out, before = installed(tmp_path, trained)
    rows = list(csv.reader(open(user_csv, encoding="utf-8")))
    flipped = "critical" if rows[1][1] != "critical" else "neutral"
    data = write_csv(tmp_path / "data.csv", rows[0], rows[1:] + [[rows[1][0], flipped, *rows[1][2:]]])
    assert msimamo(["train", "--data", str(data), "--out", str(out), "--no-eval"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and (f"--no-eval: nothing shows a model trained on it beats the majority baseline, "
                                     f"so the current model {out} is kept; pass --force") in err
    assert (out.read_bytes(), card_path(out).read_bytes()) == before
    assert msimamo(["train", "--data", str(data), "--out", str(out), "--no-eval", "--force"]) == 0
    n = len(rows)
    assert (f"warning: {data}: 2 rows repeat a text with another label, kept as label noise: lines 2, {n + 1}: "
            f"the same text with stance {rows[1][1]} / {flipped}") in capsys.readouterr().out
    assert json.loads(card_path(out).read_text())["heads"] == ["stance", "sentiment"]
