"""The presentation layer: every word, number format, colour and order a user reads.

The core decides and records keys and numbers (``CheckRun``, ``AreaTable``, ``Text``);
this package describes them, in the language asked for:

- ``palette``: colours of statuses and area classes (workbook, diagrams, 3D view);
- ``formats``: how each indicator's number reads;
- ``info``, ``areas``, ``check``: the JSON documents of the three commands;
- ``diagrams``: the 面积计算简图 (PNG, SVG, PDF);
- ``excel``: the compliance workbook.

Every writer goes through :func:`cimcheck.atomic.write_atomic`, so an interrupted export
never leaves a half-written file in place of a good one.
"""
