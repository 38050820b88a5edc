"""cimcheck_ui: the PySide6 desktop application over the cimcheck core.

Installed under the import name ``cimcheck_ui`` (the folder is ``ui/``). Only this package
imports Qt, pyvista and VTK; the core never imports it.
"""
