"""Entry point of the bundled ``cimcheck`` (console)."""

import sys

from cimcheck.cli import run

sys.exit(run())
