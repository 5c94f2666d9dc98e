"""Limit OpenBLAS threads around many small matrix products.

Thousands of small products (candidate generation) run 3x slower with two OpenBLAS threads than
with one on a busy two-core machine: the threads spend their time synchronising. This calls the
thread setter of the OpenBLAS that NumPy bundles, found by name; if it cannot be found, nothing
changes (the code is only slower).
"""

from __future__ import annotations

import ctypes
import glob
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import numpy as np

_SETTERS = ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads")
_GETTERS = ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads")


@lru_cache(maxsize=1)
def _openblas() -> tuple[object, object] | None:
    libs = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs", "*openblas*")
    for path in sorted(glob.glob(libs)):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for setter, getter in zip(_SETTERS, _GETTERS, strict=True):
            if hasattr(lib, setter) and hasattr(lib, getter):
                return getattr(lib, setter), getattr(lib, getter)
    return None


@contextmanager
def blas_threads(n: int) -> Iterator[None]:
    found = _openblas()
    if found is None:
        yield
        return
    setter, getter = found
    old = int(getter())  # type: ignore[operator]
    setter(n)  # type: ignore[operator]
    try:
        yield
    finally:
        setter(old)  # type: ignore[operator]
