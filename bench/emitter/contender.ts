// The emitter benchmark's adapter interface (issue 9's scenarios): each
// contender writes its own timed loops in its own file, so that the call
// sites of a loop only ever see that contender's class.

/** A listener of the emit scenarios: bumps its own counter (the sink, and what the check counts). */
export type BenchListener = (...args: unknown[]) => void;

export type Argc = 0 | 1 | 2 | 3;

export interface EmitterContender {
  readonly name: string;
  /** "wasm-events" for ours; the ratios compare against the peers. */
  readonly kind: "wasm-events" | "peer";
  readonly description: string;
  /** An emitter with `listeners` on one event; the loop emits it `times` times with `argc` arguments. */
  emitLoop(listeners: readonly BenchListener[], argc: Argc): (times: number) => void;
  /** An emitter with `others` listeners on 'x'; the loop adds `listener` to 'x' and removes it, `times` times. */
  churnLoop(listener: BenchListener, others: number): (times: number) => void;
  /** The loop registers `listener` with once() and emits, `times` times. */
  onceLoop(listener: BenchListener): (times: number) => void;
  /** The loop makes a new emitter and adds `listener` to it, `times` times. */
  constructLoop(listener: BenchListener): (times: number) => void;
  /** An emitter with `listener` on each of `names`; the loop emits `hot[i % hot.length]` with one argument, `times` times. */
  namesLoop(listener: BenchListener, names: readonly string[], hot: readonly string[]): (times: number) => void;
  /** A new emitter with `listeners` added for `events[i]` (the memory scenario keeps many). */
  make(events: readonly string[], listeners: readonly BenchListener[]): object;
}
