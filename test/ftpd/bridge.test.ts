// ftpd as a cluster: `npm run ftpd -- --bridge redis://...|nats://...` and
// `--workers N`, as real processes. A host banned by one server (or worker)
// is refused by the others within a second; a broker restart stops neither
// server, the bans made while it was away are re-sent after bridge.up, and
// the next ban propagates. On the durable transports (redis-streams://,
// nats-jetstream://) a server started after a ban learns it by replay.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { Broker, brokerTestsRun, type BrokerKind } from "../../tools/brokers.js";
import { eventually, RawClient, testHash } from "./helpers.js";

const MAIN = fileURLToPath(new URL("../../examples/ftpd/main.ts", import.meta.url));

/** A running `npm run ftpd` process and everything it printed. */
interface Ftpd {
  readonly process: ChildProcess;
  output(): string;
  port: number;
  /** How many times `text` was printed. */
  count(text: string | RegExp): number;
  stop(): Promise<number | null>;
}

const started: Ftpd[] = [];
let dir = "";
let configFile = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ftpd-bridge-test-"));
  await mkdir(join(dir, "root"));
  configFile = join(dir, "ftpd.conf");
  // One failed PASS bans the host: each test address is banned by one connection.
  await writeFile(configFile, [
    "DefaultRoot root",
    `AuthUser alice ${await testHash("secret")}`,
    'BanOnEvent LoginFailed 1/00:10:00 00:10:00 "Banned %a"',
  ].join("\n") + "\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  for (const ftpd of started.splice(0)) if (ftpd.process.exitCode === null) ftpd.process.kill("SIGKILL");
});

async function ftpd(args: string[], listening: RegExp): Promise<Ftpd> {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--config", configFile, "--port", "0", ...args],
    { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': only then has all of its output been read.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const server: Ftpd = {
    process: child, port: 0,
    output: () => output,
    count: (text) => output.split("\n").filter((line) => (typeof text === "string" ? line.includes(text) : text.test(line))).length,
    stop: async () => {
      child.kill("SIGINT");
      return exited;
    },
  };
  started.push(server);
  await eventually(() => listening.test(output) || child.exitCode !== null, 30_000);
  const match = listening.exec(output);
  if (match === null) throw new Error(`ftpd did not start:\n${output}`);
  server.port = Number(match[1]);
  return server;
}

const single = (args: string[]) => ftpd(args, /listening on 127\.0\.0\.1:(\d+)/);
const workers = (n: number, args: string[] = []) => ftpd(["--workers", String(n), ...args], new RegExp(`${n} workers listening on 127\\.0\\.0\\.1:(\\d+)`));

/** One failed login from `address`: the host is banned by that server (or worker). */
async function ban(port: number, address: string): Promise<void> {
  const raw = await RawClient.open(port, address);
  expect((await raw.reply()).code).toBe(220);
  await raw.command("USER alice");
  expect((await raw.command("PASS wrong")).code).toBe(530);
  expect((await raw.reply()).code).toBe(421);
  await raw.closed();
}

/** The greeting's code for a connection from `address`: 220 welcome, 530 banned. */
async function greeting(port: number, address: string): Promise<number> {
  const raw = await RawClient.open(port, address);
  try {
    return (await raw.reply()).code;
  } finally {
    raw.destroy();
  }
}

/** Every server refuses `address` within `ms` (a second, as the README promises). */
async function refusedEverywhere(servers: Ftpd[], address: string, ms = 1_000): Promise<void> {
  for (const server of servers) {
    await eventually(async () => (await greeting(server.port, address)) === 530, ms);
  }
}

describe.each(["redis", "nats"] as const)("ftpd --bridge %s://", (kind: BrokerKind) => {
  describe.skipIf(!brokerTestsRun(kind))("two servers on one broker", () => {
    let broker: Broker;
    beforeAll(async () => {
      broker = await Broker.start(kind);
    });
    afterAll(async () => {
      await broker?.stop();
    });

    test(`a ban on one server holds on the other within a second, through a ${kind} restart`, async () => {
      const bridgeArgs = ["--bridge", broker.url, "--bridge-channel", `ftpd-test-${process.pid}`];
      const a = await single(bridgeArgs);
      // Over Redis the second "server" is two cluster workers sharing bans over --bridge too.
      const b = kind === "redis" ? await workers(2, bridgeArgs) : await single(bridgeArgs);
      const upsOfB = kind === "redis" ? 2 : 1;
      await eventually(() => a.count("bridge up") === 1 && b.count("bridge up") === upsOfB, 10_000);

      await ban(a.port, "127.0.0.2");
      await refusedEverywhere([a, b], "127.0.0.2");
      if (kind === "redis") {
        // Every worker of b refuses it (connections go round-robin).
        for (let k = 0; k < 4; k++) expect(await greeting(b.port, "127.0.0.2")).toBe(530);
        await eventually(() => new Set(b.output().match(/ftpd\[\d+\]: mod_ban: refused 127\.0\.0\.2/g)).size === 2, 5_000);
      }
      expect(await greeting(a.port, "127.0.0.3")).toBe(220);
      expect(await greeting(b.port, "127.0.0.3")).toBe(220);

      // The broker dies: both servers keep serving; a ban made meanwhile stays local for now.
      await broker.kill("SIGKILL");
      await eventually(() => a.count("bridge down") === 1 && b.count("bridge down") === upsOfB, 10_000);
      expect(await greeting(a.port, "127.0.0.3")).toBe(220);
      expect(await greeting(b.port, "127.0.0.3")).toBe(220);
      await ban(b.port, "127.0.0.4");
      expect(await greeting(a.port, "127.0.0.4")).toBe(220);

      await broker.restart();
      await eventually(() => a.count("bridge up") === 2 && b.count("bridge up") === 2 * upsOfB, 10_000);
      // The ban made during the outage reaches a once the broker is back (b's queued
      // ban-host, or the ban list b re-sends after bridge.up, whichever gets there).
      await refusedEverywhere([a], "127.0.0.4", 5_000);

      // And the next ban propagates as before.
      await ban(a.port, "127.0.0.5");
      await refusedEverywhere([b], "127.0.0.5");

      // A server that joins now asks for the bans on its first bridge.up and gets them all.
      const c = await single(bridgeArgs);
      await refusedEverywhere([c], "127.0.0.2", 5_000);
      await refusedEverywhere([c], "127.0.0.4", 5_000);
      await refusedEverywhere([c], "127.0.0.5", 5_000);
      expect(c.output()).toMatch(/ban\(s\) learned from another server's list/);
      expect(await greeting(c.port, "127.0.0.3")).toBe(220);

      expect(a.process.exitCode).toBeNull();
      expect(b.process.exitCode).toBeNull();
      for (const server of [a, b, c]) expect(await server.stop()).toBe(0);
    });
  });
});

describe.each([["redis", "redis-streams"], ["nats", "nats-jetstream"]] as const)("ftpd --bridge %s, durable: %s://", (kind: BrokerKind, scheme) => {
  describe.skipIf(!brokerTestsRun(kind))("a server that starts late", () => {
    let broker: Broker;
    beforeAll(async () => {
      broker = await Broker.start(kind, { persistent: true });
    });
    afterAll(async () => {
      await broker?.stop();
    });

    test("gets the bans issued before it started through replay, even with their issuer gone", async () => {
      const bridgeArgs = ["--bridge", `${scheme}://127.0.0.1:${broker.port}`, "--bridge-channel", `ftpd-durable-${process.pid}`];
      const a = await single(bridgeArgs);
      await eventually(() => a.count("bridge up") === 1, 10_000);
      await ban(a.port, "127.0.0.2");
      await ban(a.port, "127.0.0.3");
      expect(await a.stop()).toBe(0); // nobody is left to answer a request for ban lists

      const b = await single(bridgeArgs);
      await refusedEverywhere([b], "127.0.0.2", 5_000);
      await refusedEverywhere([b], "127.0.0.3", 5_000);
      expect(b.count(/mod_ban: 127\.0\.0\.[23] banned by another server/)).toBe(2);
      expect(b.output()).not.toMatch(/learned from another server's list/);
      expect(await greeting(b.port, "127.0.0.4")).toBe(220);
      expect(await b.stop()).toBe(0);
    });
  });
});

describe("ftpd --workers", () => {
  test("three workers on one port share bans over the cluster transport", async () => {
    const server = await workers(3);
    await ban(server.port, "127.0.0.2");
    const banner = /ftpd\[(\d+)\]: mod_ban: banned 127\.0\.0\.2/.exec(server.output());
    expect(banner).not.toBeNull();
    // Round-robin: nine connections reach every worker; each refuses the host.
    for (let k = 0; k < 9; k++) expect(await greeting(server.port, "127.0.0.2")).toBe(530);
    await eventually(() => new Set(server.output().match(/ftpd\[\d+\]: mod_ban: refused 127\.0\.0\.2/g)).size === 3, 5_000);
    expect(server.count(/ftpd\[\d+\]: mod_ban: 127\.0\.0\.2 banned by another server/)).toBe(2);
    expect(await greeting(server.port, "127.0.0.3")).toBe(220);
    expect(await server.stop()).toBe(0);
    expect(server.count("shutting down")).toBe(4); // the primary and each worker
  });

  test("bad --workers and --bridge values print the usage and exit 2", async () => {
    for (const args of [["--workers", "many"], ["--bridge", "http://127.0.0.1:1"], ["--bridge-channel", ""]]) {
      const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], { stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
      expect(await new Promise((resolve) => child.once("close", resolve))).toBe(2);
      expect(err).toContain(args[0]);
    }
  });
});
