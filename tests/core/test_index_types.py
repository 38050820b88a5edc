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
