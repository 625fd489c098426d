// What each table backend costs (README "Backends"): the same operations on a
// WebAssembly bus and on a JavaScript-backend bus (the wasm2js build), side by
// side in one tinybench run so drift hits both alike, reported as ratios; plus
// the first bus of a fresh process (compilation) and the bytes each backend
// adds to a bundle. A benchmark, not a test: nothing here asserts a time.
// Usage: npm run bench:backends [-- --time MS] [-- --reverse]   (after `npm run build`)
//        bun bench/backends.mjs                            (the same under Bun)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { Bench } from "tinybench";
import { EventBus } from "wasm-events";

const { values } = parseArgs({ options: { time: { type: "string", default: "1000" }, reverse: { type: "boolean", default: false } } });
const time = Number(values.time);
let sink = 0;
const listener = (data) => {
  sink += data;
};

/** A bus on `backend` with `n` listeners on "e" from `n` modules, primed (compiled dispatcher built). */
function busWith(backend, n) {
  const bus = new EventBus({ backend });
  for (let i = 0; i < n; i++) bus.register(bus.loadModule(`m${i}`), "e", (data) => listener(data));
  for (let i = 0; i < 100; i++) bus.generate("e", 1);
  return bus;
}

const GENERATES = 1000; // per task iteration
const tasks = [];
for (const backend of ["wasm", "js"]) {
  for (const n of [1, 10]) {
    const ref = busWith(backend, n).event("e");
    tasks.push({ op: `generate, ${n} listener${n > 1 ? "s" : ""} (EventRef)`, backend, unit: GENERATES, fn: () => {
      for (let i = 0; i < GENERATES; i++) ref.generate(1);
    } });
  }
  const churnBus = busWith(backend, 10);
  const extra = () => {};
  tasks.push({ op: "register + unregister, 10 listeners", backend, unit: 100, fn: () => {
    for (let i = 0; i < 100; i++) churnBus.register(null, "e", extra).unregister();
  } });
  const mixedBus = busWith(backend, 10);
  tasks.push({ op: "register + generate + unregister", backend, unit: 100, fn: () => {
    for (let i = 0; i < 100; i++) {
      const registration = mixedBus.register(null, "e", extra);
      mixedBus.generate("e", 1);
      registration.unregister();
    }
  } });
  tasks.push({ op: "new EventBus() (module already compiled)", backend, unit: 10, fn: () => {
    for (let i = 0; i < 10; i++) new EventBus({ backend });
  } });
}

// Interleaved (wasm, js, wasm, js, ...) and, with --reverse, js first: an
// order effect would show as a ratio that moves with the order.
const order = [...new Set(tasks.map((t) => t.op))].flatMap((op) =>
  (values.reverse ? ["js", "wasm"] : ["wasm", "js"]).map((backend) => tasks.find((t) => t.op === op && t.backend === backend)));
const bench = new Bench({ time, warmupTime: Math.min(500, time) });
for (const task of order) bench.add(`${task.op} [${task.backend}]`, task.fn);
await bench.run();

const rate = (task) => {
  const result = bench.getTask(`${task.op} [${task.backend}]`).result;
  return (result.throughput?.mean ?? 1000 / result.latency.mean) * task.unit;
};
const fmt = (perSecond) =>
  perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(1)} M/s` : perSecond >= 1e4 ? `${(perSecond / 1e3).toFixed(0)} k/s` : `${perSecond.toFixed(0)}/s`;
const runtime = process.versions.bun ? `Bun ${process.versions.bun}` : `Node ${process.version}`;
console.log(`\n${runtime}, ${time} ms per task (sink ${sink > 0 ? "fed" : "empty"})\n`);
console.log("| operation | wasm | js | js / wasm |\n|---|---:|---:|---:|");
for (const op of [...new Set(tasks.map((t) => t.op))]) {
  const [wasm, js] = ["wasm", "js"].map((backend) => rate(tasks.find((t) => t.op === op && t.backend === backend)));
  console.log(`| ${op} | ${fmt(wasm)} | ${fmt(js)} | ${(js / wasm).toFixed(2)} |`);
}

// The first bus of a process: compiling the embedded Wasm (or evaluating
// nothing more for JS: the JS table is plain code already loaded), median of 5.
const firstBus = (backend) => {
  const samples = Array.from({ length: 5 }, () =>
    Number(execFileSync(process.execPath, ["--input-type=module", "-e",
      `import { EventBus } from "wasm-events"; const t = performance.now(); new EventBus({ backend: "${backend}" }); console.log(performance.now() - t);`],
    { encoding: "utf8" }).trim()));
  return samples.sort((a, b) => a - b)[2];
};
const [wasmFirst, jsFirst] = [firstBus("wasm"), firstBus("js")];
console.log(`\nfirst new EventBus() of a process (median of 5): wasm ${wasmFirst.toFixed(2)} ms, js ${jsFirst.toFixed(2)} ms`);

const size = (file) => {
  const text = readFileSync(new URL(`../dist/generated/${file}`, import.meta.url));
  return `${(text.length / 1024).toFixed(1)} KiB (${(gzipSync(text).length / 1024).toFixed(1)} KiB gzipped)`;
};
console.log(`bundle bytes: embedded Wasm ${size("wasm-bytes.js")}, JS table ${size("table-js.js")}`);
