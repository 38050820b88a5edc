"""Property and quantity sets, read with their IFC measure types and converted to SI.

``ifcopenshell.util.element.get_psets`` returns bare numbers, which loses the information
we need to convert them: a ``CIMCheck_Area.Depth`` of 1500 in a millimetre file is 1.5 m
only because its value is an ``IfcLengthMeasure``. These functions read the typed values
and scale lengths, areas and volumes once, here.

Property sets come from ``IsDefinedBy`` (IfcRelDefinesByProperties), and in IFC4 its
``RelatingPropertyDefinition`` may be a *set* of property sets; type-object psets
(``HasPropertySets`` of the IfcTypeObject) are merged underneath the occurrence's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ifcopenshell
import ifcopenshell.util.element

from cimcheck.model.attributes import attribute
from cimcheck.units import UnitScale

__all__ = ["read_property_sets"]

_LENGTH = {"IfcLengthMeasure", "IfcPositiveLengthMeasure", "IfcNonNegativeLengthMeasure"}
_AREA = {"IfcAreaMeasure"}
_VOLUME = {"IfcVolumeMeasure"}


def _value(value: Any, units: UnitScale) -> Any:
    """Unwrap an IFC value (IfcLabel, IfcLengthMeasure, ...) and convert measures to SI.

    A property's value is an ``IfcValue``: a select of defined types only, each an
    instance whose one attribute is the plain value.
    """
    if value is None:
        return None
    if isinstance(value, ifcopenshell.entity_instance):
        kind = value.is_a()
        try:
            raw = value.get_argument(0)
        except (IndexError, RuntimeError):
            return None
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            if kind in _LENGTH:
                return raw * units.length_to_m
            if kind in _AREA:
                return raw * units.area_to_m2
            if kind in _VOLUME:
                return raw * units.volume_to_m3
        return raw
    return value


#: Quantity classes whose value converts as a length, an area or a volume.
_QUANTITY_SCALE = {"IfcQuantityLength": "length_to_m", "IfcQuantityArea": "area_to_m2",
                   "IfcQuantityVolume": "volume_to_m3"}


def _property_values(pset: ifcopenshell.entity_instance, units: UnitScale) -> dict[str, Any]:
    """Name to value of a property or quantity set's entries.

    Attributes are read by position (``attributes.attribute``): a Tekla export reads
    about 70,000 of them for 500 elements. The classes compared by name here have no
    subclasses in IFC2X3, IFC4 or IFC4X3 (checked in each schema by a test); the abstract
    ``IfcPhysicalSimpleQuantity`` (counts, weights, times) is the one subtype test.
    """
    out: dict[str, Any] = {}
    kind = pset.is_a()
    if kind == "IfcPropertySet":
        for prop in attribute(pset, "HasProperties") or ():
            prop_kind = prop.is_a()
            if prop_kind == "IfcPropertySingleValue":
                out[attribute(prop, "Name")] = _value(attribute(prop, "NominalValue"), units)
            elif prop_kind == "IfcPropertyEnumeratedValue":
                values = [_value(v, units) for v in attribute(prop, "EnumerationValues") or ()]
                out[attribute(prop, "Name")] = values[0] if len(values) == 1 else values
            elif prop_kind == "IfcPropertyListValue":
                out[attribute(prop, "Name")] = [
                    _value(v, units) for v in attribute(prop, "ListValues") or ()]
    elif kind == "IfcElementQuantity":
        for q in attribute(pset, "Quantities") or ():
            q_kind = q.is_a()
            scale = _QUANTITY_SCALE.get(q_kind)
            if scale is not None:
                out[attribute(q, "Name")] = float(q.get_argument(3)) * getattr(units, scale)
            elif q.is_a("IfcPhysicalSimpleQuantity"):
                out[attribute(q, "Name")] = q.get_argument(3)
    return out


def _definitions(
    obj: ifcopenshell.entity_instance,
) -> Iterator[ifcopenshell.entity_instance | None]:
    """Yield the property and quantity sets defined on an object (None where one is unset)."""
    for rel in getattr(obj, "IsDefinedBy", None) or ():   # inverse: not stored, by name
        # With subtypes: IFC2X3's IfcRelOverridesProperties is one.
        if not rel.is_a("IfcRelDefinesByProperties"):
            continue
        definition = attribute(rel, "RelatingPropertyDefinition")
        if isinstance(definition, (tuple, list)):  # IFC4 IfcPropertySetDefinitionSet
            yield from definition
        else:
            yield definition


#: ``read_property_sets(..., element_type=LOOK_UP)``: find the type of the object itself.
LOOK_UP: Any = object()


def read_property_sets(
    obj: ifcopenshell.entity_instance, units: UnitScale, element_type: Any = LOOK_UP,
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Return ``(psets, quantities)`` of an object, values in SI units.

    The type's sets come first and the occurrence's own override them (IFC's
    inheritance). ``element_type`` is the object's type when the caller has already read
    the type relations (None: untyped); looking it up per object costs a schema check
    each time, which adds up on a model of 100,000 elements.

    Quantity sets with an empty name (Renga 2.2 writes them) are kept under ``""``.
    """
    psets: dict[str, dict[str, Any]] = {}
    qtos: dict[str, dict[str, Any]] = {}
    if element_type is LOOK_UP:
        try:
            element_type = ifcopenshell.util.element.get_type(obj)
        except (AttributeError, RuntimeError):
            element_type = None
    if element_type is not None:
        for definition in attribute(element_type, "HasPropertySets") or ():
            target = qtos if definition.is_a() == "IfcElementQuantity" else psets
            target.setdefault(attribute(definition, "Name") or "", {}).update(
                _property_values(definition, units)
            )
    for definition in _definitions(obj):
        if definition is None:
            continue
        target = qtos if definition.is_a() == "IfcElementQuantity" else psets
        target.setdefault(attribute(definition, "Name") or "", {}).update(
            _property_values(definition, units))
    return psets, qtos
