// The full run's condition in a small process, for profiling (issue 16):
// every scenario is prepared, checked and run for every contender first, so
// that the library's call sites have seen every event shape, as in run.ts
// (V8's feedback for `emit` is shared by every emitter of the process). Then
// the chosen scenarios are timed, ours against node:events, interleaved round
// by round, and the median of the per-round ratios printed.
//   node --no-compilation-cache --import tsx bench/emitter/side-by-side.ts [scenario,...] [--alone]
//   node --no-compilation-cache --import tsx bench/emitter/side-by-side.ts SCENARIO --only CONTENDER [--reps N]
//   node --no-compilation-cache --import tsx bench/emitter/side-by-side.ts [scenario,...] --vs tseep
// --vs times ours against another contender than node:events (tseep for the 5- and 20-listener targets).
// --alone prepares and warms the chosen scenarios only (feedback of those alone).
// --only runs one contender's loop N times (2,000 iterations each) after the
// warm-up, for a profiler (perf record, --prof, --cpu-prof, callgrind).
// --warm N runs every loop N times (2,000 iterations each) in the warm-up
// (default 150); callgrind takes minutes over the default, --warm 15 a tenth.
import { parseArgs } from "node:util";
import { EMITTER_CONTENDERS } from "./contenders/index.js";
import { EMITTER_SCENARIOS } from "./scenarios.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { alone: { type: "boolean" }, only: { type: "string" }, vs: { type: "string" }, reps: { type: "string" }, warm: { type: "string" } },
});
const wanted = (positionals[0] ?? "emit-1l-1a,emit-5l-1a,churn-10,many-names").split(",");
const scenarios = EMITTER_SCENARIOS.filter((s) => !values.alone || wanted.includes(s.name));
const names = EMITTER_CONTENDERS.map((c) => c.name);

// Every contender is prepared and warmed (the eval-free one shares our class).
const loops = new Map<string, ((times: number) => void)[]>();
for (const s of scenarios) {
  loops.set(s.name, EMITTER_CONTENDERS.map((c) => {
    const p = s.prepare(c);
    p.check();
    return p.loop;
  }));
}
const warmCalls = Number(values.warm ?? 150), warmRounds = 3;
for (let warm = 0; warm < warmRounds; warm++) {
  for (const [, ls] of loops) for (const loop of ls) for (let k = 0; k < warmCalls / warmRounds; k++) loop(2000);
}
await new Promise((resolve) => setImmediate(resolve));

const rateOf = (loop: (times: number) => void, reps: number, times: number) => {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) loop(times);
  return (reps * times) / ((performance.now() - t0) / 1000);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const missing = (name: string) => new Error(`no such ${loops.has(name) ? "contender" : "scenario"}: ${name}`);

if (values.only !== undefined) {
  const c = names.indexOf(values.only);
  const loop = loops.get(wanted[0])?.[c];
  if (loop === undefined) throw missing(c < 0 ? values.only : wanted[0]);
  const rate = rateOf(loop, Number(values.reps ?? 10_000), 2000);
  console.log(`${values.only} ${wanted[0]}: ${(rate / 1e6).toFixed(1)} M/s`);
} else {
  const peer = values.vs ?? "node:events";
  const timed = [names.indexOf("wasm-events"), names.indexOf(peer)];
  if (timed[1] < 0) throw new Error(`no such contender: ${peer}`);
  for (const name of wanted) {
    const scenario = scenarios.find((x) => x.name === name);
    if (scenario === undefined) throw missing(name);
    const pair = timed.map((c) => loops.get(name)![c]);
    const rates: number[][] = [[], []];
    for (let round = 0; round < 9; round++) {
      for (const [k, loop] of pair.entries()) rates[k].push(rateOf(loop, 100, scenario.times));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const ratio = median(rates[0].map((r, i) => r / rates[1][i]));
    const m = (k: number) => (median(rates[k]) / 1e6).toFixed(1);
    console.log(`${name.padEnd(12)} ours ${m(0)} M  ${peer} ${m(1)} M  ratio ${ratio.toFixed(2)}`);
  }
}
