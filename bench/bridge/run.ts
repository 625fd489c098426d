// The bridge benchmark: cross-process events/s and latency per transport,
// one publisher and two subscribers (processes; threads for BroadcastChannel),
// separate from the in-process harness (bench/run.ts).
//
//   node --import tsx bench/bridge/run.ts [--count 100000] [--transport redis-bare,redis,redis-streams,nats-bare,nats,jetstream,cluster,broadcast-channel] [--out FILE.md]
//
// Two runs per transport: "flood" generates --count small events as fast as
// the publisher can (100 per event-loop turn) and measures events/s (first
// generate to the last event received by both subscribers) and the latency
// of each event under that load; "paced" generates 2,000 events at about
// 1,000/s, for the latency of a lightly loaded bridge. Brokers are real
// redis-server and nats-server on free loopback ports (tools/brokers.ts).

import { execFileSync, fork } from "node:child_process";
import cluster from "node:cluster";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { clusterRelay } from "wasm-events/bridge";
import { Broker } from "../../tools/brokers.js";
import type { BenchCommand, BenchReply, BenchTransport } from "./node.js";

const NODE = fileURLToPath(new URL("./node.ts", import.meta.url));
const ALL: BenchTransport[] = ["redis-bare", "redis", "redis-streams", "nats-bare", "nats", "jetstream", "cluster", "broadcast-channel"];
/** The broker each transport needs (JetStream's with -js and its file storage). */
const BROKER: Partial<Record<BenchTransport, "redis" | "nats">> = {
  "redis": "redis", "redis-bare": "redis", "redis-streams": "redis", "nats": "nats", "nats-bare": "nats", "jetstream": "nats",
};

/** A participant, whatever it runs in. */
interface Participant {
  send(command: BenchCommand): void;
  next(op: BenchReply["op"]): Promise<BenchReply>;
  exited: Promise<unknown>;
}

function participant(kind: BenchTransport): Participant {
  let post: (command: BenchCommand) => void;
  let listen: (listener: (reply: BenchReply) => void) => void;
  let exited: Promise<unknown>;
  if (kind === "broadcast-channel") {
    const boot = `import { register } from "tsx/esm/api"; register(); await import(${JSON.stringify(new URL("./node.ts", import.meta.url).href)});`;
    const worker = new Worker(boot, { eval: true });
    post = (command) => worker.postMessage(command);
    listen = (listener) => worker.on("message", listener);
    exited = new Promise((resolve) => worker.once("exit", resolve));
  } else {
    const child = kind === "cluster" ? cluster.fork().process : fork(NODE, [], { execArgv: ["--import", "tsx"] });
    post = (command) => child.send(command);
    listen = (listener) => child.on("message", listener);
    exited = new Promise((resolve) => child.once("exit", resolve));
  }
  const waiting = new Map<string, (reply: BenchReply) => void>();
  const early = new Map<string, BenchReply>();
  listen((reply) => {
    if (typeof reply?.op !== "string") return;
    if (reply.op === "error") throw new Error(reply.message);
    const resolve = waiting.get(reply.op);
    if (resolve) {
      waiting.delete(reply.op);
      resolve(reply);
    } else early.set(reply.op, reply);
  });
  return {
    send: post,
    exited,
    next: (op) => {
      const got = early.get(op);
      if (got !== undefined) {
        early.delete(op);
        return Promise.resolve(got);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${kind}: no '${op}' within 120 s`)), 120_000);
        waiting.set(op, (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
      });
    },
  };
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

interface Result {
  transport: BenchTransport;
  run: "flood" | "paced";
  count: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  dropped: number;
}

async function measure(kind: BenchTransport, url: string | undefined, run: Result["run"], count: number): Promise<Result> {
  const channel = `wasm-events-bench-${process.pid}-${kind}-${run}`;
  const [publisher, ...subscribers] = [participant(kind), participant(kind), participant(kind)];
  await Promise.all([publisher, ...subscribers].map((p) => p.next("hello")));
  for (const subscriber of subscribers) subscriber.send({ op: "open", role: "subscriber", transport: kind, url, channel, count });
  publisher.send({ op: "open", role: "publisher", transport: kind, url, channel, count });
  await Promise.all([publisher, ...subscribers].map((p) => p.next("ready")));
  await new Promise((resolve) => setTimeout(resolve, 200)); // subscriptions settled everywhere
  const received = subscribers.map((s) => s.next("received"));
  publisher.send(run === "flood" ? { op: "publish", count, batch: 100, pauseMs: 0 } : { op: "publish", count, batch: 1, pauseMs: 1 });
  const published = (await publisher.next("published")) as Extract<BenchReply, { op: "published" }>;
  const replies = (await Promise.all(received)) as Extract<BenchReply, { op: "received" }>[];
  for (const p of [publisher, ...subscribers]) p.send({ op: "close" });
  await Promise.all([publisher, ...subscribers].map((p) => p.exited));
  const latencies = Float64Array.from(replies.flatMap((r) => r.latencies)).sort();
  const lastAt = Math.max(...replies.map((r) => r.lastAt));
  return {
    transport: kind, run, count,
    eventsPerSecond: count / ((lastAt - published.startedAt) / 1000),
    p50: percentile(latencies, 50), p99: percentile(latencies, 99), dropped: published.dropped,
  };
}

const format = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));
const micros = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: "string", default: "100000" }, transport: { type: "string" }, out: { type: "string" } } });
  const count = Number(values.count);
  const transports = (values.transport?.split(",") ?? ALL) as BenchTransport[];
  cluster.setupPrimary({ exec: NODE, execArgv: ["--import", "tsx"] });
  const relay = clusterRelay();
  const loadBefore = loadavg()[0];
  const results: Result[] = [];
  for (const kind of transports) {
    const brokerKind = BROKER[kind];
    const broker = brokerKind === undefined ? null : await Broker.start(brokerKind, { persistent: kind === "jetstream" });
    try {
      for (const run of ["flood", "paced"] as const) {
        process.stderr.write(`${kind} ${run}...\n`);
        results.push(await measure(kind, broker?.url, run, run === "flood" ? count : 2_000));
      }
    } finally {
      await broker?.stop();
    }
  }
  relay.close();

  const version = (command: string) => {
    try {
      return execFileSync(command, ["--version"], { encoding: "utf8" }).trim().split("\n")[0];
    } catch {
      return `${command}: not found`;
    }
  };
  const lines = [
    `# Bridge benchmark, ${new Date().toISOString().slice(0, 10)}`,
    "",
    `Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores, shared), ${process.platform};`,
    `load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after (other jobs share the cores: absolute figures are rough).`,
    `Brokers: ${version("redis-server")}; ${version("/usr/sbin/nats-server")} (JetStream: file storage). Clients: redis (node-redis) 6.3.1, @nats-io/transport-node and @nats-io/jetstream 3.4.0.`,
    "`*-bare`: the same events with the broker client alone (no bus, no bridge, no envelope), for comparison.",
    `One publisher and two subscribers; flood: ${format(count)} small events as fast as the publisher can;`,
    "paced: 2,000 events at about 1,000/s. Latency: generate in the publisher to dispatch in a subscriber.",
    "",
    "| transport | run | events | events/s | p50 | p99 | dropped |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...results.map((r) => `| ${r.transport} | ${r.run} | ${format(r.count)} | ${r.run === "flood" ? format(r.eventsPerSecond) : "—"} | ${micros(r.p50)} | ${micros(r.p99)} | ${r.dropped} |`),
    "",
    `Command: \`node --import tsx bench/bridge/run.ts --count ${count}${values.transport ? ` --transport ${values.transport}` : ""}\``,
    "",
  ];
  const report = lines.join("\n");
  process.stdout.write(report);
  if (values.out) writeFileSync(values.out, report);
}

await main();
