// A reference model of §14's generateAsync and on(), and the driver that
// runs one scenario against the model or the real bus and records what it saw.
//
// Listeners follow scripts: actions (register, unregister, start a
// generateAsync, throw) before and after an optional await of a gate that
// only the driver opens. After each step the driver waits until every
// microtask has run (a macrotask turn), so one step resumes exactly one chain
// of calls and the transcript does not depend on how many microtasks an
// implementation spends between two listeners; only the order of the rules.

export type AsyncEvent = "x" | "y";
/** What a registration is for: an event, or the pattern `*` (§13), which matches both. */
export type AsyncTarget = AsyncEvent | "*";

export type Action =
  | { kind: "add"; listener: number; module: number /* -1: the core */; event: AsyncTarget }
  | { kind: "remove"; listener: number; event: AsyncTarget }
  | { kind: "start"; event: AsyncEvent };

/** What listener k does when called. */
interface Script {
  before: Action[];
  /** Await a gate (the listener returns a promise), then run `after`. */
  awaits: boolean;
  after: Action[];
  /** Throw (or reject, if it awaits) at the end. */
  fails: boolean;
}

type Step = { kind: "start"; event: AsyncEvent } | { kind: "open"; pick: number };

export interface AsyncScenario {
  scripts: Script[];
  initial: { listener: number; module: number; event: AsyncTarget }[];
  steps: Step[];
}

/** The part of the bus the driver uses; `event` is a name or the bus's pattern object for `*`. */
export interface AsyncBusLike {
  loadModule(name: string): unknown;
  /** A pattern's listener is called with the event's name as third argument (§13); the driver's take it. */
  register(module: unknown, event: unknown, listener: (data: unknown) => unknown): unknown;
  unregister(module: null, event: unknown, listener: Function): number;
  generateAsync(event: string, data?: unknown): Promise<void>;
}

/** The model's stand-in for `pattern("*")`. */
export const MODEL_ANY_ONE_SEGMENT = Object.freeze({ source: "*" });

interface ModelRegistration {
  readonly listener: Function;
  /** An event name, or "*" for the pattern. */
  readonly event: string;
  /** 0: the core; a module's load order + 1. */
  readonly rank: number;
  readonly seq: number;
  live: boolean;
}

/** §5, §6 and §14 written plainly: a list of registrations, the order computed per call. */
export class ModelAsyncBus implements AsyncBusLike {
  readonly #registrations: ModelRegistration[] = [];
  readonly #modules: string[] = [];
  readonly #running = new Map<string, Function[]>();
  #seq = 0;

  loadModule(name: string): unknown {
    this.#modules.push(name);
    return { rank: this.#modules.length };
  }

  register(module: unknown, target: unknown, listener: (data: unknown) => unknown): unknown {
    const event = target === MODEL_ANY_ONE_SEGMENT ? "*" : (target as string);
    if (this.#registrations.some((r) => r.live && r.event === event && r.listener === listener)) {
      throw Object.assign(new Error("duplicate"), { code: "EEXIST" });
    }
    const rank = module === null ? 0 : (module as { rank: number }).rank;
    this.#registrations.push({ listener, event, rank, seq: this.#seq++, live: true });
    return undefined;
  }

  unregister(_module: null, target: unknown, listener: Function): number {
    const event = target === MODEL_ANY_ONE_SEGMENT ? "*" : (target as string);
    let removed = 0;
    for (const r of this.#registrations) {
      if (r.live && r.event === event && r.listener === listener) {
        r.live = false;
        removed++;
      }
    }
    return removed;
  }

  /** §5 with §13: exact and `*` registrations together, modules by load order, last loaded first, each newest first; then the core, oldest first. */
  #ordered(event: string): ModelRegistration[] {
    const live = this.#registrations.filter((r) => r.live && (r.event === event || r.event === "*"));
    const modules = live.filter((r) => r.rank !== 0).sort((a, b) => b.rank - a.rank || b.seq - a.seq);
    return [...modules, ...live.filter((r) => r.rank === 0)];
  }

  async generateAsync(event: string, data?: unknown): Promise<void> {
    const failed: unknown[] = [];
    let running = this.#running.get(event);
    if (running === undefined) this.#running.set(event, (running = []));
    for (const registration of this.#ordered(event)) {
      if (!registration.live) continue; // removed before its turn
      const listener = registration.listener;
      if (running.includes(listener)) continue; // running for this event
      running.push(listener);
      try {
        // §13: a pattern's listener also gets the event's name.
        const result = registration.event === "*"
          ? (listener as (data: unknown, userData: unknown, name: string) => unknown)(data, undefined, event)
          : (listener as (data: unknown) => unknown)(data);
        if (typeof (result as PromiseLike<unknown> | undefined)?.then === "function") await result;
      } catch (error) {
        failed.push(error);
      }
      running.splice(running.indexOf(listener), 1);
    }
    if (failed.length === 1) throw failed[0];
    if (failed.length > 1) throw new AggregateError(failed);
  }
}

/** A macrotask turn: every microtask queued before has run. */
const quiesce = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How many gates the driver opens after the steps, at most (scripts can ping-pong forever). */
const MAX_FINAL_OPENS = 40;

/**
 * How many listener calls one scenario may make. The model never comes near
 * it (at most 2,271 in 50,000 generated scenarios), so neither may a correct
 * bus; a bus that lost the re-entrancy rule can call a listener that starts
 * its own event without end, through promises (no ELOOP), until the process
 * runs out of memory. Past the budget listeners do nothing, the chain dies
 * out, and the run fails with a runaway error instead.
 */
export const MAX_LISTENER_CALLS = 20_000;

/** Thrown by runAsyncScenario when a bus made more than MAX_LISTENER_CALLS listener calls. */
export class RunawayError extends Error {
  constructor(readonly calls: number) {
    super(`runaway: more than ${MAX_LISTENER_CALLS} listener calls`);
  }
}

const outcome = (error: unknown): string =>
  error instanceof AggregateError ? `errors [${error.errors.map(outcome).join(", ")}]`
  : error instanceof Error ? ((error as { code?: string }).code ?? error.message)
  : String(error);

/** Runs `scenario` on a fresh bus; returns the transcript (listener calls, results, and each call's outcome). */
export async function runAsyncScenario(
  bus: AsyncBusLike, scenario: AsyncScenario, anyOneSegment: () => unknown = () => MODEL_ANY_ONE_SEGMENT,
): Promise<string[]> {
  const target = (event: AsyncTarget): unknown => (event === "*" ? anyOneSegment() : event);
  const modules = [bus.loadModule("mod_0"), bus.loadModule("mod_1")];
  const log: string[] = [];
  const gates: { id: number; open: () => void }[] = [];
  const outcomes: string[] = [];
  let nextCall = 0, nextGate = 0, listenerCalls = 0;

  const start = (event: AsyncEvent) => {
    const id = nextCall++;
    log.push(`start #${id} ${event}`);
    bus.generateAsync(event, id).then(
      () => void (outcomes[id] = "ok"),
      (error: unknown) => void (outcomes[id] = outcome(error)),
    );
  };
  const run = (actions: Action[], who: string) => {
    for (const action of actions) {
      if (action.kind === "start") start(action.event);
      else if (action.kind === "remove") {
        log.push(`${who} removes L${action.listener} from ${action.event}: ${bus.unregister(null, target(action.event), listeners[action.listener])}`);
      } else {
        let result = "ok";
        try {
          bus.register(action.module < 0 ? null : modules[action.module], target(action.event), listeners[action.listener]);
        } catch (error) {
          result = outcome(error);
        }
        log.push(`${who} adds L${action.listener} to ${action.event}: ${result}`);
      }
    }
  };
  const listeners = scenario.scripts.map((script, k) => (data: unknown, _userData?: unknown, eventName?: unknown): unknown => {
    if (++listenerCalls > MAX_LISTENER_CALLS) return undefined; // runaway: no more actions, so no more calls
    const who = `L${k} (#${String(data)})`;
    log.push(`${who} called${eventName === undefined ? "" : ` by pattern for ${String(eventName)}`}`);
    run(script.before, who);
    if (!script.awaits) {
      if (script.fails) throw new Error(`${who} threw`);
      return undefined;
    }
    const promise = (async () => {
      await new Promise<void>((open) => {
        const id = nextGate++;
        gates.push({ id, open });
        log.push(`${who} awaits gate ${id}`);
      });
      log.push(`${who} resumes`);
      run(script.after, who);
      if (script.fails) throw new Error(`${who} rejected`);
    })();
    // Handled here too, so a broken bus that drops the promise fails the
    // comparison instead of crashing the process with an unhandled rejection.
    promise.catch(() => {});
    return promise;
  });

  for (const { listener, module, event } of scenario.initial) {
    run([{ kind: "add", listener, module, event }], "setup");
  }
  const open = (pick: number) => {
    const [gate] = gates.splice(pick % gates.length, 1);
    log.push(`open gate ${gate.id}`);
    gate.open();
  };
  for (const step of scenario.steps) {
    if (step.kind === "start") start(step.event);
    else if (gates.length !== 0) open(step.pick);
    await quiesce();
  }
  for (let i = 0; i < MAX_FINAL_OPENS && gates.length !== 0; i++) {
    open(0);
    await quiesce();
  }
  await quiesce();
  if (listenerCalls > MAX_LISTENER_CALLS) throw new RunawayError(listenerCalls);
  return [...log, ...outcomes.map((result, id) => `#${id}: ${result ?? "pending"}`)];
}

// ── on(): the iterator's buffer ─────────────────────────────────────────────

/** Generate `count` events, or take `count` from the iterator (only as many as it has ready). */
export type StreamStep = { kind: "generate"; count: number } | { kind: "take"; count: number };

/**
 * What an iterator with `highWaterMark` shows for `steps` (§14): every event
 * in order below the mark (a `next()` that found nothing waits, and receives
 * the next event directly), EOVERFLOW after what it buffered past it, then done.
 */
export function modelStream(highWaterMark: number, steps: StreamStep[]): string[] {
  const seen: string[] = [], buffered: number[] = [];
  let next = 0, waiting = 0, overflowed = false, ended = false;
  for (const step of steps) {
    if (step.kind === "generate") {
      for (let i = 0; i < step.count; i++, next++) {
        if (overflowed || ended) continue; // no longer registered
        if (waiting !== 0) {
          waiting--;
          seen.push(String(next));
        } else if (buffered.length < highWaterMark) buffered.push(next);
        else overflowed = true;
      }
      continue;
    }
    for (let i = 0; i < step.count; i++) {
      if (ended) seen.push("done");
      else if (buffered.length !== 0) seen.push(String(buffered.shift()));
      else if (overflowed) {
        seen.push("EOVERFLOW");
        ended = true;
      } else {
        waiting++; // this next() waits; the driver takes no more in this step
        break;
      }
    }
  }
  for (; waiting !== 0; waiting--) seen.push("done"); // return() at the end releases the next() calls waiting
  return seen;
}
