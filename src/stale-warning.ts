// The default onStale (SPEC §7): a process warning, like Node's
// MaxListenersExceededWarning. Hosts without `process` get nothing.

import type { StaleInfo } from "./types.js";

export function warnStale(info: StaleInfo): void {
  const module = info.module === null ? "the core" : `module '${info.module}'`;
  const message =
    `listener ${info.listener.name || "(anonymous)"} of ${module} for '${info.event}' was not called: ` +
    `its user data came from pool '${info.pool}', which was destroyed. Re-register it with fresh user data ` +
    `(for example from a core.restart listener); it has been unregistered.`;
  const host = (globalThis as { process?: { emitWarning?: (m: string, o: object) => void } }).process;
  if (typeof host?.emitWarning === "function") host.emitWarning(message, { type: "StaleUserDataWarning", code: "WASM_EVENTS_STALE" });
}
