// wasm-events/events: a module shaped like node:events. Export lists only.
import { EventEmitter } from "./module.js";
import { captureRejectionSymbol, errorMonitor } from "./symbols.js";
import {
  addAbortListener, getEventListeners, getMaxListeners, listenerCount, on, once, setMaxListeners,
} from "./statics.js";

export { EventEmitter as default };
export { EventEmitter, addAbortListener, captureRejectionSymbol, errorMonitor, getEventListeners, getMaxListeners };
export { listenerCount, on, once, setMaxListeners };
export type {
  DefaultEventMap, EventEmitterAsyncResourceOptions, EventEmitterOptions, EventMap, StaticEventEmitterIteratorOptions,
  StaticEventEmitterOptions,
} from "./emitter-types.js";
/** The class of node:events with its async resource (undefined where async_hooks is missing). */
export const EventEmitterAsyncResource = EventEmitter.EventEmitterAsyncResource;
/** Named-export snapshots, as node:events' ESM facade has them (read the class's properties for live values). */
export const captureRejections: boolean = EventEmitter.captureRejections;
export const defaultMaxListeners: number = EventEmitter.defaultMaxListeners;
export const usingDomains: boolean = EventEmitter.usingDomains;
export const init = EventEmitter.init;
