// wasm-events through its everyday API: `bus.generate(name, data)`, with the
// default dispatcher (compiled per event where `new Function` is allowed).
import { generateByName } from "./wasm-events-table.js";

export const wasmEventsByName = generateByName(
  "wasm-events",
  "`bus.generate(name, data)`, default options (compiled dispatchers)",
);
