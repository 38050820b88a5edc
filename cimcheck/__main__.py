"""``python -m cimcheck`` runs the command-line interface."""

from __future__ import annotations

import sys

from cimcheck.cli import main

sys.exit(main())
