// EventsError and one factory per situation (§8): uniform, greppable
// messages naming the event, module and argument involved.

/**
 * The kinds of {@link EventsError}: `EINVAL` a bad argument, `EEXIST` a
 * duplicate listener or module name, `ESTALE` a stale handle or destroyed
 * pool, `ELOOP` generates nested deeper than `maxDepth`, `EOVERFLOW` an
 * event iterator (`bus.on`) past its `highWaterMark`.
 *
 * @example
 * const retryable = (code: EventsErrorCode) => code === "ELOOP";
 */
export type EventsErrorCode = "EINVAL" | "EEXIST" | "ESTALE" | "ELOOP" | "EOVERFLOW";

/**
 * Every error the bus throws for a bad call; `code` says which kind. The
 * message names the event, module and argument involved. A call that throws
 * `EINVAL`, `EEXIST` or `ESTALE` changed nothing.
 *
 * @example
 * try {
 *   bus.register(null, "e", listener);
 * } catch (error) {
 *   if (error instanceof EventsError && error.code === "EEXIST") console.log("already registered");
 *   else throw error;
 * }
 */
export class EventsError extends Error {
  /**
   * Always `"EventsError"`.
   *
   * @example
   * String(error); // "EventsError: register: ..."
   */
  override name = "EventsError";
  /**
   * `EINVAL`, `EEXIST`, `ESTALE`, `ELOOP` or `EOVERFLOW`.
   *
   * @example
   * if (error instanceof EventsError && error.code === "ESTALE") reRegister();
   */
  readonly code: EventsErrorCode;
  /**
   * @param code - The kind of error.
   * @param message - A sentence naming what was wrong.
   * @example
   * throw new EventsError("EINVAL", "register: the listener must be a function");
   */
  constructor(code: EventsErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** A short, safe description of a received value; never throws. */
export function describe(value: unknown): string {
  try {
    if (value === null) return "null";
    if (value === undefined) return "undefined";
    if (typeof value === "string") return value.length > 40 ? `a string '${value.slice(0, 37)}...'` : `'${value}'`;
    if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
    if (typeof value === "object") {
      const ctor = (value as { constructor?: { name?: unknown } }).constructor;
      return typeof ctor?.name === "string" && ctor.name !== "Object" ? `an instance of ${ctor.name}` : "an object";
    }
    return `${typeof value} ${String(value)}`;
  } catch {
    return "an unprintable value";
  }
}

const who = (module: string | null) => (module === null ? "the core" : `module '${module}'`);

export const invalidEventName = (method: string, received: unknown) =>
  new EventsError("EINVAL", `${method}: the event name must be a non-empty string, received ${describe(received)}`);

export const invalidListener = (method: string, event: string, received: unknown) =>
  new EventsError("EINVAL", `${method}: the listener for '${event}' must be a function, received ${describe(received)}`);

export const invalidListenerFilter = (received: unknown) =>
  new EventsError("EINVAL", `unregister: the listener filter must be a function, null or undefined, received ${describe(received)}`);

export const invalidEventFilter = (received: unknown) =>
  new EventsError("EINVAL", `unregister: the event filter must be a non-empty string, a pattern from pattern(), null or undefined, received ${describe(received)}`);

/** `received` is the value, or (for a Module) a description naming it. */
export const invalidModule = (method: string, event: string | undefined, received: unknown, why: string) =>
  new EventsError(
    "EINVAL",
    `${method}${event === undefined ? "" : ` '${event}'`}: the module must be ${why}, received ` +
      (typeof received === "string" && received.startsWith("module '") ? received : describe(received)),
  );

export const invalidModuleName = (received: unknown) =>
  new EventsError("EINVAL", `loadModule: the module name must be a non-empty string, received ${describe(received)}`);

export const moduleAlreadyLoaded = (name: string) =>
  new EventsError("EEXIST", `loadModule: module '${name}' is already loaded; unload it before loading it again`);

export const duplicateListener = (event: string, module: string | null, listener: Function, holder: string | null) =>
  new EventsError(
    "EEXIST",
    `register '${event}' by ${who(module)}: ${describe(listener)} is already registered for '${event}'` +
      ` by ${who(holder)}; a listener can be registered once per event`,
  );

export const foreignHandle = (event: string, module: string | null) =>
  new EventsError("EINVAL", `register '${event}' by ${who(module)}: the user data handle belongs to another bus`);

export const staleHandle = (event: string, module: string | null, pool: string) =>
  new EventsError(
    "ESTALE",
    `register '${event}' by ${who(module)}: the user data handle is stale (pool '${pool}' was destroyed); hold the data in a live pool`,
  );

export const invalidOption = (method: string, option: string, expected: string, received: unknown) =>
  new EventsError("EINVAL", `${method}: option '${option}' must be ${expected}, received ${describe(received)}`);

export const staleValue = (pool: string) =>
  new EventsError("ESTALE", `UserData.value: the handle is stale (pool '${pool}' was destroyed)`);

export const destroyedPool = (method: string, pool: string) =>
  new EventsError("ESTALE", `${method}: pool '${pool}' was destroyed`);

export const invalidPoolTag = (received: unknown) =>
  new EventsError("EINVAL", `createPool: the tag must be a string when given, received ${describe(received)}`);

export const permanentPoolDestroy = () =>
  new EventsError("EINVAL", "destroy: the permanent pool lives as long as the bus and cannot be destroyed");

export const invalidWrite = (received: unknown) =>
  new EventsError("EINVAL", `dump: 'write' must be a function when given, received ${describe(received)}`);

export const tooDeep = (event: string, maxDepth: number) =>
  new EventsError(
    "ELOOP",
    `generate '${event}': nested generates would exceed maxDepth ${maxDepth}; a listener probably generates the event that calls it`,
  );

export const overflow = (event: string, highWaterMark: number) =>
  new EventsError(
    "EOVERFLOW",
    `on '${event}': more than highWaterMark ${highWaterMark} events arrived while the consumer was busy; ` +
      "the iterator stopped listening at the first one it could not buffer",
  );

/**
 * What an abort rejects with (§14), shaped as Node's own: name `AbortError`,
 * code `ABORT_ERR`, the signal's reason as `cause`.
 */
export class AbortError extends Error {
  override name = "AbortError";
  readonly code = "ABORT_ERR";
  constructor(method: string, event: string, reason: unknown) {
    super(`${method} '${event}': the operation was aborted`, { cause: reason });
  }
}

export const invalidPattern = (received: unknown, why: string) =>
  new EventsError("EINVAL", `pattern: ${describe(received)} is not a valid pattern: ${why}`);

export const foreignPattern = (method: string, received: unknown) =>
  new EventsError(
    "EINVAL",
    `${method}: ${describe(received)} is not a pattern made by pattern(); event names are plain strings, patterns come from pattern("a.*")`,
  );

export const duplicatePatternListener = (source: string, module: string | null, listener: Function, holder: string | null) =>
  new EventsError(
    "EEXIST",
    `register pattern '${source}' by ${who(module)}: ${describe(listener)} is already registered for pattern '${source}'` +
      ` by ${who(holder)}; a listener can be registered once per pattern`,
  );
