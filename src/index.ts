// wasm-events: the public API. Export lists only.
export { EventBus } from "./bus.js";
export type { EventData } from "./bus.js";
export { EventsError } from "./errors.js";
export type { EventsErrorCode } from "./errors.js";
export type {
  EventBusOptions, EventRef, Listener, ListenerInfo, Module, Pool, Registration, RegisterOptions, StaleInfo, UserData,
} from "./types.js";
