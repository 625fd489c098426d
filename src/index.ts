// wasm-events: the public API. Export lists only.
export { EventBus } from "./bus.js";
export type { EventData, EventName } from "./bus.js";
export { EventsError } from "./errors.js";
export type { EventsErrorCode } from "./errors.js";
export type {
  CoreEvents, DisposeMember, EventBusOptions, EventDataArgument, EventRef, HostAbortSignal, HostEvent, HostEventTarget, Listener, ListenerInfo, Module, Pool,
  Registration, RegisterOptions, StaleInfo, UserData,
} from "./types.js";
// The drop-in EventEmitter; the node:events-shaped module is wasm-events/events.
export { EventEmitter } from "./emitter/module.js";
export { setEmitterCodegen } from "./emitter/dispatch.js";
export { emitterTableStats } from "./emitter/table.js";
export type { EventEmitterOptions, EventMap, DefaultEventMap } from "./emitter/types.js";
