// wasm-events with code generation forced off (`codegen: false`): the
// eval-free loop dispatcher that strict-CSP hosts get automatically.
import { generateByName } from "./wasm-events-table.js";

export const wasmEventsEvalFree = generateByName(
  "wasm-events eval-free",
  "`new EventBus({ codegen: false })`, `bus.generate(name, data)`: the loop dispatcher",
  { codegen: false },
);
