// The reference model of the contract (docs/, with README.md's semantics decisions): the
// whole public API in plain TypeScript, written to be obviously right rather
// than fast. Registrations are one array scanned linearly; the dispatch order
// is computed by sorting on every generate; nothing is cached.

import type { InfoLike, OptionsLike } from "./api.js";
import { fail, isNonEmptyString, ModelEventsError, throwCollected } from "./model-errors.js";
import { ModelPattern, patternMatches } from "./model-pattern.js";
import { ModelPool, ModelUserData, type PoolOwner } from "./model-pool.js";

export { ModelEventsError };

interface Reg {
  /** Registration order over the whole bus: later registrations have larger seq. */
  readonly seq: number;
  /** The event name, or the pattern's source for a pattern registration. */
  readonly event: string;
  /** §13: the pattern of a pattern registration, null for a name. */
  readonly pattern: ModelPattern | null;
  readonly module: ModelModule | null;
  readonly listener: Function;
  /** The handle when registered with one (its staleness decides §7), else undefined. */
  readonly handle: ModelUserData | undefined;
  /** What the listener receives as its second argument. */
  readonly userData: unknown;
  readonly once: boolean;
  removed: boolean;
}

const isStale = (reg: Reg) => reg.handle !== undefined && reg.handle.stale;
/** §13: a name registration is for its own event; a pattern's, for every name it matches, asked afresh. */
const covers = (reg: Reg, event: string) => (reg.pattern === null ? reg.event === event : patternMatches(reg.pattern, event));
/** Is `reg` registered for exactly this target: the same name, or a pattern with the same source? */
const sameTarget = (reg: Reg, event: string, pattern: ModelPattern | null) =>
  reg.event === event && (reg.pattern === null) === (pattern === null);
const moduleName = (reg: Reg) => (reg.module === null ? null : reg.module.name);

/** §5: modules loaded last first, within a module last registered first, then the core in order. */
function dispatchOrder(a: Reg, b: Reg): number {
  if (a.module !== null && b.module !== null) return b.module.loadOrder - a.module.loadOrder || b.seq - a.seq;
  if (a.module !== null) return -1;
  if (b.module !== null) return 1;
  return a.seq - b.seq;
}

class ModelModule {
  loaded = true;
  /** While its core.module-unload runs; a nested unload() then does nothing (as a second one). */
  unloading = false;
  constructor(
    readonly bus: ModelBus,
    readonly name: string,
    readonly loadOrder: number,
  ) {}

  unload(): number {
    return this.bus.unloadModule(this);
  }
}

class ModelRegistration {
  constructor(
    readonly bus: ModelBus,
    readonly reg: Reg,
  ) {}

  get active(): boolean {
    return !this.reg.removed && !isStale(this.reg);
  }

  /** README 9: true iff it removed an active registration; a stale one goes silently. */
  unregister(): boolean {
    if (this.reg.removed) return false;
    const wasActive = !isStale(this.reg);
    this.bus.removeReg(this.reg);
    return wasActive;
  }

  [Symbol.dispose](): void {
    this.unregister();
  }
}

class ModelEventRef {
  constructor(
    readonly bus: ModelBus,
    readonly name: string,
  ) {}

  generate(eventData?: unknown): void {
    this.bus.generate(this.name, eventData);
  }

  listening(): number {
    return this.bus.listening(this.name);
  }
}

export class ModelBus implements PoolOwner {
  #regs: Reg[] = [];
  #seq = 0;
  /** Events and patterns (§13) that ever had a registration, in the order first registered (§10). */
  #everRegistered: { event: string; isPattern: boolean }[] = [];
  #modules: ModelModule[] = [];
  #nextLoadOrder = 0;
  #pools: ModelPool[] = [];
  #poolsCreated = 0;
  #generation = 0;
  /** The listeners running right now, with the event each runs for (§6 re-entrancy). */
  #running: { event: string; listener: Function }[] = [];
  #depth = 0;
  readonly #maxDepth: number;
  readonly #onError: OptionsLike["onError"];
  readonly #onStale: NonNullable<OptionsLike["onStale"]>;
  readonly permanentPool: ModelPool;

  constructor(options: OptionsLike = {}) {
    const { maxDepth = 64, onError, onStale } = options;
    if (!Number.isInteger(maxDepth) || maxDepth < 1) fail("EINVAL", "maxDepth must be an integer of at least 1");
    if (onError !== undefined && typeof onError !== "function") fail("EINVAL", "onError must be a function");
    if (onStale !== undefined && typeof onStale !== "function") fail("EINVAL", "onStale must be a function");
    this.#maxDepth = maxDepth;
    this.#onError = onError;
    this.#onStale = onStale ?? defaultOnStale;
    this.permanentPool = new ModelPool(this, "permanent", true, false);
  }

  get generation(): number {
    return this.#generation;
  }

  nextPoolTag(): string {
    return `pool-${++this.#poolsCreated}`;
  }

  // ── Modules ──

  loadModule(name: unknown): ModelModule {
    if (!isNonEmptyString(name)) return fail("EINVAL", "loadModule: the name must be a non-empty string");
    if (this.#modules.some((m) => m.loaded && m.name === name)) fail("EEXIST", `module '${name}' is already loaded`);
    const module = new ModelModule(this, name, this.#nextLoadOrder++);
    this.#modules.push(module);
    return module;
  }

  /** §4: generate core.module-unload while still loaded (README 6), then remove its listeners. */
  unloadModule(module: ModelModule): number {
    if (!module.loaded || module.unloading) return 0;
    module.unloading = true;
    const errors = this.#dispatchCollecting("core.module-unload", module.name);
    let removed = 0;
    for (const reg of this.#regs.filter((r) => r.module === module)) {
      if (!isStale(reg)) removed++;
      this.removeReg(reg);
    }
    module.loaded = false;
    throwCollected(errors, `unload of '${module.name}'`);
    return removed;
  }

  #isLoadedModule(module: unknown): module is ModelModule {
    return module instanceof ModelModule && module.bus === this && module.loaded;
  }

  // ── Registration ──

  register(module: unknown, event: unknown, listener: unknown, userData?: unknown, options?: unknown): ModelRegistration {
    // README 8: module, event name, listener, user data, options; then abort; then duplicates.
    if (module !== null && !this.#isLoadedModule(module)) fail("EINVAL", "register: bad module");
    const pattern = event instanceof ModelPattern ? event : null;
    if (pattern !== null) event = pattern.source;
    if (!isNonEmptyString(event)) return fail("EINVAL", "register: bad event name");
    if (typeof listener !== "function") return fail("EINVAL", "register: bad listener");
    let handle: ModelUserData | undefined;
    if (userData instanceof ModelUserData) {
      if (userData.pool.owner !== this) fail("EINVAL", "register: foreign handle");
      if (userData.stale) fail("ESTALE", "register: stale handle");
      handle = userData;
    }
    const { once, signal } = readOptions(options);
    const reg: Reg = {
      seq: this.#seq++,
      event,
      pattern,
      module: module as ModelModule | null,
      listener,
      handle,
      userData: handle === undefined ? userData : handle.held,
      once,
      removed: false,
    };
    const registration = new ModelRegistration(this, reg);
    if (signal?.aborted) {
      reg.removed = true;
      return registration;
    }
    const existing = this.#regs.find((r) => sameTarget(r, event, pattern) && r.listener === listener);
    if (existing !== undefined) {
      if (!isStale(existing)) fail("EEXIST", `register: listener already registered for '${event}'`);
      this.removeReg(existing); // §7: silent replacement of a stale registration
    }
    this.#regs.push(reg);
    if (!this.#everRegistered.some((e) => e.event === event && e.isPattern === (pattern !== null))) {
      this.#everRegistered.push({ event, isPattern: pattern !== null });
    }
    signal?.addEventListener("abort", () => this.removeReg(reg), { once: true });
    return registration;
  }

  removeReg(reg: Reg): void {
    if (reg.removed) return;
    reg.removed = true;
    this.#regs.splice(this.#regs.indexOf(reg), 1);
  }

  unregister(module?: unknown, event?: unknown, listener?: unknown): number {
    if (module !== undefined && module !== null && !this.#isLoadedModule(module)) fail("EINVAL", "unregister: bad module");
    const pattern = event instanceof ModelPattern ? event : null;
    if (pattern !== null) event = pattern.source;
    if (event !== undefined && event !== null && !isNonEmptyString(event)) fail("EINVAL", "unregister: bad event");
    if (listener !== undefined && listener !== null && typeof listener !== "function") fail("EINVAL", "unregister: bad listener");
    const any = (filter: unknown) => filter === undefined || filter === null;
    let removed = 0;
    for (const reg of [...this.#regs]) {
      if (!any(module) && reg.module !== module) continue;
      // §13: a name filter takes that name's registrations, a pattern filter exactly that pattern's.
      if (!any(event) && !sameTarget(reg, event as string, pattern)) continue;
      if (!any(listener) && reg.listener !== listener) continue;
      if (!isStale(reg)) removed++; // README 1: stale ones go silently
      this.removeReg(reg);
    }
    return removed;
  }

  // ── Queries ──

  listening(event: unknown): number {
    if (!isNonEmptyString(event)) return fail("EINVAL", "listening: bad event name");
    return this.#live(event).length;
  }

  event(name: unknown): ModelEventRef {
    if (!isNonEmptyString(name)) return fail("EINVAL", "event: bad event name");
    return new ModelEventRef(this, name);
  }

  dump(write?: unknown): string[] {
    if (write !== undefined && typeof write !== "function") fail("EINVAL", "dump: write must be a function");
    const lines: string[] = [];
    if (this.#everRegistered.length === 0) lines.push("No events registered");
    const section = (title: string, live: Reg[]) => {
      if (live.length === 0) return lines.push(`No handlers registered for ${title}`);
      lines.push(`Registered for ${title}:`);
      for (const reg of live) lines.push(`  ${moduleName(reg) ?? "(core)"}`);
    };
    const unstale = (regs: Reg[]) => regs.filter((reg) => !isStale(reg)).sort(dispatchOrder);
    // §10 with §13: an event lists its registrations by name; a pattern's are listed under the pattern.
    for (const { event, isPattern } of this.#everRegistered) {
      const regs = unstale(this.#regs.filter((r) => r.event === event && (r.pattern !== null) === isPattern));
      section(isPattern ? `pattern '${event}'` : `'${event}'`, regs);
    }
    if (typeof write === "function") for (const line of lines) write(line);
    return lines;
  }

  /** The registrations of `event` that are neither removed nor stale, in dispatch order. */
  #live(event: string): Reg[] {
    return this.#ordered(event).filter((reg) => !isStale(reg));
  }

  /** §13: name and pattern registrations together, each at its module's place (§5). */
  #ordered(event: string): Reg[] {
    return this.#regs.filter((reg) => covers(reg, event)).sort(dispatchOrder);
  }

  // ── Dispatch (§5, §6, §7) ──

  generate(event: unknown, eventData?: unknown): void {
    if (!isNonEmptyString(event)) fail("EINVAL", "generate: bad event name");
    throwCollected(this.#dispatch(event as string, eventData), `generate '${event}'`);
  }

  /** For restart and unload, which finish their work before throwing: even ELOOP waits. */
  #dispatchCollecting(event: string, eventData: unknown): unknown[] {
    try {
      return this.#dispatch(event, eventData);
    } catch (error) {
      return [error];
    }
  }

  /** Runs one dispatch; returns the errors to throw once the caller's work is done. */
  #dispatch(event: string, eventData: unknown): unknown[] {
    // README 3: only a generate with a live registration counts towards the depth.
    const counts = this.#live(event).length > 0;
    if (counts && this.#depth + 1 > this.#maxDepth) fail("ELOOP", `generate '${event}': too deep`);
    // §6: the dispatch is fixed when it starts; later additions wait for the next generate.
    const snapshot = this.#ordered(event);
    const errors: unknown[] = [];
    if (counts) this.#depth++;
    try {
      for (const reg of snapshot) {
        if (reg.removed) continue;
        // §6: a listener never receives an event it is already running for (README 7: by function).
        if (this.#running.some((r) => r.event === event && r.listener === reg.listener)) continue;
        const info: InfoLike = { event, module: moduleName(reg), listener: reg.listener };
        if (isStale(reg)) {
          this.removeReg(reg);
          try {
            this.#onStale({ ...info, pool: reg.handle!.pool.tag });
          } catch (err) {
            errors.push(err);
          }
          continue;
        }
        if (reg.once) this.removeReg(reg);
        this.#running.push({ event, listener: reg.listener });
        let threw = false;
        let thrown: unknown;
        try {
          if (reg.pattern === null) reg.listener.call(undefined, eventData, reg.userData);
          else reg.listener.call(undefined, eventData, reg.userData, event); // §13: and the event's name
        } catch (err) {
          threw = true;
          thrown = err;
        } finally {
          this.#running.pop();
        }
        if (!threw) continue;
        // The listener has finished: onError runs outside its re-entrancy frame.
        if (this.#onError === undefined) errors.push(thrown);
        else {
          try {
            this.#onError(thrown, info);
          } catch (hookErr) {
            errors.push(hookErr);
          }
        }
      }
    } finally {
      if (counts) this.#depth--;
    }
    return errors;
  }

  // ── Pools and restart ──

  createPool(tag?: unknown): ModelPool {
    if (tag !== undefined && typeof tag !== "string") fail("EINVAL", "createPool: the tag must be a string");
    const pool = new ModelPool(this, (tag as string | undefined) ?? this.nextPoolTag(), false, true);
    this.#pools.push(pool);
    return pool;
  }

  /** §7 and README 11: core.restart first, then the pools of before, then the generation. */
  restart(): void {
    const doomed = this.#pools.filter((pool) => !pool.destroyed);
    const errors = this.#dispatchCollecting("core.restart", undefined);
    for (const pool of doomed) pool.destroy();
    this.#generation++;
    throwCollected(errors, "restart");
  }
}

function readOptions(options: unknown): { once: boolean; signal: AbortSignal | undefined } {
  if (options === undefined) return { once: false, signal: undefined };
  if (typeof options !== "object" || options === null) return fail("EINVAL", "register: bad options");
  const { once, signal } = options as { once?: unknown; signal?: unknown };
  if (once !== undefined && typeof once !== "boolean") fail("EINVAL", "register: once must be a boolean");
  if (signal !== undefined && !(signal instanceof AbortSignal)) fail("EINVAL", "register: signal must be an AbortSignal");
  return { once: once === true, signal: signal as AbortSignal | undefined };
}

function defaultOnStale(info: InfoLike & { pool: string }): void {
  const who = info.module === null ? "the core" : `module '${info.module}'`;
  process.emitWarning(`stale user data for '${info.event}' by ${who} (pool '${info.pool}')`, "StaleUserDataWarning");
}
