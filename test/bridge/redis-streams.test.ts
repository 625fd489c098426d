// §12 durable transport over Redis Streams: a real redis-server with AOF
// (fsync always) on a free port, peers in child processes and the test
// process itself; the shared scenarios of durable-expectations.ts (broker
// SIGKILLed and restarted, retention shorter than an absence, replay), then
// what is particular to streams: entries written by others, and options.

import { describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";
import { bridge, redisStreamsTransport, redisTransport } from "wasm-events/bridge";
import { Broker, brokerTestsRun, freePort, redisCli } from "../../tools/brokers.js";
import {
  DURABLE_EVENTS as EVENTS, durableKit, expectDurableStreamSurvivesBrokerRestart, expectNothingDispatchedAfterCloseInsideABatch, expectReplayForLateJoiners,
  expectTrimmedHistoryReportedAsGap,
} from "./durable-expectations.js";
import { bytesCodec, eventually, numbersFrom } from "./peers.js";
import { range } from "./expectations.js";
import { recordingBus } from "./recording-bus.js";

let channelCount = 0;
const freshChannel = () => `wasm-events-streams-${process.pid}-${++channelCount}`;

describe.skipIf(!brokerTestsRun("redis"))("§12 bridge over Redis Streams", () => {
  const kit = durableKit({
    // Small stream nodes, so that MAXLEN ~ trims close to the cap.
    startBroker: () => Broker.start("redis", { persistent: true, args: ["--stream-node-max-entries", "10"] }),
    transport: (broker, retention) => redisStreamsTransport({ url: broker.url, maxLen: retention }),
    // Both client libraries take part.
    peerTransport: (broker, name, retention) => ({ kind: "redis-streams", url: broker.url, library: name === "B" ? "ioredis" : "redis", maxLen: retention }),
    async streamNumbers(broker, channel, from) {
      const lines = (await redisCli(broker, "--no-raw", "XRANGE", channel, "-", "+")).split("\n");
      const numbers: number[] = [];
      for (const line of lines) {
        const match = /"(\{.*\})"$/.exec(line.trim());
        if (match === null) continue;
        const { d } = JSON.parse(JSON.parse(`"${match[1]}"`)) as { d: { from: string; i: number } };
        if (d.from === from) numbers.push(d.i);
      }
      return numbers;
    },
  });

  test("§12 broker SIGKILLed mid-stream and restarted (AOF): everything in the stream arrives once, in order; only what it lacks is a gap", async () => {
    await expectDurableStreamSurvivesBrokerRestart(kit, freshChannel());
  });

  test("§12 retention (MAXLEN ~) shorter than a consumer's absence: what was trimmed is reported as bridge.gap", async () => {
    await expectTrimmedHistoryReportedAsGap(kit, freshChannel(), 50);
  });

  test("§12 replay { last } and { since } for late joiners: history first, marked replayed, then live", async () => {
    await expectReplayForLateJoiners(kit, freshChannel());
  });

  test("§12 entries written by others (other fields, garbage, forged) are malformed, counted, and valid ones flow", async () => {
    const channel = freshChannel();
    const me = kit.local(channel);
    await me.b.ready;
    await redisCli(kit.broker, "XADD", channel, "*", "other", "field");
    await redisCli(kit.broker, "XADD", channel, "*", "m", "not json {{");
    await redisCli(kit.broker, "XADD", channel, "*", "m", JSON.stringify({ v: 1, s: me.b.id, n: 99, e: "test.tick" }));
    await redisCli(kit.broker, "XADD", channel, "*", "m", JSON.stringify({ v: 1, s: "someone-else-0001", n: 1, e: "test.tick", d: { from: "X", i: 1 } }));
    await eventually(() => me.b.stats().malformed === 3 && numbersFrom(me.log, "X").length === 1, 10_000, "all read");
    expect(me.b.stats().malformedBy).toMatchObject({ garbage: 2, sender: 1 });
  });

  test("§12 the application's clients (node-redis, ioredis) carry a stream too, with byte payloads; close() leaves them open", async () => {
    const channel = freshChannel();
    const { createClient } = await import("redis");
    const { Redis } = await import("ioredis");
    const nodeRedis = createClient({ url: kit.broker.url });
    await nodeRedis.connect();
    const ioredis = new Redis(kit.broker.url);
    try {
      const [one, two] = [recordingBus(EVENTS), recordingBus(EVENTS)];
      one.bridge = bridge(one.bus, redisStreamsTransport({ client: nodeRedis }), { events: EVENTS, channel, codec: bytesCodec });
      two.bridge = bridge(two.bus, redisStreamsTransport({ client: ioredis }), { events: EVENTS, channel, codec: bytesCodec });
      kit.closeAfterTest(one.bridge, two.bridge);
      await Promise.all([one.bridge.ready, two.bridge.ready]);
      await Promise.all([one.generate("test.tick", "ONE", 30), two.generate("test.tick", "TWO", 30)]);
      // Each reads its own entries back from the stream too: echoes, ignored.
      await eventually(() => numbersFrom(one.log, "TWO").length === 30 && numbersFrom(two.log, "ONE").length === 30
        && one.bridge!.stats().echoes === 30, 10_000, "both ways");
      expect(numbersFrom(one.log, "TWO")).toEqual(range(1, 30));
      expect(numbersFrom(two.log, "ONE")).toEqual(range(1, 30));
      expect(one.bridge.stats()).toMatchObject({ sent: 30, received: 30, echoes: 30, malformed: 0 });
      await one.bridge.close();
      await two.bridge.close();
      expect(await nodeRedis.ping()).toBe("PONG");
      expect(await ioredis.ping()).toBe("PONG");
    } finally {
      nodeRedis.destroy();
      ioredis.disconnect();
    }
  });

  test("§12 a stream bridge started while Redis is down comes up when it starts; closed while it opens, it leaves nothing", async () => {
    const port = await freePort();
    const recording = recordingBus(EVENTS);
    const late = bridge(recording.bus, redisStreamsTransport({ url: `redis://127.0.0.1:${port}`, library: "ioredis" }), { events: EVENTS });
    kit.closeAfterTest(late);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(late.up).toBe(false);
    const started = await Broker.start("redis", { port });
    try {
      await late.ready;
      const early = bridge(recordingBus(EVENTS).bus, redisStreamsTransport({ url: started.url }), { events: EVENTS });
      await Promise.resolve();
      await early.close();
      await expect(early.ready).rejects.toThrow(/closed before/);
      await late.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await redisCli(started, "CLIENT", "LIST")).trim().split("\n")).toHaveLength(1); // redis-cli's own
    } finally {
      await started.stop();
    }
  });

  test("§12 close() from a listener in the middle of a replay or of a batch of live messages: nothing is dispatched after it", async () => {
    for (const replay of [{ last: 5 }, { since: 60_000 }, undefined]) await expectNothingDispatchedAfterCloseInsideABatch(kit, freshChannel(), replay);
  });

  test("§12 replay { last } and { since } on a stream nobody wrote yet: nothing replayed, then live messages flow unmarked", async () => {
    for (const replay of [{ last: 10 }, { since: 60_000 }]) {
      const channel = freshChannel();
      const late = kit.local(channel, { replay });
      await late.b.ready;
      expect(late.log).toEqual([]);
      const sender = kit.local(channel);
      await sender.b.ready;
      await sender.generate("test.tick", "S", 5);
      await eventually(() => numbersFrom(late.log, "S").length === 5, 10_000, `live messages after replay ${JSON.stringify(replay)}`);
      expect(numbersFrom(late.log, "S")).toEqual(range(1, 5));
      expect(late.log.every((record) => !record.replayed)).toBe(true);
    }
  });

  test("§12 replay { since } of more history than one read (512 entries): every entry once, in order, marked replayed", async () => {
    const channel = freshChannel();
    const sender = kit.local(channel);
    await sender.b.ready;
    await sender.generate("test.tick", "S", 1_200);
    await eventually(() => sender.b.stats().sent === 1_200, 10_000, "sent");
    const late = kit.local(channel, { replay: { since: 60_000 } });
    await late.b.ready;
    await eventually(() => numbersFrom(late.log, "S").length >= 1_200, 10_000, "the history");
    expect(numbersFrom(late.log, "S")).toEqual(range(1, 1_200));
    expect(late.log.every((record) => record.replayed)).toBe(true);
    await sender.generate("test.tick", "S", 1, { start: 1_201 });
    await eventually(() => numbersFrom(late.log, "S").length === 1_201, 10_000, "the live message");
    expect(late.log.at(-1)).toMatchObject({ i: 1_201, replayed: false });
  });

  test("§12 the stream is capped near maxLen; replay needs a durable transport; options are checked", async () => {
    const channel = freshChannel();
    const me = kit.local(channel, { retention: 100 });
    await me.b.ready;
    await me.generate("test.tick", "T", 1_000);
    await eventually(() => me.b.stats().sent === 1_000, 10_000, "sent");
    const length = Number(await redisCli(kit.broker, "XLEN", channel));
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(200);
    expect(() => bridge(new EventBus(), redisTransport({ url: kit.broker.url }), { events: EVENTS, replay: { last: 5 } })).toThrow(/durable transport/);
    for (const replay of [{ last: 0 }, { since: -1 }, { last: 1.5 }, { last: 1, since: 1 }, {}, null, "all"]) {
      expect(() => bridge(new EventBus(), redisStreamsTransport({ url: kit.broker.url }), { events: EVENTS, replay: replay as never })).toThrow(EventsError);
    }
    for (const options of [{ url: kit.broker.url, maxLen: 0 }, { url: "http://x" }, { client: {} }, null]) {
      expect(() => redisStreamsTransport(options as never)).toThrow(EventsError);
    }
  });
});
