// §12 over Redis pub/sub: a real redis-server, peers in child processes and
// the test process itself as one more peer (node-redis and ioredis, from a
// URL and from the application's client), then the faults: the broker
// SIGKILLed and restarted, the subscriber connection alone killed, a stopped
// consumer over a small output buffer, and bad messages published by redis-cli.

import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { bridge, redisTransport, type Bridge } from "wasm-events/bridge";
import { Broker, brokerTestsRun, redisCli } from "../helpers/brokers.js";
import { eventually, numbersFrom, Peer, strictlyIncreasing, type PeerRecord, type TransportSpec } from "./peers.js";
import { recordingBus, type RecordingBus } from "./recording-bus.js";

const EVENTS = ["test.tick", "test.other"];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
let channelCount = 0;
const freshChannel = () => `wasm-events-test-${process.pid}-${++channelCount}`;

describe.skipIf(!brokerTestsRun("redis"))("§12 bridge over Redis", () => {
  let broker: Broker;
  const peers: Peer[] = [];
  const bridges: Bridge[] = [];

  beforeAll(async () => {
    broker = await Broker.start("redis");
  });
  afterAll(async () => {
    await broker?.stop();
  });
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.kill();
    for (const b of bridges.splice(0)) await b.close();
  });

  /** The test process as a peer: a recording bus bridged over `transport`. */
  function local(spec: Parameters<typeof redisTransport>[0], channel: string): RecordingBus & { b: Bridge } {
    const recording = recordingBus(EVENTS);
    const b = bridge(recording.bus, redisTransport(spec), { events: EVENTS, channel });
    recording.bridge = b;
    bridges.push(b);
    return Object.assign(recording, { b });
  }

  async function peer(name: string, transport: TransportSpec, channel: string): Promise<Peer> {
    const started = await Peer.open(name, transport, channel, EVENTS);
    peers.push(started);
    return started;
  }

  /** Asserts what every receiver of a healthy run sees from `from`: 1..count, remote, in module load order. */
  function expectAllFrom(log: readonly PeerRecord[], from: string, count: number, remote: boolean): void {
    expect(numbersFrom(log, from)).toEqual(range(1, count));
    for (const record of log.filter((r) => r.from === from)) {
      expect(record.by).toEqual(["mod_b", "mod_a", "core"]);
      expect(record.remote).toBe(remote);
      expect(record.remoteEvent).toBe(remote ? "test.tick" : null);
    }
  }

  test.each([
    { a: { library: "redis" as const }, b: { library: "ioredis" as const }, local: "redis client" },
    { a: { library: "redis" as const, useClient: true }, b: { library: "ioredis" as const, useClient: true }, local: "ioredis url" },
  ])("§12 events cross between processes in order per sender, never echoed, never re-published ($local)", async (setup) => {
    const channel = freshChannel();
    let me: RecordingBus & { b: Bridge };
    let client: { close(): Promise<unknown> } | { disconnect(): void };
    if (setup.local === "redis client") {
      const { createClient } = await import("redis");
      const redis = createClient({ url: broker.url });
      await redis.connect();
      client = redis;
      me = local({ client: redis }, channel);
    } else {
      client = { disconnect() {} };
      me = local({ url: broker.url, library: "ioredis" }, channel);
    }
    await me.b.ready;
    const a = await peer("A", { kind: "redis", url: broker.url, ...setup.a }, channel);
    const b = await peer("B", { kind: "redis", url: broker.url, ...setup.b }, channel);

    await Promise.all([a.generate("test.tick", 300), b.generate("test.tick", 200), me.generate("test.tick", "T", 100)]);
    await eventually(() => numbersFrom(me.log, "A").length === 300 && numbersFrom(me.log, "B").length === 200, 10_000, "T hears A and B");
    let reports = await Promise.all([a.report(), b.report()]);
    await eventually(async () => {
      reports = await Promise.all([a.report(), b.report()]);
      return reports[0].log.length === 600 && reports[1].log.length === 600;
    }, 10_000, "A and B hear everything");
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything extra (an echo, a re-publish) would arrive now
    reports = await Promise.all([a.report(), b.report()]);
    const [ra, rb] = reports;

    // Every receiver: each sender's events once, in order, marked remote, in module load order.
    expectAllFrom(me.log, "A", 300, true);
    expectAllFrom(me.log, "B", 200, true);
    expectAllFrom(ra.log, "B", 200, true);
    expectAllFrom(ra.log, "T", 100, true);
    expectAllFrom(rb.log, "A", 300, true);
    expectAllFrom(rb.log, "T", 100, true);
    // A process's own events: dispatched locally once (not echoed), not marked remote.
    expectAllFrom(ra.log, "A", 300, false);
    expectAllFrom(rb.log, "B", 200, false);
    expectAllFrom(me.log, "T", 100, false);
    expect(me.log).toHaveLength(600);
    // Redis delivers a process its own messages; the bridge ignored them as echoes.
    expect(ra.stats).toMatchObject({ sent: 300, received: 300, echoes: 300, dropped: 0, malformed: 0, missed: 0 });
    // Nothing re-published: each sent only its own.
    expect(rb.stats).toMatchObject({ sent: 200, received: 400, echoes: 200, dropped: 0, malformed: 0 });
    expect(me.b.stats()).toMatchObject({ sent: 100, received: 500, echoes: 100, dropped: 0, malformed: 0, up: true });

    // close() leaves nothing behind: each peer exits on its own once its IPC channel is gone.
    expect(await a.close()).toBe(0);
    expect(await b.close()).toBe(0);
    await me.b.close();
    if ("close" in client) await client.close();
  });
});
