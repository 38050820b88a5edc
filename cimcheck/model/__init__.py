"""From an IFC file to the model index: opening (``loader``), records and the index.

Only this package and ``geometry`` talk to ifcopenshell; everything above reads frozen
records in metres.
"""
