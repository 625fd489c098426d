// wasm-events: the public API. Export lists only.
export { EventBus } from "./bus.js";
export type { EventData, EventName } from "./bus.js";
export { EventsError } from "./errors.js";
export type { EventsErrorCode } from "./errors.js";
export type {
  CoreEvents, DisposeMember, EventBusOptions, EventDataArgument, EventRef, HostAbortSignal, Listener, ListenerInfo, Module, Pool,
  Registration, RegisterOptions, StaleInfo, UserData,
} from "./types.js";
