// §12 durable transport over NATS JetStream: a real nats-server with
// JetStream and file storage in a temporary directory, on a free port; the
// shared scenarios of durable-expectations.ts (server SIGKILLed and
// restarted, retention shorter than an absence, replay), then options.

import { describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";
import { bridge, jetstreamTransport, type BridgeErrorContext } from "wasm-events/bridge";
import { Broker, brokerTestsRun, freePort } from "../../tools/brokers.js";
import {
  DURABLE_EVENTS as EVENTS, durableKit, expectDurableStreamSurvivesBrokerRestart, expectNothingDispatchedAfterCloseInsideABatch, expectReplayForLateJoiners,
  expectTrimmedHistoryReportedAsGap,
} from "./durable-expectations.js";
import { bytesCodec, eventually, numbersFrom, strictlyIncreasing } from "./peers.js";
import { expectGapsReported, range } from "./expectations.js";
import { recordingBus } from "./recording-bus.js";

let channelCount = 0;
const freshChannel = () => `wasm-events.js.${process.pid}.${++channelCount}`;

describe.skipIf(!brokerTestsRun("nats"))("§12 bridge over NATS JetStream", () => {
  const kit = durableKit({
    startBroker: () => Broker.start("nats", { persistent: true }),
    transport: (broker, retention) => jetstreamTransport({ servers: broker.url, maxMessages: retention }),
    peerTransport: (broker, _name, retention) => ({ kind: "jetstream", servers: broker.url, maxMessages: retention }),
    async streamNumbers(broker, channel, from) {
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
    await expectDurableStreamSurvivesBrokerRestart(kit, freshChannel());
  });

  test("§12 retention (max_msgs) shorter than a consumer's absence: what was discarded is reported as bridge.gap", async () => {
    await expectTrimmedHistoryReportedAsGap(kit, freshChannel(), 50);
  });

  test("§12 replay { last } and { since } for late joiners: history first, marked replayed, then live", async () => {
    await expectReplayForLateJoiners(kit, freshChannel());
  });

  test("§12 the application's connection carries a stream too (left open at close), beside a connection of the transport's own", async () => {
    const channel = freshChannel();
    const { connect } = await import("@nats-io/transport-node");
    const connection = await connect({ servers: kit.broker.url });
    try {
      const [one, two] = [recordingBus(EVENTS), recordingBus(EVENTS)];
      one.bridge = bridge(one.bus, jetstreamTransport({ connection, stream: `named_${process.pid}` }), { events: EVENTS, channel, codec: bytesCodec });
      two.bridge = bridge(two.bus, jetstreamTransport({ servers: [kit.broker.url], stream: `named_${process.pid}` }), { events: EVENTS, channel, codec: bytesCodec });
      kit.closeAfterTest(one.bridge, two.bridge);
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
    kit.closeAfterTest(late);
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
    const sender = kit.local(channel);
    const receiver = kit.local(channel);
    await Promise.all([sender.b.ready, receiver.b.ready]);
    await sender.generate("test.tick", "S", 20);
    await eventually(() => numbersFrom(receiver.log, "S").length === 20, 10_000, "first part");
    const { connect } = await import("@nats-io/transport-node");
    const { jetstreamManager } = await import("@nats-io/jetstream");
    const connection = await connect({ servers: kit.broker.url });
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

  test("§12 a stream deleted and at once created again by someone else: the receiver's consumer starts over on the new stream", async () => {
    const channel = freshChannel();
    const stream = channel.replace(/[.]/g, "_");
    const sender = kit.local(channel);
    const receiver = kit.local(channel);
    await Promise.all([sender.b.ready, receiver.b.ready]);
    await withStreamManager(kit.broker.url, async (manager) => {
      await manager.streams.delete(stream);
      await manager.streams.add({ name: stream, subjects: [channel], storage: "file" as never });
    });
    await eventually(() => receiver.b.up && receiver.states.at(-1)?.event === "bridge.up" && receiver.states.length >= 3, 10_000, "the receiver's consumer again");
    await eventually(() => sender.b.up, 10_000, "the sender up");
    await sender.generate("test.tick", "S", 10);
    await eventually(() => numbersFrom(receiver.log, "S").at(-1) === 10, 10_000, "what follows");
    expect(numbersFrom(receiver.log, "S")).toEqual(range(1, 10));
  });

  test("§12 close() from a listener in the middle of a replay or of a batch of live messages: nothing is dispatched after it", async () => {
    for (const replay of [{ last: 5 }, { since: 60_000 }, undefined]) await expectNothingDispatchedAfterCloseInsideABatch(kit, freshChannel(), replay);
  });

  test("§12 a bridge closed while it waits to start over after its stream was deleted never creates the stream again", async () => {
    const channel = freshChannel();
    const stream = channel.replace(/[.]/g, "_");
    const receiver = kit.local(channel);
    await receiver.b.ready;
    await withStreamManager(kit.broker.url, async (manager) => {
      await manager.streams.delete(stream);
      await eventually(() => receiver.states.at(-1)?.event === "bridge.down", 10_000, "bridge.down");
      await receiver.b.close();
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // past the wait before starting over
      await expect(manager.streams.info(stream)).rejects.toThrow(/stream not found/i);
    });
  });

  test("§12 the application closes its connection under the bridge: the bridge goes down and reports each failure to onError as 'transport'", async () => {
    const { connect } = await import("@nats-io/transport-node");
    const connection = await connect({ servers: kit.broker.url });
    const errors: [string, BridgeErrorContext][] = [];
    const recording = recordingBus(EVENTS);
    const b = bridge(recording.bus, jetstreamTransport({ connection }), {
      events: EVENTS, channel: freshChannel(), onError: (error, context) => errors.push([(error as Error).message, context]),
    });
    kit.closeAfterTest(b);
    await b.ready;
    await connection.close();
    await eventually(() => !b.up && errors.length >= 2, 10_000, "down, with the failures reported");
    expect(recording.states.map((s) => s.event)).toEqual(["bridge.up", "bridge.down"]);
    expect(errors.every(([, context]) => context === "transport")).toBe(true);
  });

  test("§12 closed at any point while it opens on the application's connection: a bridge closed before it was up never goes up; the connection stays open", async () => {
    const { connect } = await import("@nats-io/transport-node");
    const { jetstreamManager } = await import("@nats-io/jetstream");
    const connection = await connect({ servers: kit.broker.url });
    try {
      const channel = freshChannel();
      await (await jetstreamManager(connection)).streams.add({ name: channel.replace(/[.]/g, "_"), subjects: [channel] });
      const outcomes: string[] = [];
      for (const delayMs of [0, 1, 2, 4, 8, 16, 32]) {
        const recording = recordingBus(EVENTS);
        const b = bridge(recording.bus, jetstreamTransport({ connection }), { events: EVENTS, channel });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        await b.close();
        const outcome = await b.ready.then(() => "up", () => "closed");
        await new Promise((resolve) => setTimeout(resolve, 50)); // a transport still opening would go up meanwhile
        outcomes.push(outcome);
        expect({ delayMs, states: recording.states.map((s) => s.event) }).toEqual({ delayMs, states: outcome === "up" ? ["bridge.up"] : [] });
        if (outcome === "closed") expect(b.up).toBe(false);
      }
      expect(outcomes[0]).toBe("closed");
      expect(connection.isClosed()).toBe(false);
    } finally {
      await connection.close();
    }
  });

  test("§12 a server without JetStream: every failed attempt goes to onError as 'transport', the bridge stays down, close() ends the retries", async () => {
    const plain = await Broker.start("nats"); // not persistent: no -js
    try {
      const errors: [string, BridgeErrorContext][] = [];
      const b = bridge(new EventBus(), jetstreamTransport({ servers: plain.url }), {
        events: EVENTS, channel: freshChannel(), onError: (error, context) => errors.push([(error as Error).message, context]),
      });
      await eventually(() => errors.length >= 2, 10_000, "two failed attempts");
      expect(b.up).toBe(false);
      expect(errors.every(([, context]) => context === "transport")).toBe(true);
      expect(errors[0][0]).toMatch(/jetstream/i);
      await b.close();
      await expect(b.ready).rejects.toThrow(/closed before/);
      const reported = errors.length;
      await new Promise((resolve) => setTimeout(resolve, 500)); // longer than the next retry delay
      expect(errors.length).toBe(reported);
    } finally {
      await plain.stop();
    }
  });

  test("§12 closed while its connection is being made to a live server: the connection is closed once made, nothing is left open", async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((kind) => kind === "TCPSocketWrap").length;
    const before = sockets();
    // The first pause lets open() start (it starts a microtask after bridge()); the longer ones land while it connects,
    // or, on a quiet machine where a loopback connection and the stream's setup take under a few milliseconds, just
    // after it came up: then `ready` has resolved and close() is an ordinary close. Either way nothing may stay open.
    let closedWhileConnecting = 0;
    for (const delayMs of [0, 1, 2, 4]) {
      const b = bridge(new EventBus(), jetstreamTransport({ servers: kit.broker.url }), { events: EVENTS, channel: freshChannel() });
      let up = false;
      b.ready.then(() => (up = true), () => {});
      await new Promise((resolve) => setTimeout(resolve, delayMs)); // a macrotask: `up` is now what `ready` says
      const upBeforeClose = up;
      await b.close();
      if (upBeforeClose) continue;
      await expect(b.ready).rejects.toThrow(/closed before/);
      closedWhileConnecting++;
    }
    expect(closedWhileConnecting).toBeGreaterThan(0);
    await eventually(() => sockets() <= before, 5_000, "the transports' sockets closed");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sockets()).toBeLessThanOrEqual(before);
  });

  test("§12 JetStream options are checked", () => {
    for (const options of [null, { servers: [] }, { servers: "nats://x", maxMessages: 0 }, { servers: "nats://x", stream: "a.b" }, { connection: {} }]) {
      expect(() => jetstreamTransport(options as never)).toThrow(EventsError);
    }
  });
});

/** Runs `use` with a JetStream manager on its own connection to the broker at `url` (another process's view of the streams). */
async function withStreamManager(url: string, use: (manager: Awaited<ReturnType<typeof import("@nats-io/jetstream").jetstreamManager>>) => Promise<void>): Promise<void> {
  const { connect } = await import("@nats-io/transport-node");
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const connection = await connect({ servers: url });
  try {
    await use(await jetstreamManager(connection));
  } finally {
    await connection.close();
  }
}
