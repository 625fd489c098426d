// §12 over Redis pub/sub: a real redis-server, peers in child processes and
// the test process itself as one more peer (node-redis and ioredis, from a
// URL and from the application's client), then the faults: the broker
// SIGKILLed and restarted, the subscriber connection alone killed, a stopped
// consumer over a small output buffer, and bad messages published by redis-cli.

import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { bridge, redisTransport, type Bridge } from "wasm-events/bridge";
import { Broker, brokerTestsRun, freePort, redisCli, redisCliPublish } from "../../tools/brokers.js";
import { bytesCodec, eventually, numbersFrom, Peer, stateNames, strictlyIncreasing, type TransportSpec } from "./peers.js";
import { expectAllFrom, expectGapsReported, expectLossesInside, expectStreamSurvivesBrokerRestart, fromRecords, ownRecords, range, upAfter } from "./expectations.js";
import { recordingBus, type RecordingBus } from "./recording-bus.js";

const EVENTS = ["test.tick", "test.other"];
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
  test.each([
    { a: { library: "redis" as const }, b: { library: "ioredis" as const }, local: "redis client" },
    { a: { library: "redis" as const, useClient: true }, b: { library: "ioredis" as const, useClient: true }, local: "ioredis client" },
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
      const { Redis } = await import("ioredis");
      const redis = new Redis(broker.url);
      client = redis;
      me = local({ client: redis }, channel);
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
    else client.disconnect();
    // The application's own client was left open by close() until now.
  });

  /** Losses of `receiver` from `sender` lie inside [from, to] (with a margin for what was in flight), nothing is duplicated or reordered. */
  test("§12 broker SIGKILLed mid-stream and restarted on its port: bridge.down, bridge.up, losses only inside the outage", async () => {
    const channel = freshChannel();
    const me = local({ url: broker.url, library: "redis" }, channel);
    await me.b.ready;
    const a = await peer("A", { kind: "redis", url: broker.url, library: "redis" }, channel);
    const b = await peer("B", { kind: "redis", url: broker.url, library: "ioredis" }, channel);
    await expectStreamSurvivesBrokerRestart(broker, me, a, b);
  });

  test("§12 the subscriber connection alone killed (CLIENT KILL TYPE pubsub): each bridge resubscribes", async () => {
    const channel = freshChannel();
    const me = local({ url: broker.url, library: "ioredis" }, channel);
    await me.b.ready;
    const a = await peer("A", { kind: "redis", url: broker.url, library: "redis", useClient: true }, channel);
    const b = await peer("B", { kind: "redis", url: broker.url, library: "ioredis", useClient: true }, channel);
    expect(await redisCli(broker, "PUBSUB", "NUMSUB", channel)).toBe(`${channel}\n3\n`);

    const stream = a.generate("test.tick", 300, { intervalMs: 5 });
    await eventually(() => numbersFrom(me.log, "A").length >= 50, 10_000, "the stream flows");
    const killedAt = Date.now();
    expect(Number(await redisCli(broker, "CLIENT", "KILL", "TYPE", "pubsub"))).toBe(3);
    await stream;
    await eventually(async () => (await redisCli(broker, "PUBSUB", "NUMSUB", channel)) === `${channel}\n3\n`, 5_000, "three subscribers again");
    await eventually(() => me.log.some((r) => r.from === "A" && r.i === 300), 10_000, "the last event arrives");
    const [ra, rb] = [await a.report(), await b.report()];
    for (const [states, received] of [[me.states, fromRecords(me.log, "A")], [rb.states, fromRecords(rb.log, "A")]] as const) {
      expect(stateNames(states)).toEqual(["bridge.up", "bridge.down", "bridge.up"]);
      expectLossesInside(ownRecords(ra, "A"), received, killedAt, upAfter(states, killedAt));
    }
    // The publishing connections were not touched: A lost nothing it sent.
    expect(ra.stats).toMatchObject({ sent: 300, dropped: 0 });
    expect(await a.close()).toBe(0);
    expect(await b.close()).toBe(0);
  });

  test("§12 a stopped consumer over a small output buffer is cut off by Redis, then catches up; the others lose nothing", async () => {
    const small = await Broker.start("redis", { args: ["--client-output-buffer-limit", "pubsub 256kb 128kb 1"] });
    try {
      const channel = freshChannel();
      const me = local({ url: small.url }, channel); // no library named: node-redis, the first installed
      await me.b.ready;
      const slow = await peer("S", { kind: "redis", url: small.url, library: "redis" }, channel);
      const other = await peer("O", { kind: "redis", url: small.url, library: "ioredis" }, channel);
      const subscribers = async () => (await redisCli(small, "CLIENT", "LIST", "TYPE", "pubsub")).trim().split("\n").length;
      expect(await subscribers()).toBe(3);

      slow.signal("SIGSTOP");
      // 4 KB events until Redis drops the stopped subscriber (kernel buffers first, then 256 KB of Redis' own).
      let sent = 0;
      for (let round = 0; round < 40 && (await subscribers()) === 3; round++) {
        await me.generate("test.tick", "T", 250, { start: sent + 1, pad: 4_000 });
        sent += 250;
        await eventually(() => me.b.stats().queued === 0 && me.b.stats().inFlight === 0, 10_000, "published");
      }
      expect(await subscribers()).toBe(2);
      slow.signal("SIGCONT");
      await eventually(async () => stateNames((await slow.report()).states).join() === "bridge.up,bridge.down,bridge.up", 10_000, "S back");
      await me.generate("test.tick", "T", 100, { start: sent + 1 });
      const last = sent + 100;
      await eventually(async () => numbersFrom((await slow.report()).log, "T").at(-1) === last, 10_000, "S catches up");
      await eventually(async () => numbersFrom((await other.report()).log, "T").at(-1) === last, 10_000, "O has all");
      const [rs, ro] = [await slow.report(), await other.report()];

      const slowGot = numbersFrom(rs.log, "T");
      expect(strictlyIncreasing(slowGot)).toBe(true);
      expect(slowGot.length).toBeLessThan(last);
      expect(slowGot.slice(-100)).toEqual(range(sent + 1, last)); // everything after it was back
      expect(rs.stats.missed).toBe(last - slowGot.length);
      // The cut was reported: a bridge.gap for each hole, counting it, generated once S was back.
      expectGapsReported(rs.gaps, me.b.id, slowGot);
      expect(rs.gaps.length).toBeGreaterThan(0);
      expect(rs.gaps[0].at).toBeGreaterThanOrEqual(upAfter(rs.states, rs.states[1].at));
      expect(ro.gaps).toEqual([]);
      expect(numbersFrom(ro.log, "T")).toEqual(range(1, last));
      expect(stateNames(ro.states)).toEqual(["bridge.up"]);
      expect(me.b.stats()).toMatchObject({ sent: last, dropped: 0, up: true });
      expect(stateNames(me.states)).toEqual(["bridge.up"]);
      expect(await slow.close()).toBe(0);
      expect(await other.close()).toBe(0);
    } finally {
      for (const peer of peers.splice(0)) await peer.kill();
      for (const b of bridges.splice(0)) await b.close();
      await small.stop();
    }
  });

  test("§12 garbage, oversized, wrongly versioned, unknown-event, forged and replayed messages are counted and dropped; valid ones flow", async () => {
    const channel = freshChannel();
    const me = local({ url: broker.url, library: "ioredis" }, channel);
    await me.b.ready;
    const a = await peer("A", { kind: "redis", url: broker.url }, channel);
    const stream = a.generate("test.tick", 200, { intervalMs: 2 });
    await eventually(() => numbersFrom(me.log, "A").length >= 20, 10_000, "the stream flows");

    const envelope = (fields: object) => JSON.stringify({ v: 1, s: "forger-0000000000", n: 1, e: "test.tick", d: { from: "forger" }, ...fields });
    const bad: [string, Buffer | string][] = [
      ["garbage", "this is not JSON {{{"],
      ["garbage", Buffer.from([0xff, 0xfe, 0x00, 0x80])],
      ["garbage", "[1,2,3]"],
      ["oversized", envelope({ d: "x".repeat(70_000) })],
      ["version", envelope({ v: 2 })],
      ["event", envelope({ e: "test.not-bridged" })],
      ["sender", envelope({ s: me.b.id, n: 1_000_000 })], // claims to be this process
      ["sequence", envelope({ s: a.id, n: 1 })],          // A's first message again: a replay
    ];
    for (const [, message] of bad) expect(Number(await redisCliPublish(broker, channel, message))).toBeGreaterThanOrEqual(2);
    await stream;
    await eventually(() => numbersFrom(me.log, "A").length === 200, 10_000, "every valid event arrives");

    expect(numbersFrom(me.log, "A")).toEqual(range(1, 200));
    expect(me.log.filter((r) => r.from !== "A")).toEqual([]);
    expect(me.b.stats()).toMatchObject({
      received: 200, malformed: 8,
      malformedBy: { garbage: 3, oversized: 1, version: 1, event: 1, sender: 1, sequence: 1 },
    });
    expect(await a.close()).toBe(0);
  });

  test.each(["redis", "ioredis"] as const)("§12 a bridge started while Redis is down comes up when it starts (%s); one closed at once never connects", async (library) => {
    const port = await freePort();
    const me = local({ url: `redis://127.0.0.1:${port}`, library }, freshChannel());
    await new Promise((resolve) => setTimeout(resolve, 400)); // a few refused attempts
    expect(me.b.up).toBe(false);
    const late = await Broker.start("redis", { port });
    try {
      await me.b.ready;
      expect(stateNames(me.states)).toEqual(["bridge.up"]);
      for (const wait of [0, 1]) {
        const early = bridge(recordingBus(EVENTS).bus, redisTransport({ url: late.url, library }), { events: EVENTS });
        if (wait) await Promise.resolve(); // let open() start, then close while it imports the client
        await early.close();
        await expect(early.ready).rejects.toThrow(/closed before/);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Only the first bridge's two connections (and redis-cli's own) are left.
      expect((await redisCli(late, "CLIENT", "LIST")).trim().split("\n")).toHaveLength(3);
    } finally {
      await me.b.close();
      await late.stop();
    }
  });

  test("§12 a codec of plain bytes (Uint8Array) crosses Redis both ways", async () => {
    const channel = freshChannel();
    const recording = recordingBus(EVENTS);
    const me = bridge(recording.bus, redisTransport({ url: broker.url, library: "redis" }), { events: EVENTS, channel, codec: bytesCodec });
    recording.bridge = me;
    bridges.push(me);
    await me.ready;
    const a = await Peer.open("A", { kind: "redis", url: broker.url, library: "ioredis" }, channel, EVENTS, { bytes: true });
    peers.push(a);
    await Promise.all([a.generate("test.tick", 50), recording.generate("test.tick", "T", 50)]);
    await eventually(async () => numbersFrom(recording.log, "A").length === 50 && numbersFrom((await a.report()).log, "T").length === 50, 10_000, "both ways");
    expect(numbersFrom(recording.log, "A")).toEqual(range(1, 50));
    expect(me.stats()).toMatchObject({ malformed: 0, sent: 50, received: 50 });
    expect(await a.close()).toBe(0);
  });

  test("§12 a Redis transport closed while it opens leaves no connection behind", async () => {
    const clients = async () => (await redisCli(broker, "CLIENT", "LIST")).trim().split("\n").length;
    const before = await clients();
    for (const library of ["redis", "ioredis"] as const) {
      const transport = redisTransport({ url: broker.url, library });
      const opening = transport.open("never-used", { message() {}, up() {}, down() {}, error() {} });
      await transport.close();
      await opening;
      await transport.close(); // twice: nothing more to do
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await clients()).toBe(before);
  });
});
