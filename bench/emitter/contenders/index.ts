// The emitter benchmark's contenders, in the order the tables show them.
import { setEmitterCodegen } from "wasm-events";
import type { EmitterContender } from "../contender.js";
import { eventemitter3 } from "./eventemitter3.js";
import { nodeEvents } from "./node-events.js";
import { tseep } from "./tseep.js";
import { wasmEventsContender } from "./wasm-events.js";

export const EMITTER_CONTENDERS: readonly EmitterContender[] = [
  wasmEventsContender("wasm-events", true, setEmitterCodegen),
  wasmEventsContender("wasm-events eval-free", false, setEmitterCodegen),
  tseep,
  eventemitter3,
  nodeEvents,
];
