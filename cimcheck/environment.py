"""Sizes set through environment variables (``CIMCHECK_MAX_MODEL_MB``, ``CIMCHECK_CACHE_LIMIT_MB``).

One reading for every such setting: a size in MiB, a decimal number (``0.5``, ``512``).
A value that is not one (text, a negative or infinite number, NaN) is said once per
process as a warning (the variable, its value, the default used) and the default applies:
a typo in a setting never stops a check, and never passes silently.
"""

from __future__ import annotations

import logging
import os
from functools import cache

__all__ = ["mebibytes"]

log = logging.getLogger(__name__)

#: The largest size accepted (8 PiB): beyond it a byte count no longer fits the integers
#: the system's calls take (1e13 MiB raised OverflowError deep in a read).
MAX_BYTES = 2**53


def mebibytes(name: str, default_mb: float, *, zero: str = "allowed") -> int | None:
    """Return the size ``name`` sets, in bytes, else ``default_mb`` MiB.

    ``zero``: what 0 means: ``"allowed"`` (0 bytes), ``"none"`` (no bound: None) or
    ``"invalid"`` (the default applies, with the warning).
    """
    return _read(name, os.environ.get(name, "").strip(), default_mb, zero)


@cache     # by value: said once per process, read again when the value changes
def _read(name: str, value: str, default_mb: float, zero: str) -> int | None:
    try:
        megabytes = float(value) if value else float(default_mb)
        if not 0 <= megabytes * 1024**2 <= MAX_BYTES \
                or (megabytes == 0 and zero == "invalid"):     # NaN fails the comparison
            raise ValueError(value)
    except ValueError:
        log.warning("%s=%r is not a size in MiB: using %g", name, value, default_mb)
        megabytes = default_mb
    if megabytes == 0 and zero == "none":
        return None
    return int(megabytes * 1024**2)
