"""Attributes of IFC instances read by position, the position looked up once per class.

``entity.Name`` goes through ifcopenshell's ``__getattr__``: a category lookup, an index
lookup and then the read, about three times the cost of the read alone; for an attribute
the class lacks (``LongName`` of a wall) it imports the schema's rules and walks the
supertypes before it raises. Over the property sets of a Tekla export (70,000 reads for
500 elements) that was a quarter of the index. Here the position is kept per
schema-qualified class, so each read after the first is a dictionary lookup and the read.
"""

from __future__ import annotations

from typing import Any

import ifcopenshell

__all__ = ["attribute", "position"]

#: Position of a forward attribute in an entity's class, -1 where the class has none,
#: keyed by the schema-qualified class name.
_ATTRIBUTE_INDEX: dict[tuple[str, str], int] = {}

_FORWARD = 1    # ifcopenshell's attribute category of a forward (stored) attribute


def attribute(entity: ifcopenshell.entity_instance, name: str) -> Any:
    """Return an entity's attribute ``name``, or None where its class has no such attribute.

    As ``getattr(entity, name, None)`` for forward attributes (inverse ones, such as
    ``IsDefinedBy``, are not stored in the instance: read them with ``getattr``).
    """
    index = position(entity, name)
    return entity.get_argument(index) if index >= 0 else None


def position(entity: ifcopenshell.entity_instance, name: str) -> int:
    """Position of the forward attribute ``name`` in the entity's class; -1: none."""
    key = (entity.is_a(True), name)
    index = _ATTRIBUTE_INDEX.get(key)
    if index is None:
        index = entity.get_argument_index(name) \
            if entity.get_attribute_category(name) == _FORWARD else -1
        _ATTRIBUTE_INDEX[key] = index
    return index
