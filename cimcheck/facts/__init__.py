"""Area facts: storey outlines, area items with categories, coefficients and evidence.

This is where GB/T 50353-2013 (建筑面积计算规范) meets the model: ``compute_areas`` turns an
:class:`~cimcheck.analysis.Analysis` into an :class:`~cimcheck.facts.items.AreaTable` in which
every part of every storey that the rules treat separately is an item that says what it is,
how large it is, which coefficient applies, under which clause, and why.
"""
