// §12 durable transport over NATS JetStream: a real nats-server with
// JetStream and file storage in a temporary directory, on a free port; the
// shared scenarios of durable-expectations.ts (server SIGKILLed and
// restarted, retention shorter than an absence, replay), then options.

import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { EventsError } from "wasm-events";
import { bridge, jetstreamTransport, type Bridge } from "wasm-events/bridge";
import { Broker, brokerTestsRun, freePort } from "../../tools/brokers.js";
import {
  expectDurableStreamSurvivesBrokerRestart, expectReplayForLateJoiners, expectTrimmedHistoryReportedAsGap, type DurableKit,
} from "./durable-expectations.js";
import { bytesCodec, eventually, numbersFrom, Peer, strictlyIncreasing } from "./peers.js";
import { expectGapsReported, range } from "./expectations.js";
import { recordingBus } from "./recording-bus.js";

const EVENTS = ["test.tick", "test.other"];
let channelCount = 0;
const freshChannel = () => `wasm-events.js.${process.pid}.${++channelCount}`;

describe.skipIf(!brokerTestsRun("nats"))("§12 bridge over NATS JetStream", () => {
  let broker: Broker;
  const peers: Peer[] = [];
  const bridges: Bridge[] = [];

  beforeAll(async () => {
    broker = await Broker.start("nats", { persistent: true });
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
      const b = bridge(recording.bus, jetstreamTransport({ servers: broker.url, maxMessages: options.retention }), {
        events: EVENTS, channel, replay: options.replay,
      });
      recording.bridge = b;
      bridges.push(b);
      return Object.assign(recording, { b });
    },
    async peer(name, channel, options = {}) {
      const started = await Peer.open(name, { kind: "jetstream", servers: broker.url, maxMessages: options.retention }, channel, EVENTS);
      peers.push(started);
      return started;
    },
    async streamNumbers(channel, from) {
      // Read with the client library directly, not with the transport under test.
      const { connect } = await import("@nats-io/transport-node");
      const { jetstreamManager } = await import("@nats-io/jetstream");
      const connection = await connect({ servers: broker.url });
      try {
        const manager = await jetstreamManager(connection);
        const name = channel.replace(/[.]/g, "_");
        const { state } = await manager.streams.info(name);
        const numbers: number[] = [];
        for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
          const message = await manager.streams.getMessage(name, { seq }).catch(() => null);
          if (message === null) continue;
          const { d } = message.json<{ d: { from: string; i: number } }>();
          if (d.from === from) numbers.push(d.i);
        }
        return numbers;
      } finally {
        await connection.close();
      }
    },
  });

  test("§12 server SIGKILLed mid-stream and restarted (file storage): everything in the stream arrives once, in order; only what it lacks is a gap", async () => {
    await expectDurableStreamSurvivesBrokerRestart(kit(), freshChannel());
  });

  test("§12 retention (max_msgs) shorter than a consumer's absence: what was discarded is reported as bridge.gap", async () => {
    await expectTrimmedHistoryReportedAsGap(kit(), freshChannel(), 50);
  });

  test("§12 replay { last } and { since } for late joiners: history first, marked replayed, then live", async () => {
    await expectReplayForLateJoiners(kit(), freshChannel());
  });

  test("§12 the application's connection carries a stream too (left open at close), beside a connection of the transport's own", async () => {
    const channel = freshChannel();
    const { connect } = await import("@nats-io/transport-node");
    const connection = await connect({ servers: broker.url });
    try {
      const [one, two] = [recordingBus(EVENTS), recordingBus(EVENTS)];
      one.bridge = bridge(one.bus, jetstreamTransport({ connection, stream: `named_${process.pid}` }), { events: EVENTS, channel, codec: bytesCodec });
      two.bridge = bridge(two.bus, jetstreamTransport({ servers: [broker.url], stream: `named_${process.pid}` }), { events: EVENTS, channel, codec: bytesCodec });
      bridges.push(one.bridge, two.bridge);
      await Promise.all([one.bridge.ready, two.bridge.ready]);
      await Promise.all([one.generate("test.tick", "ONE", 30), two.generate("test.tick", "TWO", 30)]);
      await eventually(() => numbersFrom(one.log, "TWO").length === 30 && numbersFrom(two.log, "ONE").length === 30
        && one.bridge!.stats().echoes === 30, 10_000, "both ways, and its own back as echoes");
      expect(numbersFrom(one.log, "TWO")).toEqual(range(1, 30));
      expect(numbersFrom(two.log, "ONE")).toEqual(range(1, 30));
      expect(one.bridge.stats()).toMatchObject({ sent: 30, received: 30, echoes: 30, malformed: 0 });
      await one.bridge.close();
      expect(connection.isClosed()).toBe(false);
    } finally {
      await connection.close();
    }
  });

  test("§12 a JetStream bridge started while the server is down comes up when it starts; one closed at once never connects", async () => {
    const port = await freePort();
    const recording = recordingBus(EVENTS);
    const late = bridge(recording.bus, jetstreamTransport({ servers: `nats://127.0.0.1:${port}` }), { events: EVENTS, channel: freshChannel() });
    bridges.push(late);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(late.up).toBe(false);
    const started = await Broker.start("nats", { port, persistent: true });
    try {
      await late.ready;
      expect(late.up).toBe(true);
      const early = bridge(recordingBus(EVENTS).bus, jetstreamTransport({ servers: started.url }), { events: EVENTS });
      await Promise.resolve();
      await early.close();
      await expect(early.ready).rejects.toThrow(/closed before/);
      await late.close();
    } finally {
      await started.stop();
    }
  });

  test("§12 a stream deleted under the bridges is created again; what follows still arrives, in order", async () => {
    const channel = freshChannel();
    const k = kit();
    const sender = k.local(channel);
    const receiver = k.local(channel);
    await Promise.all([sender.b.ready, receiver.b.ready]);
    await sender.generate("test.tick", "S", 20);
    await eventually(() => numbersFrom(receiver.log, "S").length === 20, 10_000, "first part");
    const { connect } = await import("@nats-io/transport-node");
    const { jetstreamManager } = await import("@nats-io/jetstream");
    const connection = await connect({ servers: broker.url });
    try {
      await (await jetstreamManager(connection)).streams.delete(channel.replace(/[.]/g, "_"));
    } finally {
      await connection.close();
    }
    await eventually(() => receiver.b.up && receiver.states.at(-1)?.event === "bridge.up" && receiver.states.length >= 3, 10_000, "the receiver's consumer again");
    await eventually(() => sender.b.up, 10_000, "the sender up");
    await sender.generate("test.tick", "S", 20, { start: 21 });
    await eventually(() => numbersFrom(receiver.log, "S").at(-1) === 40, 10_000, "second part");
    const got = numbersFrom(receiver.log, "S");
    expect(strictlyIncreasing(got)).toBe(true);
    expect(got.slice(-5)).toEqual(range(36, 40));
    expectGapsReported(receiver.gaps, sender.b.id, got);
  });

  test("§12 JetStream options are checked", () => {
    for (const options of [null, { servers: [] }, { servers: "nats://x", maxMessages: 0 }, { servers: "nats://x", stream: "a.b" }, { connection: {} }]) {
      expect(() => jetstreamTransport(options as never)).toThrow(EventsError);
    }
  });
});
