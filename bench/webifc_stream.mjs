// Baseline for bench/run.py: open an IFC file with web-ifc (That Open Company's C++/WASM
// engine) and stream every mesh, touching each vertex buffer. Whole process is timed by
// the caller. Usage: node webifc_stream.mjs MODEL.ifc
import { readFileSync } from "node:fs";
import * as WebIFC from "web-ifc";

const api = new WebIFC.IfcAPI();
await api.Init();
const data = new Uint8Array(readFileSync(process.argv[2]));
const model = api.OpenModel(data);
let meshes = 0;
let vertices = 0;
api.StreamAllMeshes(model, (mesh) => {
  const placed = mesh.geometries;
  for (let i = 0; i < placed.size(); i++) {
    const geometry = api.GetGeometry(model, placed.get(i).geometryExpressID);
    vertices += api.GetVertexArray(geometry.GetVertexData(), geometry.GetVertexDataSize()).length;
    geometry.delete();
  }
  meshes += 1;
});
api.CloseModel(model);
console.log(JSON.stringify({ meshes, floats: vertices }));
