"""The restricted unpickler: our models load, a code payload is refused before it runs (shown to be
live by loading it with plain joblib afterwards), attributes are never set on a global, and the
allowlist is exactly what trained models name."""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path

import joblib
import numpy as np
import pytest

from conftest import GOLD, ROOT, gold_rows
from msimamo.errors import ModelError, UnsupportedPipeline
from msimamo.model import safeload
from msimamo.model.pipeline import FEATURES, HEADS_STEP, MASK
from msimamo.text import normalise_all

PROJECT_MODEL = ROOT / "models" / "msimamo.joblib"


def plant(path: str) -> str:
    """The payload: proof that code ran is a file that appears."""
    Path(path).write_text("the payload ran")
    return "planted"


class Payload:
    """Unpickles as ``call(*args)``: the way a crafted model file runs code."""

    def __init__(self, call, *args):
        self.call, self.args = call, args

    def __reduce__(self):
        return self.call, self.args


def recorded_globals(path) -> set[tuple[str, str]]:
    """Every global a (trusted) joblib file names, recorded by joblib's own unpickler."""
    from joblib.numpy_pickle import NumpyUnpickler
    from joblib.numpy_pickle_utils import _validate_fileobject_and_memmap

    seen = set()

    class Recorder(NumpyUnpickler):
        def find_class(self, module, name):
            seen.add((module, name))
            return super().find_class(module, name)

    with open(path, "rb") as fh, _validate_fileobject_and_memmap(fh, str(path), None) as (stream, _):
        Recorder(str(path), stream, True).load()
    return seen


def load_bytes(data: bytes):
    return safeload.load(io.BytesIO(data), "models/x.joblib")


def dumped(obj, **kwargs) -> bytes:
    buf = io.BytesIO()
    joblib.dump(obj, buf, **kwargs)
    return buf.getvalue()


def model_files(trained) -> list[Path]:
    return [trained[0]] + ([PROJECT_MODEL] if PROJECT_MODEL.exists() else [])


def test_our_models_load_and_predict_as_with_plain_joblib(trained):
    texts = [r["text"] for r in gold_rows()[:20]]
    for path in model_files(trained):
        with open(path, "rb") as fh:
            pipeline = safeload.load(fh, path)
        safeload.check_shape(pipeline)
        for ours, plain in zip(pipeline.predict_proba(texts), joblib.load(path).predict_proba(texts)):
            np.testing.assert_array_equal(ours, plain)


def test_the_allowlist_is_what_trained_models_name(trained):
    needed = set().union(*(recorded_globals(p) for p in model_files(trained)))
    assert needed <= safeload.ALLOWED
    spare = safeload.ALLOWED - needed  # only numpy's reconstructors under their other spellings
    assert {module for module, _ in spare} <= {"numpy._core.multiarray", "numpy.core.multiarray"}


def test_no_allowed_global_reaches_the_interpreter_or_the_system():
    modules = {module.split(".")[0] for module, _ in safeload.ALLOWED}
    assert modules == {"sklearn", "msimamo", "joblib", "numpy"}
    names = {name for _, name in safeload.ALLOWED}
    assert not names & {"eval", "exec", "getattr", "setattr", "__import__", "compile", "open", "system", "load",
                        "loads", "partial", "attrgetter", "methodcaller", "Popen", "apply", "call"}


@pytest.mark.parametrize("payload, refused", [
    (lambda marker: Payload(os.system, f"touch {marker}"), r"posix\.system"),
    (lambda marker: Payload(plant, str(marker)), r"test_safeload\.plant"),
    (lambda marker: Payload(Path(marker).touch), r"builtins\.getattr"),  # a bound method pickles as getattr
], ids=["os.system", "python function", "getattr gadget"])
def test_a_payload_is_refused_before_it_runs(tmp_path, payload, refused):
    marker = tmp_path / "marker"
    data = dumped([1, payload(marker)], compress=3)
    with pytest.raises(ModelError, match=rf"^models/x\.joblib refers to .*{refused}, which a Msimamo model never "
                                         r"contains: refusing to load it$"):
        load_bytes(data)
    assert not marker.exists()
    joblib.load(io.BytesIO(data))  # the control: plain joblib runs it
    assert marker.exists()


def test_a_payload_inside_our_pipeline_and_inside_an_object_array_is_refused(trained, tmp_path):
    marker = tmp_path / "marker"
    pipeline = joblib.load(trained[0])
    pipeline.named_steps[MASK].kw_args = {"x": Payload(plant, str(marker))}
    with pytest.raises(ModelError, match=r"refers to test_safeload\.plant"):
        load_bytes(dumped(pipeline, compress=3))
    pipeline = joblib.load(trained[0])
    head = pipeline.named_steps[HEADS_STEP].estimators_[0]
    head.classes_ = np.array(list(head.classes_) + [Payload(plant, str(marker))], dtype=object)
    data = dumped(pipeline, compress=3)
    with pytest.raises(ModelError, match=r"refers to test_safeload\.plant"):
        load_bytes(data)
    assert not marker.exists()
    joblib.load(io.BytesIO(data))
    assert marker.exists()


#: GLOBAL msimamo.text normalise_all; (None, {"planted": 1}); BUILD: setattr on the function itself.
BUILD_ON_GLOBAL = b"\x80\x02cmsimamo.text\nnormalise_all\nN}X\x07\x00\x00\x00plantedK\x01s\x86b."


@pytest.fixture
def unplanted():
    """If a BUILD got through, the attribute would outlive the test: take it off again."""
    yield
    normalise_all.__dict__.pop("planted", None)


def test_attributes_are_never_set_on_an_allowed_global(unplanted):
    with pytest.raises(ModelError, match="sets attributes on msimamo.text.normalise_all, which a model file never does"):
        load_bytes(BUILD_ON_GLOBAL)
    assert not hasattr(normalise_all, "planted")


def test_nor_inside_an_object_array(unplanted):
    array = np.array([None], dtype=object)
    data = dumped(array, protocol=2)
    nested = pickle.dumps(array, protocol=5)
    assert data.endswith(nested + b".")  # joblib's layout: the wrapper, the array's own pickle, STOP
    with pytest.raises(ModelError, match="sets attributes on msimamo.text.normalise_all"):
        load_bytes(data[:-len(nested) - 1] + BUILD_ON_GLOBAL + b".")
    assert not hasattr(normalise_all, "planted")


@pytest.mark.filterwarnings("ignore:The file .* has been generated with a joblib version less than 0.10")
def test_damaged_and_old_layout_files_are_refused_in_one_line(trained):
    good = trained[0].read_bytes()
    for data, message in [(good[: len(good) // 2], "is not a loadable model file"),
                          (b"ZF0x01" + b"\0" * 40, "pre-0.10 layout"),
                          (b"not a pickle", "is not a loadable model file")]:
        with pytest.raises(ModelError, match=message) as refused:
            load_bytes(data)
        assert "\n" not in str(refused.value)


def test_the_shape_check_refuses_allowed_parts_wired_into_hooks(trained):
    from msimamo.model.masking import mask_all

    def refused(change, message):
        pipeline = joblib.load(trained[0])
        change(pipeline)
        with pytest.raises(UnsupportedPipeline, match=message):
            safeload.check_shape(pipeline)

    word = lambda p: p.named_steps[FEATURES].transformer_list[0][1]  # noqa: E731
    refused(lambda p: word(p).set_params(input="filename"), "reads input='filename'")
    refused(lambda p: word(p).set_params(analyzer=normalise_all), "features__word__analyzer holds the callable")
    refused(lambda p: p.named_steps[MASK].set_params(func=normalise_all), "step 'mask' is not FunctionTransformer")
    refused(lambda p: p.named_steps[MASK].set_params(inverse_func=mask_all), "mask__inverse_func")
    refused(lambda p: p.set_params(memory=str(GOLD.parent)), "caches to disk")
    refused(lambda p: p.steps.pop(), "steps are")
    safeload.check_shape(joblib.load(trained[0]))
