// The public types of SPEC §4. Classes implementing them live in their own
// files; these interfaces are what users see in the .d.ts.

/** A listener: called as `listener(eventData, userData)` with `this` undefined. */
export type Listener<D = unknown, U = unknown> = (eventData: D, userData: U) => void;

/** Options of `EventBus.register`. */
export interface RegisterOptions {
  /** Remove the registration just before its listener first runs. */
  once?: boolean;
  /** Aborting it unregisters; an already aborted signal registers nothing. */
  signal?: AbortSignal;
}

/** Who a listener is, for `onError` and `onStale`. */
export interface ListenerInfo {
  /** The event being generated. */
  event: string;
  /** The registering module's name, or `null` for the core. */
  module: string | null;
  /** The listener function as registered. */
  listener: Function;
}

/** `onStale`'s argument: the listener and the tag of the destroyed pool its user data came from. */
export interface StaleInfo extends ListenerInfo {
  pool: string;
}

/** Options of `new EventBus` and `EventBus.create`. */
export interface EventBusOptions {
  /** Receives listener errors; `generate` then returns normally. */
  onError?: (error: unknown, info: ListenerInfo) => void;
  /** Receives the one report of a listener whose user data went stale (default: a process warning). */
  onStale?: (info: StaleInfo) => void;
  /** Nested generate depth, an integer of at least 1. Default 64. */
  maxDepth?: number;
  /**
   * Compile a specialised dispatcher per event with `new Function` (default
   * `true`). Where code generation is forbidden (strict CSP) the bus falls
   * back to the loop dispatcher automatically; `false` forces the loop.
   */
  codegen?: boolean;
  /**
   * The table's backend. Default (undefined): WebAssembly, or where it is
   * missing or refused (a CSP without 'wasm-unsafe-eval'), the JavaScript
   * build of the same table, automatically. `"wasm"` forces WebAssembly (the
   * host's error is thrown if it refuses); `"js"` forces the JavaScript build.
   */
  backend?: "wasm" | "js";
}

/** A module of a bus: listeners it registers run in module load order (SPEC §5). */
export interface Module {
  /** The name given to `loadModule`. */
  readonly name: string;
  /** 0 for the bus's first module, growing by one with each `loadModule`. */
  readonly loadOrder: number;
  /** Generates `"core.module-unload"`, then removes the module's listeners; returns how many. 0 once unloaded. */
  unload(): number;
}

/** The result of `register`. */
export interface Registration {
  /** True until removed or until its user data goes stale. */
  readonly active: boolean;
  /** Removes the registration; true if it was active. */
  unregister(): boolean;
  /** Same as `unregister()`, for `using`. */
  [Symbol.dispose](): void;
}

/** A lifetime for user data (ProFTPD's memory pools). */
export interface Pool {
  /** The tag given at creation (or a generated one). */
  readonly tag: string;
  /** True once destroyed (by `destroy`, its parent's destruction, or a restart). */
  readonly destroyed: boolean;
  /** Returns a handle to `value` that goes stale when this pool is destroyed. */
  hold<T>(value: T): UserData<T>;
  /** A sub-pool, destroyed with this one. */
  createPool(tag?: string): Pool;
  /** Ends this pool, its sub-pools and every handle they gave out. */
  destroy(): void;
}

/** A generation-counted handle to user data. */
export interface UserData<T> {
  /** True once the pool that gave it out was destroyed; forever after. */
  readonly stale: boolean;
  /** The held value; `ESTALE` when stale. */
  readonly value: T;
}

/** A pre-interned event name: `generate` and `listening` without the name lookup. */
export interface EventRef<D = unknown> {
  readonly name: string;
  generate(eventData?: D): void;
  listening(): number;
}
