"""A model's version: a digest of what the fitted model is, not of the bytes it was pickled into.

The joblib file of two fits on the same data differs: the word TfidfVectorizer keeps
``_stop_words_id``, the memory address of its stop-word list (scikit-learn compares it with
``id(self.stop_words)`` to skip re-validating the list), and pickle bytes also depend on object
identity (its memo), the compressor and the library versions. The fitted numbers themselves are
bit-for-bit the same (training fixes every random state and runs BLAS on one thread), so the
version is taken from them: a canonical encoding of the pipeline, every object as its class path
and its attributes by name, which holds both the constructor parameters (scikit-learn stores each
under its own name) and what fitting learnt (vocabularies, idf, coefficients, intercepts, classes,
the calibration's temperatures and folds). Mappings and sets are encoded in sorted order, arrays
as dtype, shape and little-endian bytes, floats exactly (no rounding: nothing needs it). Beside
the pipeline: the gazetteer's sha256 (it decides known speakers' bloc), the artefact ``FORMAT``
and the msimamo version (the code in the pipeline, such as ``mask_all``, is named, not hashed).

Everything is pure: no file, clock or environment is read, so ``created_at`` cannot enter.
"""

from __future__ import annotations

import hashlib
import struct
import types
from typing import Any

import numpy as np

#: Attributes that describe the process, not the model (see the module docstring).
VOLATILE = frozenset({"_stop_words_id"})
#: Bumped if the encoding below changes, so equal digests always mean the same encoding.
_SCHEME = b"msimamo model content v1\n"
_MAX_DEPTH = 64


def model_version(pipeline: Any, gazetteer_sha256: str) -> str:
    """The model's version: 12 hex digits of its content digest (``content_digest``) together with
    the gazetteer, the artefact format and the msimamo version."""
    from msimamo import __version__  # at call time: msimamo/__init__ may still be importing the model modules
    from msimamo.model.card import FORMAT

    digest = hashlib.sha256(_SCHEME)
    for part in (f"format {FORMAT}", f"msimamo {__version__}", f"gazetteer {gazetteer_sha256}",
                 f"pipeline {content_digest(pipeline)}"):
        digest.update(part.encode("utf-8") + b"\n")
    return digest.hexdigest()[:12]


def content_digest(obj: Any) -> str:
    """sha256 of the canonical encoding of ``obj`` (a fitted pipeline or any part of one).

    A ``TypeError`` names the path of anything that has no canonical encoding (a lambda, an object
    without attributes), rather than hashing an address or a ``repr``.
    """
    digest = hashlib.sha256(_SCHEME)
    _encode(obj, digest.update, "model", 0)
    return digest.hexdigest()


def _encoded(obj: Any, path: str, depth: int) -> bytes:
    parts: list[bytes] = []
    _encode(obj, parts.append, path, depth)
    return b"".join(parts)


def _length(n: int) -> bytes:
    return struct.pack("<Q", n)


def _text(tag: bytes, s: str) -> bytes:
    data = s.encode("utf-8", "surrogatepass")
    return tag + _length(len(data)) + data


def _qualified(obj: Any, path: str) -> str:
    name = f"{obj.__module__}:{obj.__qualname__}"
    if "<" in obj.__qualname__:  # <lambda>, <locals>: the name does not say which code it is
        raise TypeError(f"{path}: {name} has no stable name to fingerprint")
    return name


def _encode(obj: Any, out, path: str, depth: int) -> None:
    """Write a tagged, length-prefixed encoding of ``obj`` to ``out``: distinct values never
    share an encoding (a list is not its tuple, 1 is not 1.0 nor True)."""
    if depth > _MAX_DEPTH:
        raise TypeError(f"{path}: nested more than {_MAX_DEPTH} deep (a cycle?)")
    depth += 1
    if obj is None:
        out(b"N")
    elif obj is True or obj is False:
        out(b"T" if obj else b"F")
    elif type(obj) is int:
        out(_text(b"I", str(obj)))
    elif type(obj) is float:
        out(b"D" + struct.pack("<d", obj))
    elif type(obj) is str:
        out(_text(b"S", obj))
    elif type(obj) is bytes:
        out(b"B" + _length(len(obj)) + obj)
    elif isinstance(obj, (np.ndarray, np.generic)):
        _array(np.asarray(obj), out, path, depth)
    elif isinstance(obj, np.dtype):
        out(_text(b"Y", obj.newbyteorder("<").str))
    elif isinstance(obj, (list, tuple)):
        out((b"L" if isinstance(obj, list) else b"U") + _length(len(obj)))
        for i, item in enumerate(obj):
            _encode(item, out, f"{path}[{i}]", depth)
    elif isinstance(obj, dict):
        _mapping(obj, out, path, depth)
    elif isinstance(obj, (set, frozenset)):
        items = sorted(_encoded(item, f"{path}{{}}", depth) for item in obj)
        out(b"E" + _length(len(items)) + b"".join(items))
    elif isinstance(obj, (type, types.FunctionType, types.BuiltinFunctionType)):
        out(_text(b"G", _qualified(obj, path)))
    elif hasattr(obj, "__dict__") and not callable(obj):  # an estimator, or a helper object it holds
        out(_text(b"C", _qualified(type(obj), path)))
        state = {k: v for k, v in vars(obj).items() if k not in VOLATILE}
        _mapping(state, out, f"{path}.{type(obj).__name__}", depth)
    else:
        raise TypeError(f"{path}: cannot fingerprint a {type(obj).__module__}.{type(obj).__qualname__}")


def _mapping(mapping: dict, out, path: str, depth: int) -> None:
    """Entries in the order of their encoded keys: a vocabulary built in another order is the same."""
    entries = sorted(((_encoded(k, path, depth), k) for k in mapping), key=lambda entry: entry[0])
    out(b"M" + _length(len(entries)))
    for key_bytes, key in entries:
        out(key_bytes)
        _encode(mapping[key], out, f"{path}[{key!r}]", depth)


def _array(a: np.ndarray, out, path: str, depth: int) -> None:
    shape = b"".join(_length(n) for n in a.shape)
    if a.dtype.hasobject:
        out(b"O" + _length(a.ndim) + shape)
        for i, item in enumerate(a.ravel(order="C")):
            _encode(item, out, f"{path}[{i}]", depth)
        return
    little = a.dtype.newbyteorder("<")  # a dtype without byte order ("|") is left as it is
    data = np.ascontiguousarray(a, dtype=little)
    out(_text(b"A", little.str) + _length(a.ndim) + shape + data.tobytes(order="C"))
