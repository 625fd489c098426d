// The emitter scenarios (issues 9 and 16): emit with 0-3 arguments to 1, 5
// and 20 listeners; on+off churn beside 1 and 10 listeners; once+emit; emit
// over many names; new EventEmitter() + first on. Each
// builds, per contender, a loop and the check that it does what it says.
import type { Argc, BenchListener, EmitterContender } from "./contender.js";

interface EmitterScenario {
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

function churnScenario(name: string, others: number): EmitterScenario {
  return {
    name,
    title: `on + off of one listener, on an event that has ${others === 1 ? "one" : others}`,
    times: 2000,
    prepare(contender) {
      const { hits, listeners } = counters(1);
      const loop = contender.churnLoop(listeners[0], others);
      return { loop, check: () => { loop(3); expectHits(hits, 0, `${contender.name} ${name}`); } };
    },
  };
}

/** 10,000 event names; the loop emits 256 of them (spread over the store) in turn. */
const NAMES = Array.from({ length: 10_000 }, (_, k) => `event-${k}`);
const HOT = Array.from({ length: 256 }, (_, k) => NAMES[(k * 39) % NAMES.length]);

export const EMITTER_SCENARIOS: readonly EmitterScenario[] = [
  ...[1, 5, 20].flatMap((n) => ([0, 1, 2, 3] as const).map((argc) => emitScenario(n, argc))),
  churnScenario("churn", 1),
  churnScenario("churn-10", 10),
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
    name: "many-names",
    title: "emit round-robin over 256 of 10,000 names, one listener each",
    times: 2000,
    prepare(contender) {
      const { hits, listeners } = counters(1);
      const loop = contender.namesLoop(listeners[0], NAMES, HOT);
      return { loop, check: () => { hits.fill(0); loop(HOT.length); expectHits(hits, HOT.length, `${contender.name} many-names`); } };
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
