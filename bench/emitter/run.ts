// The emitter benchmark (issues 9 and 16): wasm-events' EventEmitter against tseep,
// eventemitter3 and node:events, every contender of a scenario in one
// tinybench Bench, repeated in rounds (median kept); memory per emitter in a
// child process per contender. Run with `node --no-compilation-cache` so peers
// that compile code are at their best (npm run bench:emitter does).
//   node --no-compilation-cache --import tsx bench/emitter/run.ts [--full] [--out DIR] [--scenario NAME,...]
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Bench } from "tinybench";
import { EMITTER_CONTENDERS } from "./contenders/index.js";
import { EMITTER_SCENARIOS } from "./scenarios.js";

const { values } = parseArgs({
  options: { full: { type: "boolean" }, out: { type: "string" }, scenario: { type: "string" }, "no-memory": { type: "boolean" } },
});
const profile = values.full ? { rounds: 7, time: 300, warmupTime: 100 } : { rounds: 5, time: 60, warmupTime: 20 };
const wanted = values.scenario?.split(",");
const scenarios = EMITTER_SCENARIOS.filter((s) => wanted === undefined || wanted.includes(s.name));
const names = EMITTER_CONTENDERS.map((c) => c.name);

const rates = new Map<string, number[][]>(); // scenario -> per contender, per round
for (const scenario of scenarios) rates.set(scenario.name, names.map(() => []));

// Prepare and check everything first: a wrong contender aborts before timing.
const prepared = scenarios.map((scenario) => EMITTER_CONTENDERS.map((contender) => {
  const p = scenario.prepare(contender);
  p.check();
  return p;
}));

// Between task iterations (untimed) the event loop turns once, as it does between a server's
// requests: FinalizationRegistry cleanups run there. A benchmark that never yields lets V8's
// registry cells pile up (wasm-events registers one per emitter with listeners), which no
// server does; every contender gets the same turn.
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const started = performance.now();
for (let round = 0; round < profile.rounds; round++) {
  for (const [s, scenario] of scenarios.entries()) {
    const bench = new Bench({ time: profile.time, warmupTime: profile.warmupTime, iterations: 8, warmupIterations: 4, throws: true });
    const order = names.map((_, c) => (c + round) % names.length); // rotate who goes first
    for (const c of order) bench.add(names[c], () => void prepared[s][c].loop(scenario.times), { afterEach: turn, async: false });
    await bench.run();
    for (const task of bench.tasks) {
      const c = names.indexOf(task.name), result = task.result;
      if (result.state !== "completed") throw new Error(`${task.name} in ${scenario.name} did not complete (${result.state})`);
      rates.get(scenario.name)![c].push(scenario.times / (result.latency.p50 / 1000));
    }
  }
  process.stderr.write(`round ${round + 1}/${profile.rounds} done\n`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : `${(n / 1e3).toFixed(0)} k`);
const ours = names.indexOf("wasm-events"), tseepAt = names.indexOf("tseep"), nodeAt = names.indexOf("node:events");

let md = `# Emitter benchmark: wasm-events EventEmitter vs peers\n\n`;
md += `${process.version}, ${cpus()[0]?.model ?? "?"} (${cpus().length} cores), ${new Date().toISOString().slice(0, 10)}, ${values.full ? "full" : "quick"} profile.\n`;
md += `Command: \`node --no-compilation-cache --import tsx bench/emitter/run.ts${process.argv.slice(2).length ? " " + process.argv.slice(2).join(" ") : ""}\`\n\n`;
md += `Operations per second (median of ${profile.rounds} rounds; each round times all contenders of a scenario in one tinybench run, with one turn of the event loop between iterations, untimed).\n\n`;
md += `| scenario | ${names.join(" | ")} | vs tseep | vs node:events | target |\n|---|${names.map(() => "---:").join("|")}|---:|---:|---|\n`;
const missed: string[] = [];
for (const scenario of scenarios) {
  const r = rates.get(scenario.name)!.map(median);
  const vsTseep = r[ours] / r[tseepAt], vsNode = r[ours] / r[nodeAt];
  let target: string;
  if (scenario.name.startsWith("emit-") && !scenario.name.startsWith("emit-1l")) {
    // Issue 16: several listeners are where the table wins.
    const ok = vsTseep >= 1 && vsNode >= 3;
    target = `>= 1.0x tseep, >= 3x node: ${ok ? "met" : "missed"}`;
    if (!ok) missed.push(scenario.name);
  } else {
    const ok = vsNode >= 1;
    target = `>= 1.0x node: ${ok ? "met" : "missed"}`;
    if (!ok) missed.push(scenario.name);
  }
  md += `| ${scenario.title} | ${r.map(fmt).join(" | ")} | ${vsTseep.toFixed(2)}x | ${vsNode.toFixed(2)}x | ${target} |\n`;
}
if (!values["no-memory"]) {
  md += `\nBytes per emitter with 2 listeners (JS heap + Wasm table growth; 50,000 emitters kept, shared listener functions; child process per contender with --expose-gc):\n\n`;
  md += `| contender | 2 listeners on one event | 2 events, 1 listener each |\n|---|---:|---:|\n`;
  const memory: Record<string, { oneEvent: { total: number; heap: number; wasm: number }; twoEvents: { total: number; heap: number; wasm: number } }> = {};
  for (const name of names) {
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", join("bench", "emitter", "memory-child.ts"), name], { encoding: "utf8" });
    memory[name] = JSON.parse(out.trim().split("\n").pop()!);
    const m = memory[name];
    const show = (x: { total: number; heap: number; wasm: number }) => `${x.total.toFixed(0)}${x.wasm ? ` (${x.heap.toFixed(0)} JS + ${x.wasm.toFixed(0)} Wasm)` : ""}`;
    md += `| ${name} | ${show(m.oneEvent)} | ${show(m.twoEvents)} |\n`;
  }
  const ratio1 = memory["wasm-events"].oneEvent.total / memory["node:events"].oneEvent.total;
  const ratio2 = memory["wasm-events"].twoEvents.total / memory["node:events"].twoEvents.total;
  md += `\nwasm-events / node:events: ${ratio1.toFixed(2)}x (one event), ${ratio2.toFixed(2)}x (two events); target <= 1.2x for two events of one listener: ${ratio2 <= 1.2 ? "met" : "missed"}.\n`;
  if (ratio2 > 1.2) missed.push("memory");
}
md += `\nTargets missed: ${missed.length === 0 ? "none" : missed.join(", ")}.\n`;
process.stdout.write(md);
process.stderr.write(`done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
if (values.out !== undefined) {
  mkdirSync(values.out, { recursive: true });
  const file = join(values.out, `${new Date().toISOString().slice(0, 10)}-emitter-node${process.versions.node.split(".")[0]}.md`);
  writeFileSync(file, md);
  process.stderr.write(`wrote ${file}\n`);
}
