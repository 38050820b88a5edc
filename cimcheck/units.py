"""Unit scales read from an IFC file; inside cimcheck everything is metres, m² and m³.

IFC stores lengths, areas and volumes in the *project* units declared in
``IfcProject.UnitsInContext``: millimetres are common (ArchiCAD, Revit metric exports),
feet and square feet happen (US Revit exports), and an area unit is sometimes missing
altogether (Renga 2.2 writes quantities in mm² without declaring AREAUNIT). Each unit
type is independent: a file may use millimetres for length and m² for area.

Conversion happens once, when the index is built; nothing downstream sees file units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # a cached re-check unpickles a UnitScale without the IFC library
    import ifcopenshell

__all__ = ["UnitScale", "read_unit_scale"]


@dataclass(frozen=True, slots=True)
class UnitScale:
    """Factors that turn file values into SI: ``value_file * factor = value_SI``.

    Attributes
    ----------
    length_to_m, area_to_m2, volume_to_m3 : float
        Scale factors for IfcLengthMeasure, IfcAreaMeasure and IfcVolumeMeasure values.
    area_inferred, volume_inferred : bool
        True when the file declares no such unit and (length unit)² or ³ was assumed.
    length_unit_name : str
        The declared length unit, for reports ("METRE", "MILLIMETRE", "FOOT", ...).
    """

    length_to_m: float
    area_to_m2: float
    volume_to_m3: float
    area_inferred: bool = False
    volume_inferred: bool = False
    length_unit_name: str = "METRE"


def _declared(file: ifcopenshell.file, unit_type: str) -> ifcopenshell.entity_instance | None:
    import ifcopenshell.util.unit

    try:
        return ifcopenshell.util.unit.get_project_unit(file, unit_type)
    except (ValueError, AttributeError, RuntimeError):
        return None


def _unit_name(unit: ifcopenshell.entity_instance | None) -> str:
    if unit is None:
        return "METRE"
    prefix = getattr(unit, "Prefix", None) or ""
    name = getattr(unit, "Name", None) or "?"
    return f"{prefix}{name}".upper().replace(" ", "_")


def read_unit_scale(file: ifcopenshell.file) -> UnitScale:
    """Read the length, area and volume scales of ``file``.

    A missing length unit means metres (the IFC default in practice). A missing area or
    volume unit is taken as the length unit squared or cubed, and flagged as inferred so
    that the caller can report it.
    """
    import ifcopenshell.util.unit

    length = float(ifcopenshell.util.unit.calculate_unit_scale(file, "LENGTHUNIT"))
    area_unit = _declared(file, "AREAUNIT")
    volume_unit = _declared(file, "VOLUMEUNIT")
    if area_unit is not None:
        area = float(ifcopenshell.util.unit.calculate_unit_scale(file, "AREAUNIT"))
    else:
        area = length**2
    if volume_unit is not None:
        volume = float(ifcopenshell.util.unit.calculate_unit_scale(file, "VOLUMEUNIT"))
    else:
        volume = length**3
    return UnitScale(
        length_to_m=length,
        area_to_m2=area,
        volume_to_m3=volume,
        area_inferred=area_unit is None,
        volume_inferred=volume_unit is None,
        length_unit_name=_unit_name(_declared(file, "LENGTHUNIT")),
    )
