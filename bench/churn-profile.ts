// What one register + unregister pair pays, for a CPU profile or callgrind
// (issue 17). The churn scenario's loop outside the harness: an event keeping
// 10 listeners, one more registered and removed `pairs` times.
//   node --cpu-prof --import tsx bench/churn-profile.ts by-name|registration [pairs]
//   valgrind --tool=callgrind node --import tsx bench/churn-profile.ts by-name 200000
//   node --import tsx bench/churn-profile.ts --summary FILE.cpuprofile   (the functions with most self time)
import { readFileSync } from "node:fs";
import { EventBus } from "wasm-events";

const [what, second] = process.argv.slice(2);

if (what === "--summary") {
  const profile = JSON.parse(readFileSync(second, "utf8")) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
} else {
  const pairs = Number(second ?? 2_000_000);
  const bus = new EventBus(), name = "core.connection";
  for (let k = 0; k < 10; k++) bus.register(null, name, () => {});
  const extra = () => {};
  const loops: Record<string, () => void> = {
    "by-name": () => {
      for (let i = 0; i < pairs; i++) {
        bus.register(null, name, extra);
        bus.unregister(null, name, extra);
      }
    },
    registration: () => {
      for (let i = 0; i < pairs; i++) bus.register(null, name, extra).unregister();
    },
  };
  const loop = loops[what];
  if (loop === undefined) throw new Error(`usage: churn-profile.ts by-name|registration [pairs] | --summary FILE`);
  const started = performance.now();
  loop();
  bus.generate(name); // the table is used once after the churn, as a server would
  process.stderr.write(`${what}: ${(((performance.now() - started) * 1e6) / pairs).toFixed(1)} ns per pair\n`);
}
