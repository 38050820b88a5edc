"""Geometry: meshes of the elements the area rules need, and plan polygons from them.

``tessellate`` turns a model into :class:`~cimcheck.geometry.mesh.Mesh` records (world
coordinates, metres) through ``ifcopenshell.geom``; ``footprint`` projects and slices them
into shapely polygons; ``cache`` keeps meshes per file hash so an unchanged model is not
tessellated twice. Only numpy, shapely and ifcopenshell are used here.
"""
