"""Runtime hook: runs in the bundle before cimcheck starts.

PyInstaller moves ifcopenshell's shared libraries, so its 0.9 plugin loader no longer finds
the geometry mappings next to itself ("No geometry mapping registered for ifc4",
platform-notes P10). Point it at the bundled package folder.
"""

import os
import sys

if getattr(sys, "frozen", False):
    import ifcopenshell

    if hasattr(ifcopenshell, "set_plugin_search_paths"):
        ifcopenshell.set_plugin_search_paths([os.path.dirname(ifcopenshell.__file__)])
