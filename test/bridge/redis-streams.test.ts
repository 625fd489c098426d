// §12 durable transport over Redis Streams: a real redis-server with AOF
// (fsync always) on a free port, peers in child processes and the test
// process itself; the shared scenarios of durable-expectations.ts (broker
// SIGKILLed and restarted, retention shorter than an absence, replay), then
// what is particular to streams: entries written by others, and options.

import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";
import { bridge, redisStreamsTransport, redisTransport, type Bridge } from "wasm-events/bridge";
import { Broker, brokerTestsRun, redisCli } from "../../tools/brokers.js";
import {
  expectDurableStreamSurvivesBrokerRestart, expectReplayForLateJoiners, expectTrimmedHistoryReportedAsGap, type DurableKit,
} from "./durable-expectations.js";
import { eventually, numbersFrom, Peer } from "./peers.js";
import { range } from "./expectations.js";
import { recordingBus } from "./recording-bus.js";

const EVENTS = ["test.tick", "test.other"];
let channelCount = 0;
const freshChannel = () => `wasm-events-streams-${process.pid}-${++channelCount}`;

describe.skipIf(!brokerTestsRun("redis"))("§12 bridge over Redis Streams", () => {
  let broker: Broker;
  const peers: Peer[] = [];
  const bridges: Bridge[] = [];

  beforeAll(async () => {
    // Small stream nodes, so that MAXLEN ~ trims close to the cap.
    broker = await Broker.start("redis", { persistent: true, args: ["--stream-node-max-entries", "10"] });
  });
  afterAll(async () => {
    await broker?.stop();
  });
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.kill();
    for (const b of bridges.splice(0)) await b.close();
  });

  const kit = (): DurableKit => ({
    broker,
    local(channel, options = {}) {
      const recording = recordingBus(EVENTS);
      const b = bridge(recording.bus, redisStreamsTransport({ url: broker.url, maxLen: options.retention }), {
        events: EVENTS, channel, replay: options.replay,
      });
      recording.bridge = b;
      bridges.push(b);
      return Object.assign(recording, { b });
    },
    async peer(name, channel, options = {}) {
      const library = name === "B" ? "ioredis" as const : "redis" as const; // both client libraries take part
      const started = await Peer.open(name, { kind: "redis-streams", url: broker.url, library, maxLen: options.retention }, channel, EVENTS);
      peers.push(started);
      return started;
    },
    async streamNumbers(channel, from) {
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
    await expectDurableStreamSurvivesBrokerRestart(kit(), freshChannel());
  });

  test("§12 retention (MAXLEN ~) shorter than a consumer's absence: what was trimmed is reported as bridge.gap", async () => {
    await expectTrimmedHistoryReportedAsGap(kit(), freshChannel(), 50);
  });

  test("§12 replay { last } and { since } for late joiners: history first, marked replayed, then live", async () => {
    await expectReplayForLateJoiners(kit(), freshChannel());
  });

  test("§12 entries written by others (other fields, garbage, forged) are malformed, counted, and valid ones flow", async () => {
    const channel = freshChannel();
    const me = kit().local(channel);
    await me.b.ready;
    await redisCli(broker, "XADD", channel, "*", "other", "field");
    await redisCli(broker, "XADD", channel, "*", "m", "not json {{");
    await redisCli(broker, "XADD", channel, "*", "m", JSON.stringify({ v: 1, s: me.b.id, n: 99, e: "test.tick" }));
    await redisCli(broker, "XADD", channel, "*", "m", JSON.stringify({ v: 1, s: "someone-else-0001", n: 1, e: "test.tick", d: { from: "X", i: 1 } }));
    await eventually(() => me.b.stats().malformed === 3 && numbersFrom(me.log, "X").length === 1, 10_000, "all read");
    expect(me.b.stats().malformedBy).toMatchObject({ garbage: 2, sender: 1 });
  });

  test("§12 the stream is capped near maxLen; replay needs a durable transport; options are checked", async () => {
    const channel = freshChannel();
    const me = kit().local(channel, { retention: 100 });
    await me.b.ready;
    await me.generate("test.tick", "T", 1_000);
    await eventually(() => me.b.stats().sent === 1_000, 10_000, "sent");
    const length = Number(await redisCli(broker, "XLEN", channel));
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(200);
    expect(() => bridge(new EventBus(), redisTransport({ url: broker.url }), { events: EVENTS, replay: { last: 5 } })).toThrow(/durable transport/);
    for (const replay of [{ last: 0 }, { since: -1 }, { last: 1.5 }, { last: 1, since: 1 }, {}, null, "all"]) {
      expect(() => bridge(new EventBus(), redisStreamsTransport({ url: broker.url }), { events: EVENTS, replay: replay as never })).toThrow(EventsError);
    }
    for (const options of [{ url: broker.url, maxLen: 0 }, { url: "http://x" }, { client: {} }, null]) {
      expect(() => redisStreamsTransport(options as never)).toThrow(EventsError);
    }
    expect(range(1, 2)).toEqual([1, 2]);
  });
});
