// The adapter interface: what an event emitter must offer to enter the race.
// A scenario is written once against `Table`; each contender turns it into its
// own emitter calls. To add your own emitter, copy one file of contenders/ and
// list it in contenders/index.ts (bench/README.md walks through it).

/** A listener as peers register it: one argument, the event data. */
export type BenchListener = (data: unknown) => void;

/** The same body written for an emitter that passes user data as a second argument (wasm-events). */
export type UserDataListener = (data: unknown, userData: any) => void;

/** One listener of a table. */
export interface ListenerSpec {
  /**
   * What a user of a peer emitter registers: if the listener has user data,
   * this is a closure capturing it (what you would write without user data).
   */
  readonly fn: BenchListener;
  /**
   * Present when the listener has user data: the body taking it as its
   * second argument, and the value to hold. Emitters with user data register
   * this instead of `fn`; the others ignore it.
   */
  readonly withUserData?: { readonly fn: UserDataListener; readonly value: object };
}

/** What a scenario asks every contender to register, before anything is timed. */
export interface Table {
  /** Event names; a scenario refers to an event by its index here. */
  readonly events: readonly string[];
  /** `listeners[e]` are registered for `events[e]`, in this order. */
  readonly listeners: readonly (readonly ListenerSpec[])[];
}

/** A contender's emitter with a table registered. */
export interface Prepared {
  /**
   * Generates `events[order[i]]` with `data` for every i: the timed inner loop.
   * Each adapter writes its own loop so that its call sites see only its own
   * emitter (a loop shared by every contender would go megamorphic and charge
   * everyone a few nanoseconds per generate that no real caller pays).
   */
  generateAll(order: Int32Array, data: unknown): void;
  /** Registers one more listener for event `event`; returns a function that removes it. */
  add(event: number, fn: BenchListener): () => void;
  /** `times` times: register `fn` for event `event`, then remove it (the churn scenario's timed loop). */
  churn?(event: number, fn: BenchListener, times: number): void;
  /** Bytes of Wasm linear memory the emitter says it holds, if it has any (the memory scenario reports it). */
  wasmMemoryBytes?(): number;
}

/** Where a contender stands in the ratios. */
export type ContenderKind =
  /** wasm-events itself, through one of its paths. */
  | "wasm-events"
  /** Another event emitter: "÷ fastest peer" is the lowest ratio to one of these. */
  | "peer"
  /** `direct`: no dispatcher at all, the physical limit. */
  | "limit";

/** An emitter in the race. */
export interface Contender {
  /** Unique, as used by `--contender` and shown in the tables. */
  readonly name: string;
  readonly kind: ContenderKind;
  /** One line for the README's contender list. */
  readonly description: string;
  /** A fresh emitter with `table` registered. */
  prepare(table: Table): Prepared;
}
