"""Entry point of the bundled ``cimcheck`` (console)."""

import sys

from cimcheck.cli import main

sys.exit(main())
