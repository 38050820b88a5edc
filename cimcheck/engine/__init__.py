"""Rule packs and their evaluation: an Analysis and its area table, judged by local rules.

Packs are data (``rules/``, YAML validated by ``rulepack.schema.json``); what a rule can
*do* is a closed vocabulary of check kinds registered in ``checks.py``. ``evaluate`` turns
(area table, pack, project file) into an immutable ``CheckRun`` without touching geometry.
"""
