// wasm-events/events is shaped like node:events: for ESM import, require(),
// and a bundler alias that maps `events` to it. (require() is checked in
// child processes: loading the package with Node's own loader in this process
// would give coverage a second copy of the same files.)
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as nodeEventsModule from "node:events";
import { build } from "esbuild";
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import * as eventsModule from "wasm-events/events";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(join(ROOT, "package.json"));

test("the ES module has node:events' named exports, and its default export is the class", () => {
  expect(Object.keys(eventsModule).sort()).toEqual(Object.keys(nodeEventsModule).sort());
  expect(eventsModule.default).toBe(EventEmitter);
  expect(eventsModule.EventEmitter).toBe(EventEmitter);
});

// Node 24's order (Node 20's differs; Node 24 is the contract).
const NODE_24_STATICS = [
  "addAbortListener", "once", "on", "getEventListeners", "getMaxListeners", "listenerCount", "EventEmitter", "usingDomains",
  "captureRejectionSymbol", "captureRejections", "EventEmitterAsyncResource", "errorMonitor", "defaultMaxListeners",
  "setMaxListeners", "init",
];

test("the class carries node:events' statics, in Node 24's order", () => {
  expect(Object.keys(EventEmitter)).toEqual(NODE_24_STATICS);
  expect(Object.keys(nodeEventsModule.default).sort()).toEqual([...NODE_24_STATICS].sort());
  for (const key of ["once", "on", "getEventListeners", "getMaxListeners", "setMaxListeners", "addAbortListener", "listenerCount"]) {
    expect(typeof (EventEmitter as any)[key]).toBe("function");
  }
  expect(EventEmitter.defaultMaxListeners).toBe(10);
  expect(EventEmitter.usingDomains).toBe(false);
  expect(typeof EventEmitter.kMaxEventTargetListeners).toBe("symbol");
  expect(Object.keys(EventEmitter)).not.toContain("kMaxEventTargetListeners");
});

test("require('wasm-events/events') returns the class itself, the same one ESM imports (one table per process)", () => {
  // In a plain Node process: vitest loads ES modules through its own graph, Node's require through Node's.
  const script = `
    import { createRequire } from "node:module";
    import Imported, { once } from "wasm-events/events";
    import { EventEmitter } from "wasm-events";
    const required = createRequire(import.meta.url)("wasm-events/events");
    console.log(JSON.stringify([required === Imported, required === EventEmitter, required.EventEmitter === required, required.once === once]));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  expect(JSON.parse(out)).toEqual([true, true, true, true]);
});

test("a CommonJS program written for require('events') runs on require('wasm-events/events')", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasm-events-cjs-"));
  const file = join(dir, "program.cjs");
  writeFileSync(
    file,
    `const EventEmitter = require(${JSON.stringify(require.resolve("wasm-events/events"))});
     const util = require("node:util");
     function Legacy() { EventEmitter.call(this); }
     util.inherits(Legacy, EventEmitter);
     const e = new Legacy();
     e.once("done", (x) => process.stdout.write("done " + x));
     e.emit("done", 42);`,
  );
  expect(execFileSync(process.execPath, [file], { encoding: "utf8" })).toBe("done 42");
});

test("a bundler alias of 'events' to 'wasm-events/events' swaps it in for both import and require", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasm-events-alias-"));
  const entry = join(dir, "app.mjs");
  writeFileSync(
    entry,
    `import { EventEmitter, once } from "events";
     const Required = require("events");
     const e = new EventEmitter();
     setTimeout(() => e.emit("ready", "yes"), 1);
     const [value] = await once(e, "ready");
     console.log(JSON.stringify({ value, same: Required === EventEmitter, table: typeof e._eventsCount }));`,
  );
  const out = join(dir, "bundle.mjs");
  await build({
    entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile: out, logLevel: "silent",
    alias: { events: "wasm-events/events" }, nodePaths: [join(ROOT, "node_modules")], absWorkingDir: ROOT,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const printed = JSON.parse(execFileSync(process.execPath, [out], { encoding: "utf8" }));
  expect(printed).toEqual({ value: "yes", same: true, table: "number" });
  // The bundle holds wasm-events' emitter, not a reference to node:events.
  const bundled = require("node:fs").readFileSync(out, "utf8") as string;
  expect(bundled).toContain("emitterListWith");
});
