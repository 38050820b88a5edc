"""The index reads each element's type once, from the type relations (issue 10).

It used to ask ``ifcopenshell.util.element`` per element (a schema check each time: a
second of a 25,000-element index). The predefined type and the property sets must be what
ifcopenshell's own functions give: the type's predefined type unless it is NOTDEFINED,
USERDEFINED read as the custom name, the type's property sets overridden by the
occurrence's; in IFC2X3 (types through IsDefinedBy) and IFC4 (IsTypedBy) alike.
"""

from __future__ import annotations

import ifcopenshell.api.pset
import ifcopenshell.api.type
import ifcopenshell.util.element
import pytest

from cimcheck.model.index import build_index
from cimcheck.model.loader import open_model
from tests.builders import ModelBuilder


@pytest.mark.parametrize("schema", ["IFC2X3", "IFC4"])
def test_types_read_once_give_what_ifcopenshell_gives(tmp_path, schema):
    b = ModelBuilder(schema, seed="types")
    storey = b.storey("1F", 0.0)
    walls = [b.wall_box(storey, (0, 0, 5, 0.2), 0.0, 3.0, name=f"W{i}") for i in range(4)]
    f = b.file
    wall_type = "IfcWallType"
    custom = ifcopenshell.api.root.create_entity(f, ifc_class=wall_type, name="防火墙类型",
                                                 predefined_type="USERDEFINED")
    custom.ElementType = "防火墙"
    undefined = ifcopenshell.api.root.create_entity(f, ifc_class=wall_type, name="未定义",
                                                    predefined_type="NOTDEFINED")
    shear = ifcopenshell.api.root.create_entity(f, ifc_class=wall_type, name="剪力墙",
                                                predefined_type="SHEAR")
    for wall, typ in zip(walls, (custom, undefined, shear), strict=False):
        ifcopenshell.api.type.assign_type(f, related_objects=[wall], relating_type=typ)
    # NOTDEFINED type: the occurrence's (IFC2X3 occurrences have only ObjectType).
    setattr(walls[1], "ObjectType" if schema == "IFC2X3" else "PredefinedType", "PARTITIONING")
    b.pset(shear, "Pset_WallCommon", {"IsExternal": True, "Reference": "type"})
    b.pset(walls[2], "Pset_WallCommon", {"Reference": "occurrence"})
    path = tmp_path / f"types_{schema}.ifc"
    b.write(path)

    model = open_model(path)
    records = {e.name: e for e in build_index(model).elements if e.name.startswith("W")}
    for name, record in records.items():
        entity = model.file.by_id(record.step_id)
        want = ifcopenshell.util.element.get_predefined_type(entity) or ""
        assert record.predefined_type == want, name
        assert record.psets == {k: {p: v for p, v in props.items() if p != "id"}
                                for k, props in ifcopenshell.util.element.get_psets(
                                    entity).items()}, name
    assert records["W0"].predefined_type == "防火墙"
    assert records["W1"].predefined_type == "PARTITIONING"
    assert records["W2"].predefined_type == "SHEAR"
    assert records["W2"].psets["Pset_WallCommon"] == {"IsExternal": True,
                                                      "Reference": "occurrence"}


def _as_refs(references) -> list[tuple[str, str, str]]:
    """The (system, identification, name) triples the index keeps, from ifcopenshell's."""
    from cimcheck.model.index import _text

    out = []
    for ref in references:
        source = getattr(ref, "ReferencedSource", None)
        system = _text(getattr(source, "Name", None)) if source is not None else ""
        ident = _text(getattr(ref, "Identification", None) or getattr(ref, "ItemReference",
                                                                         None))
        out.append((system, ident, _text(ref.Name)))
    return sorted(out)


@pytest.mark.parametrize("name", ["archicad22_es_prototipo2016.ifc",
                                  "lake_kegonsa_revit2014_feet.ifc",
                                  "schep_root_prefab_balkons_ac18.ifc",
                                  "revit2021_structural_basic_nostoreys.ifc"])
def test_classifications_read_once_give_what_ifcopenshell_gives(name):
    """The classification relations are read in one pass (``get_references`` per element
    was a third of a second of a 25,000-element index): the same references per element."""
    import ifcopenshell.util.classification

    from tests.conftest import corpus_file

    model = open_model(corpus_file(name))
    records = build_index(model).elements
    classified = 0
    for record in records:
        want = _as_refs(ifcopenshell.util.classification.get_references(
            model.file.by_id(record.step_id)))
        got = sorted((c.system, c.identification, c.name) for c in record.classifications)
        assert got == want, record.global_id
        classified += bool(got)
    assert classified > 0


def test_a_type_classification_is_inherited_unless_the_occurrence_has_its_own_system(
        tmp_path):
    import ifcopenshell.api.classification
    import ifcopenshell.util.classification

    b = ModelBuilder("IFC4", seed="classes")
    storey = b.storey("1F", 0.0)
    walls = [b.wall_box(storey, (0, 0, 5, 0.2), 0.0, 3.0, name=f"W{i}") for i in range(3)]
    f = b.file
    typ = ifcopenshell.api.root.create_entity(f, ifc_class="IfcWallType", name="T")
    ifcopenshell.api.type.assign_type(f, related_objects=walls[:2], relating_type=typ)
    gb = ifcopenshell.api.classification.add_classification(f, classification="GB/T 51269")
    uni = ifcopenshell.api.classification.add_classification(f, classification="Uniclass")
    ifcopenshell.api.classification.add_reference(
        f, products=[typ], classification=gb, identification="30-01.10", name="墙")
    ifcopenshell.api.classification.add_reference(
        f, products=[typ], classification=uni, identification="EF_25_10", name="Walls")
    ifcopenshell.api.classification.add_reference(
        f, products=[walls[1]], classification=gb, identification="30-01.20", name="隔墙")
    path = tmp_path / "classes.ifc"
    b.write(path)

    model = open_model(path)
    by_name = {e.name: e for e in build_index(model).elements if e.name.startswith("W")}
    for record in by_name.values():
        want = _as_refs(ifcopenshell.util.classification.get_references(
            model.file.by_id(record.step_id)))
        assert sorted((c.system, c.identification, c.name)
                      for c in record.classifications) == want
    # W0 inherits both; W1 keeps its own GB/T reference and the type's Uniclass one.
    assert {c.identification for c in by_name["W0"].classifications} == {"30-01.10",
                                                                          "EF_25_10"}
    assert {c.identification for c in by_name["W1"].classifications} == {"30-01.20",
                                                                          "EF_25_10"}
    assert by_name["W2"].classifications == ()
