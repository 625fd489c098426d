// CPU profiles of the emitter scenarios that miss issue 9's targets, for
// bench/results: node --cpu-prof writes one .cpuprofile per run, and this
// prints the functions with the most self time.
//   node --import tsx bench/emitter/profile.ts construct-on|once-emit|emit-5 [--summary FILE.cpuprofile]
import { readFileSync } from "node:fs";
import { EventEmitter } from "wasm-events";

const [what, flag, file] = process.argv.slice(2);

if (flag === "--summary") {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byId.get(id).callFrame;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
} else {
  const f = () => {};
  const loops: Record<string, () => void> = {
    "construct-on": () => {
      for (let i = 0; i < 100_000; i++) new EventEmitter().on("x", f);
    },
    "once-emit": () => {
      const e = new EventEmitter();
      for (let i = 0; i < 200_000; i++) e.once("x", f).emit("x", i);
    },
    "emit-5": () => {
      const e = new EventEmitter();
      for (let k = 0; k < 5; k++) e.on("x", () => {});
      for (let i = 0; i < 2_000_000; i++) e.emit("x", i);
    },
  };
  // Rounds with a turn of the event loop between them, as a server has (FinalizationRegistry cleanups run there).
  for (let round = 0; round < 20; round++) {
    loops[what]();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
