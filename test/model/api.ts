// The public API of §4 as structural types, so one command runner can
// drive both the reference model and the real EventBus. Deliberately loose
// (unknown arguments): bad-input commands pass values the real types forbid.

/** What a listener looks like to the runner; a pattern's listener also gets the event's name (§13). */
export type AnyListener = (eventData: unknown, userData: unknown, eventName?: unknown) => void;

/** `ListenerInfo` (§4), as handed to `onError` and `onStale`. */
export interface InfoLike {
  readonly event: string;
  readonly module: string | null;
  readonly listener: Function;
}

/** `EventBusOptions` (§4). */
export interface OptionsLike {
  onError?: (error: unknown, info: InfoLike) => void;
  onStale?: (info: InfoLike & { pool: string }) => void;
  maxDepth?: number;
}

export interface ModuleLike {
  readonly name: string;
  readonly loadOrder: number;
  unload(): number;
}

export interface RegistrationLike {
  readonly active: boolean;
  unregister(): boolean;
  [Symbol.dispose](): void;
}

export interface UserDataLike {
  readonly stale: boolean;
  readonly value: unknown;
}

export interface PoolLike {
  readonly tag: string;
  readonly destroyed: boolean;
  hold(value: unknown): UserDataLike;
  createPool(tag?: unknown): PoolLike;
  destroy(): void;
}

export interface EventRefLike {
  readonly name: string;
  generate(eventData?: unknown): void;
  listening(): number;
}

/** An event bus as seen from outside: the real one or the model. */
export interface BusLike {
  loadModule(name: unknown): ModuleLike;
  register(module: unknown, event: unknown, listener: unknown, ...rest: unknown[]): RegistrationLike;
  unregister(...filters: unknown[]): number;
  generate(event: unknown, ...eventData: unknown[]): void;
  listening(event: unknown): number;
  dump(write?: unknown): string[];
  event(name: unknown): EventRefLike;
  restart(): void;
  readonly permanentPool: PoolLike;
  createPool(tag?: unknown): PoolLike;
  readonly generation: number;
}

/** How to make buses of one implementation, and recognise its errors. */
export interface Implementation {
  readonly name: string;
  create(options: OptionsLike): BusLike;
  /** `pattern(source)` of this implementation (§13): a pattern object, or EINVAL. */
  pattern(source: unknown): unknown;
  /** True for this implementation's `EventsError` (checked by class, not by shape). */
  isEventsError(error: unknown): error is Error & { code: string };
}
