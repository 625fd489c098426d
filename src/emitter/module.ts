// The class with node:events' statics, in Node's property order: the value
// of `wasm-events/events` (default export and `require` result) and of
// `EventEmitter` in `wasm-events`.

import { EventEmitter as EventEmitterFunction } from "./event-emitter.js";
import { checkNonNegativeNumber, invalidArgType } from "./node-errors.js";
import { getDefaultMaxListeners, setDefaultMaxListeners } from "./max-listeners.js";
import {
  addAbortListener, getEventListeners, getMaxListeners, kMaxEventTargetListeners, kMaxEventTargetListenersWarned,
  listenerCount, on, once, setMaxListeners,
} from "./statics.js";
import { eventEmitterAsyncResource } from "./async-resource.js";
import { captureRejectionSymbol, errorMonitor, kCapture } from "./symbols.js";
import type { DefaultEventMap, EventEmitter as EventEmitterInstance, EventEmitterConstructor, EventMap } from "./emitter-types.js";

const E = EventEmitterFunction as any;
const init = E.init;
delete E.init; // re-added last, where Node has it

Object.assign(E, { addAbortListener, once, on, getEventListeners, getMaxListeners, listenerCount });
E.EventEmitter = E;
E.usingDomains = false;
E.captureRejectionSymbol = captureRejectionSymbol;
Object.defineProperty(E, "captureRejections", {
  enumerable: true,
  get: () => E.prototype[kCapture],
  set(value: unknown) {
    if (typeof value !== "boolean") throw invalidArgType("EventEmitter.captureRejections", "boolean", value);
    E.prototype[kCapture] = value;
  },
});
Object.defineProperty(E, "EventEmitterAsyncResource", {
  enumerable: true,
  configurable: true,
  get: () => eventEmitterAsyncResource(E),
  set: undefined,
});
E.errorMonitor = errorMonitor;
Object.defineProperty(E, "defaultMaxListeners", {
  enumerable: true,
  get: getDefaultMaxListeners,
  set(value: unknown) {
    checkNonNegativeNumber(value, "defaultMaxListeners");
    setDefaultMaxListeners(value);
  },
});
Object.defineProperties(E, {
  kMaxEventTargetListeners: { value: kMaxEventTargetListeners, enumerable: false, configurable: false, writable: false },
  kMaxEventTargetListenersWarned: {
    value: kMaxEventTargetListenersWarned, enumerable: false, configurable: false, writable: false,
  },
});
E.setMaxListeners = setMaxListeners;
E.init = init;

/** node:events' EventEmitter on the wasm-events table. */
export const EventEmitter = E as EventEmitterConstructor;
/** An EventEmitter instance (the class's name is its type too, as with a class). */
export type EventEmitter<T extends EventMap<T> = DefaultEventMap> = EventEmitterInstance<T>;
