// What the emitter takes from its host when there is one: `process` (warnings,
// nextTick), and Node's builtins through `process.getBuiltinModule` (util's
// inspect for messages, async_hooks for EventEmitterAsyncResource, node:events
// for EventTarget introspection). Everything degrades to plain JS where they
// are missing (browsers, workers, other runtimes).

interface HostProcess {
  emitWarning?: (warning: Error) => void;
  nextTick?: (fn: (...args: any[]) => void, ...args: any[]) => void;
  getBuiltinModule?: (id: string) => any;
}

/** The host's `process`, if it has one that looks like Node's. */
const hostProcess: HostProcess | undefined = (() => {
  const p = (globalThis as { process?: unknown }).process;
  return typeof p === "object" && p !== null ? (p as HostProcess) : undefined;
})();

const builtins = new Map<string, unknown>();

/** A Node builtin module (`util`, `async_hooks`, `events`), or undefined where the host has none. */
export function builtin(id: string): any {
  if (!builtins.has(id)) builtins.set(id, hostProcess?.getBuiltinModule?.(id));
  return builtins.get(id);
}

/** util.inspect where available; elsewhere a short plain description (a string quoted, an object by its class). */
export function inspect(value: unknown, options?: { depth?: number }): string {
  const util = builtin("util");
  if (util !== undefined) return util.inspect(value, options);
  if (typeof value === "string") return `'${value}'`;
  if (typeof value !== "object" || value === null) return String(value);
  return `[${(value as { constructor?: { name?: string } }).constructor?.name || "Object"}]`;
}

/** process.emitWarning, or console.warn where there is no process (§11). */
export function emitWarning(warning: Error): void {
  if (typeof hostProcess?.emitWarning === "function") hostProcess.emitWarning(warning);
  else console.warn(warning);
}

/** process.nextTick where there is one, else a microtask. */
export function nextTick(fn: (...args: any[]) => void, ...args: any[]): void {
  if (typeof hostProcess?.nextTick === "function") hostProcess.nextTick(fn, ...args);
  else queueMicrotask(() => fn(...args));
}
