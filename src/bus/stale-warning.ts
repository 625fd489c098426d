// The default onStale (§7): a process warning, like Node's
// MaxListenersExceededWarning (`process.emitWarning` with a type and code).
// Hosts without `process` (browsers, workers, some edge runtimes) get the same
// text through `console.warn`, so the report is never silent.

import type { StaleInfo } from "./types.js";

type WarningHost = { process?: { emitWarning?: (message: string, options: object) => void } };

export function warnStale(info: StaleInfo): void {
  const module = info.module === null ? "the core" : `module '${info.module}'`;
  const message =
    `listener ${info.listener.name || "(anonymous)"} of ${module} for '${info.event}' was not called: ` +
    `its user data came from pool '${info.pool}', which was destroyed. Re-register it with fresh user data ` +
    `(for example from a core.restart listener); it has been unregistered.`;
  const host = (globalThis as WarningHost).process;
  if (typeof host?.emitWarning === "function") {
    host.emitWarning(message, { type: "StaleUserDataWarning", code: "WASM_EVENTS_STALE" });
  } else if (typeof console === "object" && typeof console.warn === "function") {
    console.warn(`StaleUserDataWarning: ${message}`);
  }
}
