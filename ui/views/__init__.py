"""Views of the desktop application: the 3D view and the panels around it."""
