"""``python -m cimcheck`` runs the command-line interface."""

from __future__ import annotations

import sys

from cimcheck.cli import run

sys.exit(run())
