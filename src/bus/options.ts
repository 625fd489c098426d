// The bus's options, checked before anything is built or changed (§8):
// the constructor's (EventBusOptions) and register's (RegisterOptions).

import type { EventBusOptions, ListenerInfo, RegisterOptions, StaleInfo } from "./types.js";
import type { Backend } from "../table/backends.js";
import { warnStale } from "./stale-warning.js";
import * as errors from "./errors.js";

const DEFAULT_MAX_DEPTH = 64;

interface CheckedOptions {
  backend: Backend | undefined;
  maxDepth: number;
  onError: ((error: unknown, info: ListenerInfo) => void) | undefined;
  onStale: (info: StaleInfo) => void;
  codegen: boolean;
}

export function checkOptions(options: EventBusOptions | undefined): CheckedOptions {
  if (options === undefined) {
    return { backend: undefined, maxDepth: DEFAULT_MAX_DEPTH, onError: undefined, onStale: warnStale, codegen: true };
  }
  if (options === null || typeof options !== "object") {
    throw new errors.EventsError("EINVAL", `EventBus: options must be an object, received ${errors.describe(options)}`);
  }
  const { maxDepth = DEFAULT_MAX_DEPTH, onError, onStale, codegen, backend } = options;
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw errors.invalidOption("EventBus", "maxDepth", "an integer of at least 1", maxDepth);
  }
  if (onError !== undefined && typeof onError !== "function") {
    throw errors.invalidOption("EventBus", "onError", "a function", onError);
  }
  if (onStale !== undefined && typeof onStale !== "function") {
    throw errors.invalidOption("EventBus", "onStale", "a function", onStale);
  }
  if (codegen !== undefined && typeof codegen !== "boolean") {
    throw errors.invalidOption("EventBus", "codegen", "a boolean", codegen);
  }
  if (backend !== undefined && backend !== "wasm" && backend !== "js") {
    throw errors.invalidOption("EventBus", "backend", '"wasm", "js" or undefined (automatic)', backend);
  }
  return { backend, maxDepth, onError, onStale: onStale ?? warnStale, codegen: codegen ?? true };
}

const NO_OPTIONS = Object.freeze({ once: false, signal: undefined });

export function checkRegisterOptions(options: RegisterOptions | undefined): { once: boolean; signal: AbortSignal | undefined } {
  if (options === undefined) return NO_OPTIONS;
  if (options === null || typeof options !== "object") {
    throw errors.invalidOption("register", "options", "an object", options);
  }
  const { once, signal } = options;
  if (once !== undefined && typeof once !== "boolean") throw errors.invalidOption("register", "once", "a boolean", once);
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw errors.invalidOption("register", "signal", "an AbortSignal", signal);
  }
  return { once: once === true, signal };
}
