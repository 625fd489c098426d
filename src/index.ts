// wasm-events: the public API. Export lists only.
export { EventBus } from "./bus/event-bus.js";
export { pattern } from "./bus/patterns/pattern.js";
export { EventsError } from "./bus/errors.js";
export type { EventsErrorCode } from "./bus/errors.js";
export type {
  EventBusOptions, EventRef, Listener, ListenerInfo, Module, Pool, Registration, RegisterOptions, StaleInfo, UserData,
} from "./bus/types.js";
export type { CoreEvents, EventData, EventDataArgument, EventName } from "./bus/event-map.js";
export type { EventPattern, PatternData, PatternEventName, PatternListener } from "./bus/patterns/pattern-types.js";
export type { GenerateAsyncArguments, GenerateAsyncOptions, OnceOptions, OnOptions } from "./bus/awaiting-types.js";
export type { DisposeMember, HostAbortSignal, HostEvent, HostEventTarget } from "./host-types.js";
// The drop-in EventEmitter; the node:events-shaped module is wasm-events/events.
export { EventEmitter } from "./emitter/module.js";
export { setEmitterCodegen } from "./emitter/emit-dispatch.js";
export { emitterTableStats } from "./emitter/emitter-table.js";
export type { EventEmitterOptions, EventMap, DefaultEventMap } from "./emitter/emitter-types.js";
