"""Acceptable input numbers, in one place.

The command line, the project file and the model's ``Pset_SiteCommon`` fallbacks all ask here.

A site area of -1200 m² makes a plot ratio of -1.27 that passes every limit; NaN and
infinity end up as invalid JSON. Each function returns the problem (a message key under
``problem.``) or None, so every caller reports it in its own words: the command line names
the flag, the project file its field, the model fallback its property.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["count_problem", "positive_problem"]


def positive_problem(value: Any) -> str | None:
    """Say what is wrong with a site area or a limit: a finite number greater than 0.

    Examples
    --------
    >>> positive_problem(1200.0) is None
    True
    >>> positive_problem(-5), positive_problem(float("nan")), positive_problem("high")
    ('problem.positive', 'problem.finite', 'problem.number')
    >>> positive_problem(True)               # YAML's yes/no are not numbers
    'problem.number'
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "problem.number"
    if not math.isfinite(value):
        return "problem.finite"
    if value <= 0:
        return "problem.positive"
    return None


def count_problem(value: Any) -> str | None:
    """Say what is wrong with a number of households: a whole number ≥ 0.

    Examples
    --------
    >>> count_problem(8) is None, count_problem(0) is None
    (True, True)
    >>> count_problem(-1), count_problem(2.5), count_problem("8")
    ('problem.count', 'problem.count', 'problem.count')
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return "problem.count"
    return None
