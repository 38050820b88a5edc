"""Entry point of the bundled ``cimcheck-gui`` (windowed)."""

import sys

from cimcheck_ui.app import main

sys.exit(main())
