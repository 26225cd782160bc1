"""Unpickling a model file without letting it run code of its choosing.

A pickle is a program: each global it names is imported and may be called with arguments from the
file, so ``joblib.load`` on a crafted file runs ``os.system`` or anything else (joblib says so and
leaves sandboxing to the caller). The sha256 in the card beside the file only detects corruption:
whoever can replace the file can rewrite the card. So the defences are, in order:

1. **The allowlist** (this module, always on): the file may name only the globals our own fitted
   pipeline is made of — found by recording what ``find_class`` sees while loading freshly trained
   models, not guessed. Anything else is refused before it is imported or called. None of them
   reaches the interpreter or the system: no ``eval``/``exec``/``getattr``/``__import__``, nothing
   from ``os``/``subprocess``, no ``numpy.load``, no ``functools.partial`` or ``operator``
   callers. What is left to an attacker is calling the allowed constructors with their own
   arguments and wiring the allowed callables into the pipeline's hooks, hence 2 and 3.
2. **No BUILD on a global**: pickle's BUILD sets attributes on whatever object is on its stack;
   aimed at an allowed class or function it would patch it for the whole process (even if the load
   is then refused). It is refused on classes, functions and modules, inside object arrays too.
3. **The shape check** (``check_shape``): the loaded object must be the pipeline Msimamo builds —
   our two text functions in the FunctionTransformers, TF-IDF vectorisers reading the text they are
   given (``input="content"``; ``"filename"`` would open the path a request names), logistic
   regressions, and no other callable in any parameter.
4. **The signature** (``MODEL_KEY``, in ``artefact.py``): checked before this module runs; it is what
   stops a *swapped* model (valid pickle, flipped stances), which the allowlist cannot.

Not covered: a file crafted to exhaust memory or CPU while loading (a huge array shape, a
decompression bomb); the signature is the defence there.
"""

from __future__ import annotations

import pickle
import types
from pathlib import Path
from typing import BinaryIO

import numpy as np
from joblib.numpy_pickle import NumpyArrayWrapper, NumpyUnpickler
from joblib.numpy_pickle_utils import _validate_fileobject_and_memmap
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from msimamo.errors import ModelError, UnsupportedPipeline
from msimamo.model.heads import MultiHeadClassifier
from msimamo.model.masking import mask_all
from msimamo.model.pipeline import FEATURES, HEADS_STEP, MASK, NORMALISE
from msimamo.text import normalise_all

#: Every global a Msimamo model file may name, as pickle spells it (module, name). Recorded from
#: models trained by ``msimamo train`` (the project's model and one on the seeds); numpy's array and
#: scalar reconstructors under both their numpy 2 and numpy 1 module names.
ALLOWED: frozenset[tuple[str, str]] = frozenset({
    ("sklearn.pipeline", "Pipeline"),
    ("sklearn.pipeline", "FeatureUnion"),
    ("sklearn.preprocessing._function_transformer", "FunctionTransformer"),
    ("sklearn.feature_extraction.text", "TfidfVectorizer"),
    ("sklearn.feature_extraction.text", "TfidfTransformer"),
    ("sklearn.linear_model._logistic", "LogisticRegression"),
    ("sklearn.calibration", "CalibratedClassifierCV"),
    ("sklearn.calibration", "_CalibratedClassifier"),
    ("sklearn.calibration", "_TemperatureScaling"),
    ("msimamo.model.heads", "MultiHeadClassifier"),
    ("msimamo.model.masking", "mask_all"),
    ("msimamo.text", "normalise_all"),
    ("joblib.numpy_pickle", "NumpyArrayWrapper"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy", "float64"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
})


class _Refused(Exception):
    """Raised inside the unpickler; ``load`` turns it into one ModelError line."""


def _allowed(module: str, name: str) -> None:
    if (module, name) not in ALLOWED:
        raise _Refused(f"refers to {module}.{name}, which a Msimamo model never contains")


def _no_build_on_global(stack: list) -> None:
    if len(stack) >= 2 and isinstance(stack[-2], (type, types.FunctionType, types.BuiltinFunctionType,
                                                   types.MethodType, types.ModuleType)):
        target = stack[-2]
        raise _Refused(f"sets attributes on {getattr(target, '__module__', '?')}.{getattr(target, '__name__', '?')}, "
                       "which a model file never does")


class _ArrayWrapper(NumpyArrayWrapper):
    """joblib's array record, except that an object array's nested pickle is read by the restricted
    unpickler below instead of a plain one."""

    def read_array(self, unpickler, ensure_native_byte_order):
        if not isinstance(self.dtype, np.dtype):
            raise _Refused("holds an array record without a numpy dtype")
        if self.dtype.hasobject:
            array = _NestedUnpickler(unpickler.file_handle).load()
            if not isinstance(array, np.ndarray):
                raise _Refused("holds an object array record that is not an array")
            return array
        return super().read_array(unpickler, ensure_native_byte_order)


class _NestedUnpickler(pickle._Unpickler):
    """For the pickle stream inside an object array: the same allowlist and BUILD rule."""

    dispatch = pickle._Unpickler.dispatch.copy()

    def find_class(self, module, name):
        _allowed(module, name)
        return super().find_class(module, name)

    def load_build(self):
        _no_build_on_global(self.stack)
        pickle._Unpickler.load_build(self)

    dispatch[pickle.BUILD[0]] = load_build


class _RestrictedUnpickler(NumpyUnpickler):
    """joblib's unpickler (arrays stored beside the pickle stream, any compression) with the allowlist."""

    dispatch = NumpyUnpickler.dispatch.copy()

    def find_class(self, module, name):
        _allowed(module, name)
        if (module, name) == ("joblib.numpy_pickle", "NumpyArrayWrapper"):
            return _ArrayWrapper
        return super().find_class(module, name)

    def load_build(self):
        _no_build_on_global(self.stack)
        NumpyUnpickler.load_build(self)

    dispatch[pickle.BUILD[0]] = load_build


def load(fileobj: BinaryIO, name: str | Path):
    """The object in the joblib stream ``fileobj`` (compressed or not), unpickled through the
    allowlist; ``ModelError`` naming ``name`` and the first global refused."""
    name = str(name)
    try:
        with _validate_fileobject_and_memmap(fileobj, name, None) as (stream, _):
            if isinstance(stream, str):  # joblib < 0.10 layout: arrays in side files, loaded unrestricted
                raise _Refused("is in joblib's pre-0.10 layout, which Msimamo never writes")
            return _RestrictedUnpickler(name, stream, ensure_native_byte_order=True).load()
    except _Refused as exc:
        raise ModelError(f"{name} {exc}: refusing to load it") from None
    except (ModuleNotFoundError, AttributeError) as exc:
        raise ModelError(f"{name} cannot be unpickled by this Msimamo ({exc}): run `make train`") from None
    except Exception as exc:  # a damaged or hostile stream: what broke, in one line
        detail = " ".join(str(exc).split())[:200]
        raise ModelError(f"{name} is not a loadable model file ({type(exc).__name__}: {detail}): "
                         "run `make train`") from None


def _callables(params: dict) -> list[tuple[str, object]]:
    """Parameters holding something callable, except a vectoriser's numpy ``dtype`` (a class)."""
    return [(k, v) for k, v in params.items()
            if callable(v) and not (k.split("__")[-1] == "dtype" and isinstance(v, type) and issubclass(v, np.generic))]


def _is(obj, name: str) -> bool:
    """``obj``'s class is ``sklearn.calibration.<name>`` (a private class, named, not imported)."""
    return (type(obj).__module__, type(obj).__name__) == ("sklearn.calibration", name)


def _is_head(est) -> bool:
    """A fitted head: a logistic regression, or one under temperature scaling (heads.py)."""
    if type(est) is LogisticRegression:
        return True
    pairs = getattr(est, "calibrated_classifiers_", None)
    return (type(est) is CalibratedClassifierCV and type(est.estimator) is LogisticRegression
            and isinstance(pairs, list) and len(pairs) == 1 and _is(pairs[0], "_CalibratedClassifier")
            and type(pairs[0].estimator) is LogisticRegression and isinstance(pairs[0].calibrators, list)
            and len(pairs[0].calibrators) == 1 and _is(pairs[0].calibrators[0], "_TemperatureScaling"))


def _parts(est) -> list:
    """The estimators inside a head, whose parameters must hold no callable either."""
    if type(est) is LogisticRegression:
        return [est]
    return [est, est.estimator, est.calibrated_classifiers_[0].estimator]


def check_shape(pipeline) -> None:
    """Refuse (``UnsupportedPipeline``) anything but the pipeline ``build_pipeline`` makes: the steps,
    their types, our two functions and no other callable in any parameter, vectorisers that read
    the text they are given."""
    if type(pipeline) is not Pipeline:
        raise UnsupportedPipeline(f"the file holds a {type(pipeline).__name__}, not a Pipeline")
    names = [name for name, _ in pipeline.steps]
    if names != [MASK, NORMALISE, FEATURES, HEADS_STEP]:
        raise UnsupportedPipeline(f"the pipeline's steps are {names}, expected {[MASK, NORMALISE, FEATURES, HEADS_STEP]}")
    if pipeline.memory is not None:
        raise UnsupportedPipeline("the pipeline caches to disk (memory is set)")
    steps = pipeline.named_steps
    expected = {MASK: mask_all, NORMALISE: normalise_all}
    for name, func in expected.items():
        step = steps[name]
        if type(step) is not FunctionTransformer or step.func is not func:
            raise UnsupportedPipeline(f"step {name!r} is not FunctionTransformer({func.__name__})")
    union = steps[FEATURES]
    if type(union) is not FeatureUnion or not all(type(v) is TfidfVectorizer for _, v in union.transformer_list):
        raise UnsupportedPipeline(f"step {FEATURES!r} is not a union of TfidfVectorizers")
    for name, vec in union.transformer_list:
        if vec.input != "content":
            raise UnsupportedPipeline(f"vectoriser {name!r} reads input={vec.input!r}, not the text itself")
        if type(getattr(vec, "_tfidf", None)) is not TfidfTransformer:
            raise UnsupportedPipeline(f"vectoriser {name!r} is not fitted")
    heads = steps[HEADS_STEP]
    fitted = getattr(heads, "estimators_", None)
    if type(heads) is not MultiHeadClassifier or not isinstance(fitted, list) or not all(
            type(est) is LogisticRegression for est in [e for _, e in heads.estimators]) or not all(
            map(_is_head, fitted)):
        raise UnsupportedPipeline(f"step {HEADS_STEP!r} is not one fitted logistic regression per head")
    fitted = [part for est in fitted for part in _parts(est)]
    found = [(k, v) for k, v in _callables(pipeline.get_params(deep=True))
             if expected.get(k.removesuffix("__func")) is not v]
    for est in [e for _, e in heads.estimators] + fitted:
        found += _callables(est.get_params())
    if found:
        key, value = found[0]
        raise UnsupportedPipeline(f"parameter {key} holds the callable {getattr(value, '__name__', value)!r}")
