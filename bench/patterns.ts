// What pattern registrations (§13) cost the names they do not match, in one
// process, as ratios of paired rounds (issue 18):
//   (a) generate on a name with 1 and 5 listeners, with 1,000 pattern
//       registrations present (none matching it; some matching other
//       families, whose names are interned too) against a bus with none;
//   (b) the first generate of a name never seen before (interning it: the
//       bus matches it against every pattern once) with 1,000 patterns
//       against none, and against the one pattern that matters, for names no
//       pattern matches and for names one of the 1,000 matches
//       (`user.*.login`): 1,000 / 1 is what the other 999 cost.
//   node --import tsx bench/patterns.ts [rounds]
// Every contender gets call sites of its own (fresh.ts), contenders alternate
// within a round and swap places every round; a ratio is the median over
// rounds of the two rates' ratio in the same round (bench/README.md).
import { EventBus, pattern } from "wasm-events";
import { freshGenerateLoop } from "./fresh.js";

const ROUNDS = Number(process.argv[2] ?? 15);
const PATTERNS = 1_000;
/** Generates per timed loop in (a): tens of microseconds at least, so the timer's cost stays out. */
const LOOP = 2_000;
/** Loops per round and contender in (a): 2 million generates, tens of milliseconds, so a preemption or a GC is one round's outlier, not the median. */
const LOOPS = 1_000;
/** Unique names interned per round and contender in (b). */
const FRESH_NAMES = 20_000;

let sink = 0;
const counter = () => () => void sink++;

/**
 * 1,000 pattern registrations that never match `measured` (`core.session-open`):
 * 100 in its own family but one segment longer (`core.*.p<k>`), 450 `fam<k>.*`
 * and 450 `fam<k>.**` of other families, each with a name of its family
 * generated once so the patterns hold real matches. The last one is
 * `user.*.login`, which (b)'s matched names hit.
 */
function addPatterns(bus: EventBus): void {
  const mod = bus.loadModule("mod_patterns");
  for (let k = 0; k < PATTERNS - 1; k++) {
    const text = k < 100 ? `core.*.p${k}` : k % 2 === 0 ? `fam${k}.*` : `fam${k}.**`;
    bus.register(mod, pattern(text), counter());
    if (k >= 100) bus.generate(`fam${k}.x`, 0);
  }
  bus.register(mod, pattern("user.*.login"), counter());
}

const MEASURED = "core.session-open";

/** A bus with `listeners` core listeners on MEASURED, with or without the 1,000 patterns. */
function generateBus(listeners: number, withPatterns: boolean): { bus: EventBus; calls: () => number } {
  const bus = new EventBus();
  if (withPatterns) addPatterns(bus);
  let calls = 0;
  for (let k = 0; k < listeners; k++) bus.register(null, MEASURED, () => void calls++);
  return { bus, calls: () => calls };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (x: number) => x.toFixed(2);

function timeLoops(run: () => void, loops: number): number {
  const started = performance.now();
  for (let i = 0; i < loops; i++) run();
  return performance.now() - started;
}

/** Runs every contender once per round for ROUNDS rounds, the order rotating each round; per-contender times. */
function rounds(contenders: readonly (() => number)[]): number[][] {
  const times = contenders.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = (round + k) % contenders.length;
      times[c].push(contenders[c]());
    }
  }
  return times;
}

/** The median of per-round ratios a/b (times, so above 1 means `a` is slower). */
const pairedRatio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]));

function benchGenerate(listeners: number): void {
  const contenders = [false, true].map((withPatterns) => {
    const { bus, calls } = generateBus(listeners, withPatterns);
    const loop = freshGenerateLoop({ bus, name: MEASURED }, "bus.generate(name, data)");
    const order = new Int32Array(LOOP);
    const before = calls();
    bus.generate(MEASURED, 1);
    if (calls() - before !== listeners) throw new Error(`check failed: ${calls() - before} calls, expected ${listeners}`);
    return { bus, run: () => loop(order, 1) };
  });
  const [none, many] = contenders;
  const patternCalls = sink;
  for (let warm = 0; warm < 3; warm++) for (const c of contenders) timeLoops(c.run, LOOPS); // both optimised first
  if (sink !== patternCalls) throw new Error("check failed: a pattern listener was called for a name it does not match");
  const [withMany, withNone] = rounds([() => timeLoops(many.run, LOOPS), () => timeLoops(none.run, LOOPS)]);
  const ns = (t: number[]) => (median(t) * 1e6) / (LOOPS * LOOP);
  console.log(
    `generate, ${listeners} listener${listeners === 1 ? " " : "s"}: 1,000 patterns / none = ${fmt(pairedRatio(withMany, withNone))}x` +
      `  (${fmt(ns(withMany))} vs ${fmt(ns(withNone))} ns per generate, medians)`,
  );
}

/** Times the first generate of FRESH_NAMES names never seen by `bus` (one listener-less intern each). */
let batch = 0;
type Patterns = "none" | "one" | "all";
function internRound(patterns: Patterns, matched: boolean): number {
  const bus = new EventBus();
  if (patterns === "all") addPatterns(bus);
  else if (patterns === "one") bus.register(bus.loadModule("mod_patterns"), pattern("user.*.login"), counter());
  const b = batch++; // never the same name twice in the process, whatever the bus
  const names = Array.from({ length: FRESH_NAMES }, (_, i) => (matched ? `user.b${b}n${i}.login` : `order.b${b}n${i}.placed`));
  const loop = freshGenerateLoop({ bus, names }, "bus.generate(names[i], data)");
  const order = new Int32Array(FRESH_NAMES);
  const before = sink;
  const started = performance.now();
  loop(order, 1);
  const elapsed = performance.now() - started;
  const expected = patterns !== "none" && matched ? FRESH_NAMES : 0;
  if (sink - before !== expected) throw new Error(`check failed: ${sink - before} pattern calls, expected ${expected}`);
  return elapsed;
}

function benchIntern(matched: boolean): void {
  const kinds: Patterns[] = ["all", "one", "none"];
  for (let warm = 0; warm < 2; warm++) for (const kind of kinds) internRound(kind, matched);
  const [all, one, none] = rounds(kinds.map((kind) => () => internRound(kind, matched)));
  const ns = (t: number[]) => (median(t) * 1e6) / FRESH_NAMES;
  const what = matched ? "names matched by 1 of them" : "names no pattern matches";
  console.log(
    `first generate (interning), ${what}: 1,000 patterns / none = ${fmt(pairedRatio(all, none))}x, ` +
      `1,000 / 1 pattern = ${fmt(pairedRatio(all, one))}x  (${fmt(ns(all))}, ${fmt(ns(one))}, ${fmt(ns(none))} ns per new name, medians)`,
  );
}

console.log(`pattern registrations, ${ROUNDS} rounds; Node ${process.versions.node}`);
benchGenerate(1);
benchGenerate(5);
benchIntern(false);
benchIntern(true);
if (sink < 0) console.log(""); // keeps the listeners' work observable
