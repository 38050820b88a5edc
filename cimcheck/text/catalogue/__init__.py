"""The message catalogue, one module per domain; this package merges them.

=========  ==============================================================================
domain     what it says
=========  ==============================================================================
model      opening a file, indexing it, tessellating it (``open.*``, ``index.*``,
           ``geometry.*``, ``run.*``)
areas      categories and storey kinds, evidence, heights, plausibility (``cat.*``,
           ``ev.*``, ``height.*``, ``plaus.*``, ``areas.*``)
rules      packs, project files, parameters, findings, statuses, indicators (``pack.*``,
           ``project.*``, ``problem.*``, ``finding.*``, ``status.*``, ``ind.*``, ...)
report     writing outputs (``export.*``, ``wb.*``)
cli        the command-line reports (``cli.*``)
=========  ==============================================================================

The desktop application's own words are Qt translations (``ui/i18n``); the words it shows
about results come from here. A key is defined once: merging two domains that define the
same key is an error at import time.
"""

from __future__ import annotations

from cimcheck.text.catalogue import areas, cli, model, report, rules

__all__ = ["MESSAGES"]


def _merge(*domains: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for domain in domains:
        clash = merged.keys() & domain.keys()
        if clash:
            message = f"message keys defined twice: {sorted(clash)}"
            raise ValueError(message)
        merged.update(domain)
    return merged


#: Every sentence, ``key → (english, chinese)``.
MESSAGES = _merge(model.MESSAGES, areas.MESSAGES, rules.MESSAGES, report.MESSAGES,
                  cli.MESSAGES)
