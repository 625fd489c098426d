// Every contender, in the order the tables show them. Add yours here.
// The peer files look alike on purpose: each keeps its timed loops in its own
// file, so their call sites only ever see that peer's class (see contender.ts).
import type { Contender } from "../contender.js";
import { direct } from "./direct.js";
import { eventTarget } from "./event-target.js";
import { eventemitter3 } from "./eventemitter3.js";
import { mittContender } from "./mitt.js";
import { nanoevents } from "./nanoevents.js";
import { nodeEvents } from "./node-events.js";
import { tseepSafe } from "./tseep-safe.js";
import { tseep } from "./tseep.js";
import { wasmEventsEvalFree } from "./wasm-events-eval-free.js";
import { wasmEventsByName } from "./wasm-events-name.js";
import { wasmEventsByRef } from "./wasm-events-ref.js";

export const CONTENDERS: readonly Contender[] = [
  wasmEventsByName,
  wasmEventsByRef,
  wasmEventsEvalFree,
  direct,
  nodeEvents,
  eventTarget,
  eventemitter3,
  tseep,
  tseepSafe,
  mittContender,
  nanoevents,
];
