"""Result records every view and report reads: diagnostics now, findings and runs later."""

from __future__ import annotations

from cimcheck.results.diagnostic import Diagnostic, Severity

__all__ = ["Diagnostic", "Severity"]
