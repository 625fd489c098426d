// §12 broker clients are optional peer dependencies: importing wasm-events
// (or wasm-events/bridge) loads none of them, the package works where none
// is installed, and a transport that needs a missing one says what to install.

import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync, mkdirSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = (cwd: string, script: string) =>
  promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { cwd }).then((r) => r.stdout.trim());

const BROKER_CLIENTS = /[\\/]node_modules[\\/](redis|@redis|ioredis|@nats-io)[\\/]/;

describe("§12 optional peer dependencies", () => {
  test("§12 importing wasm-events and wasm-events/bridge loads no broker client, even where they are installed", async () => {
    const loaded = await run(ROOT, `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const clients = () => Object.keys(require.cache).filter((path) => ${BROKER_CLIENTS}.test(path)).length;
      const { EventBus } = await import("wasm-events");
      const { bridge, clusterTransport } = await import("wasm-events/bridge");
      const b = bridge(new EventBus(), clusterTransport(), { events: ["x"] });
      await b.ready;
      await b.close();
      const before = clients();
      await import("redis");          // the check itself sees a client once one is loaded
      console.log(JSON.stringify([before, clients() > 0]));
    `);
    expect(JSON.parse(loaded)).toEqual([0, true]);
  });

  test("§12 without any broker package installed, the package works and each transport names what to install", async () => {
    // A project with wasm-events and its one dependency, and nothing else.
    const dir = mkdtempSync(join(tmpdir(), "wasm-events-no-peers-"));
    try {
      const pkg = join(dir, "node_modules", "wasm-events");
      mkdirSync(pkg, { recursive: true });
      cpSync(join(ROOT, "package.json"), join(pkg, "package.json"));
      cpSync(join(ROOT, "dist"), join(pkg, "dist"), { recursive: true });
      mkdirSync(join(dir, "node_modules", "@assemblyscript"));
      symlinkSync(realpathSync(join(ROOT, "node_modules", "@assemblyscript", "loader")), join(dir, "node_modules", "@assemblyscript", "loader"));
      const out = await run(dir, `
        import { EventBus } from "wasm-events";
        import { bridge, clusterTransport, jetstreamTransport, natsTransport, redisStreamsTransport, redisTransport } from "wasm-events/bridge";
        const bus = new EventBus();
        const results = [];
        const local = bridge(bus, clusterTransport(), { events: ["x"] });
        await local.ready;
        results.push("cluster ready");
        await local.close();
        for (const transport of [
          redisTransport({ url: "redis://127.0.0.1:1" }),
          redisTransport({ url: "redis://127.0.0.1:1", library: "redis" }),
          natsTransport({ servers: "nats://127.0.0.1:1" }),
          redisStreamsTransport({ url: "redis://127.0.0.1:1", library: "ioredis" }),
          jetstreamTransport({ servers: "nats://127.0.0.1:1" }),
        ]) {
          const b = bridge(new EventBus(), transport, { events: ["x"], onError: () => {} });
          await b.ready.then(() => results.push("ready?"), (error) => results.push(error.message));
          await b.close();
        }
        console.log(JSON.stringify(results));
      `);
      expect(JSON.parse(out)).toEqual([
        "cluster ready",
        "the Redis transport needs the 'redis' or the 'ioredis' package: npm install redis",
        "the Redis transport needs the 'redis' package: npm install redis",
        "the NATS transport needs the '@nats-io/transport-node' package: npm install @nats-io/transport-node",
        "the Redis transport needs the 'ioredis' package: npm install ioredis",
        "the JetStream transport needs the '@nats-io/jetstream' package: npm install @nats-io/jetstream",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
