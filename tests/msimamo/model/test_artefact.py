"""Saving and loading a model: a payload with a matching card never runs; with MODEL_KEY set, only a
model signed with that key loads, and a model or card changed after signing is refused before
unpickling; the model is never written over the training data."""

from __future__ import annotations

import hashlib
import json
import os

import joblib
import msgspec
import pytest

from msimamo.atomic import UnsafeTarget
from msimamo.config import Settings
from msimamo.errors import ConfigError, ModelError
from msimamo.model import artefact, safeload
from msimamo.model.artefact import SIGNATURE, load_model, save_model
from msimamo.model.card import card_path, stale_reason

KEY_A, KEY_B = "a" * 16 + "-first-key", "b" * 16 + "-second-key"


def plant(path: str) -> None:
    with open(path, "w") as fh:
        fh.write("the payload ran")


class Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return plant, (self.marker,)


def details_of(trained) -> dict:
    """The descriptive fields of the test model's card, as training hands them to save_model."""
    card = msgspec.structs.asdict(trained[1])
    for derived in ("format", "version", "joblib_sha256", "libraries", "gazetteer"):
        card.pop(derived)
    return card


def rewrite_card(path, change) -> None:
    card = json.loads(card_path(path).read_text())
    change(card)
    card_path(path).write_text(json.dumps(card))


def attacker_swaps_in(path, data: bytes) -> None:
    """What the hash beside the file cannot stop: new bytes, and the card's sha256 rewritten to match."""
    path.write_bytes(data)
    rewrite_card(path, lambda card: card.update(joblib_sha256=hashlib.sha256(data).hexdigest()))


@pytest.fixture
def no_key(monkeypatch):
    monkeypatch.delenv("MODEL_KEY", raising=False)


@pytest.fixture
def copy(trained, tmp_path, no_key):
    path = tmp_path / "msimamo.joblib"
    path.write_bytes(trained[0].read_bytes())
    card_path(path).write_bytes(card_path(trained[0]).read_bytes())
    return path


@pytest.fixture
def signed(trained, tmp_path, monkeypatch):
    """The test model saved again with MODEL_KEY=KEY_A."""
    monkeypatch.setenv("MODEL_KEY", KEY_A)
    path = tmp_path / "signed" / "msimamo.joblib"
    save_model(joblib.load(trained[0]), details_of(trained), path)
    return path


@pytest.fixture
def unpickling_forbidden(monkeypatch):
    """Fails the test if the model gets as far as being unpickled."""
    def refuse(*args):
        raise AssertionError("unpickled a model that should have been refused first")
    monkeypatch.setattr(safeload, "load", refuse)


def test_a_payload_with_a_matching_card_is_refused_and_never_runs(copy, tmp_path, monkeypatch):
    marker = tmp_path / "marker"
    pipeline = joblib.load(copy)
    pipeline.named_steps["mask"].kw_args = {"extra": Payload(str(marker))}
    joblib.dump(pipeline, tmp_path / "crafted.joblib", compress=3)
    attacker_swaps_in(copy, (tmp_path / "crafted.joblib").read_bytes())
    with pytest.raises(ModelError, match=rf"^{copy} refers to test_artefact\.plant, which a Msimamo model never "
                                         r"contains: refusing to load it$"):
        load_model(copy)
    assert not marker.exists()
    monkeypatch.setenv("MODEL_KEY", KEY_A)  # with a key it does not even get that far
    with pytest.raises(ModelError, match="is not signed and MODEL_KEY is set"):
        load_model(copy)
    assert not marker.exists()
    joblib.load(copy)  # the control: the payload is live
    assert marker.exists()


def test_the_project_model_loads(no_key):
    from conftest import ROOT

    path = ROOT / "models" / "msimamo.joblib"
    if stale_reason(path):
        pytest.skip(f"{stale_reason(path)}: `msimamo train --if-stale` rewrites it")
    model = load_model(path)
    assert model.classify("Serikali imesema itaendelea kushirikiana na Urusi.").stance.label


def test_a_signed_model_loads_with_its_key_and_without_one(signed, monkeypatch):
    card = json.loads(card_path(signed).read_text())
    assert card[SIGNATURE]["algorithm"] == "HMAC-SHA256" and len(card[SIGNATURE]["value"]) == 64
    assert load_model(signed).heads
    monkeypatch.delenv("MODEL_KEY")
    assert load_model(signed).heads  # no key: the allowlist alone, no warning, no refusal


def test_a_signed_model_is_refused_under_another_key(signed, monkeypatch, unpickling_forbidden):
    monkeypatch.setenv("MODEL_KEY", KEY_B)
    with pytest.raises(ModelError, match=r"does not carry a valid signature for MODEL_KEY .*: refusing to load it$"):
        load_model(signed)
    with pytest.raises(ModelError, match="valid signature"):
        load_model(signed, key=KEY_B)


def test_an_unsigned_model_is_refused_when_a_key_is_set(copy, monkeypatch, unpickling_forbidden):
    monkeypatch.setenv("MODEL_KEY", KEY_A)
    with pytest.raises(ModelError, match=rf"^{copy} is not signed and MODEL_KEY is set: refusing to load it"):
        load_model(copy)


def test_a_model_or_card_changed_after_signing_is_refused_before_unpickling(signed, monkeypatch):
    good_model, good_card = signed.read_bytes(), card_path(signed).read_bytes()
    data = bytearray(good_model)
    data[len(data) // 2] ^= 0x01
    attacker_swaps_in(signed, bytes(data))
    monkeypatch.setattr(safeload, "load", lambda *a: pytest.fail("unpickled a tampered model"))
    with pytest.raises(ModelError, match="valid signature"):
        load_model(signed)

    signed.write_bytes(good_model)
    card_path(signed).write_bytes(good_card)
    flipped = lambda card: card["labels"]["stance"].reverse()  # noqa: E731 (what the card claims)
    rewrite_card(signed, flipped)
    with pytest.raises(ModelError, match="valid signature"):
        load_model(signed)


def test_the_signature_survives_reformatting_the_card(signed):
    card = json.loads(card_path(signed).read_text())
    card_path(signed).write_text(json.dumps(dict(reversed(card.items())), indent=7))
    assert load_model(signed).heads


def test_signing_is_keyed_and_covers_the_model_file(signed):
    card = json.loads(card_path(signed).read_text())
    digest = card["joblib_sha256"]
    assert artefact.signature(KEY_A, digest, card) == card[SIGNATURE]["value"]
    assert artefact.signature(KEY_B, digest, card) != card[SIGNATURE]["value"]
    assert artefact.signature(KEY_A, "0" * 64, card) != card[SIGNATURE]["value"]


def test_a_short_key_is_a_config_error_and_never_shown():
    with pytest.raises(ConfigError, match="MODEL_KEY must be at least 16 characters") as refused:
        Settings.from_env({"MODEL_KEY": "hunter2"})
    assert "hunter2" not in str(refused.value)
    assert KEY_A not in repr(Settings.from_env({"MODEL_KEY": KEY_A}))


@pytest.mark.parametrize("field", ["path", "authored_path", "offtopic_path"])
def test_the_model_is_never_written_over_its_training_data(trained, tmp_path, no_key, field):
    data = tmp_path / "train.csv"
    data.write_bytes(b"text,stance\n")
    pipeline = joblib.load(trained[0])
    (tmp_path / "sub").mkdir()
    os.link(data, tmp_path / "sub" / "model.json")  # the card of sub/m.joblib would land on the data
    details = dict(details_of(trained), training_data={"path": str(tmp_path / "other.csv"), field: str(data)})
    for model_path in (data, f"{tmp_path}/./train.csv", tmp_path / "sub" / "m.joblib"):
        with pytest.raises(UnsafeTarget, match="is the same file as .*train.csv: refusing to overwrite it"):
            save_model(pipeline, details, model_path)
    assert data.read_bytes() == b"text,stance\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["model.json", "sub", "train.csv"]
