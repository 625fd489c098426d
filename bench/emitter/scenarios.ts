// Issue 9's emitter scenarios: emit with 0-3 arguments to 1, 5 and 20
// listeners; on+off churn; once+emit; new EventEmitter() + first on. Each
// builds, per contender, a loop and the check that it does what it says.
import type { Argc, BenchListener, EmitterContender } from "./contender.js";

export interface EmitterScenario {
  readonly name: string;
  readonly title: string;
  /** Iterations of the contender's loop per timed task iteration. */
  readonly times: number;
  /** The timed loop for `contender`, and a check run once before timing (throws if wrong). */
  prepare(contender: EmitterContender): { loop: (times: number) => void; check: () => void };
}

function counters(n: number): { hits: Uint32Array; listeners: BenchListener[] } {
  const hits = new Uint32Array(n);
  const listeners = Array.from({ length: n }, (_, k): BenchListener => () => void hits[k]++);
  return { hits, listeners };
}

function expectHits(hits: Uint32Array, expected: number, what: string): void {
  for (let k = 0; k < hits.length; k++) {
    if (hits[k] !== expected) throw new Error(`${what}: listener ${k} ran ${hits[k]} times, expected ${expected}`);
  }
}

function emitScenario(listenerCount: number, argc: Argc): EmitterScenario {
  const name = `emit-${listenerCount}l-${argc}a`;
  return {
    name,
    title: `emit with ${argc} argument${argc === 1 ? "" : "s"} to ${listenerCount} listener${listenerCount === 1 ? "" : "s"}`,
    times: listenerCount === 20 ? 500 : 2000,
    prepare(contender) {
      const { hits, listeners } = counters(listenerCount);
      const loop = contender.emitLoop(listeners, argc);
      return {
        loop,
        check() {
          hits.fill(0);
          loop(1);
          expectHits(hits, 1, `${contender.name} ${name}`);
        },
      };
    },
  };
}

export const EMITTER_SCENARIOS: readonly EmitterScenario[] = [
  ...[1, 5, 20].flatMap((n) => ([0, 1, 2, 3] as const).map((argc) => emitScenario(n, argc))),
  {
    name: "churn",
    title: "on + off of one listener, on an event that has one",
    times: 2000,
    prepare(contender) {
      const { hits, listeners } = counters(1);
      const loop = contender.churnLoop(listeners[0]);
      return { loop, check: () => { loop(3); expectHits(hits, 0, `${contender.name} churn`); } };
    },
  },
  {
    name: "once-emit",
    title: "once + emit",
    times: 2000,
    prepare(contender) {
      const { hits, listeners } = counters(1);
      const loop = contender.onceLoop(listeners[0]);
      return { loop, check: () => { hits.fill(0); loop(3); expectHits(hits, 3, `${contender.name} once-emit`); } };
    },
  },
  {
    name: "construct-on",
    title: "new EventEmitter() + first on",
    times: 2000,
    prepare(contender) {
      const { hits, listeners } = counters(1);
      const loop = contender.constructLoop(listeners[0]);
      return { loop, check: () => { loop(3); expectHits(hits, 0, `${contender.name} construct-on`); } };
    },
  },
];
