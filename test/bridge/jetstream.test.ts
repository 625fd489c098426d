// §12 durable transport over NATS JetStream: a real nats-server with
// JetStream and file storage in a temporary directory, on a free port; the
// shared scenarios of durable-expectations.ts (server SIGKILLed and
// restarted, retention shorter than an absence, replay), then options.

import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { EventsError } from "wasm-events";
import { bridge, jetstreamTransport, type Bridge } from "wasm-events/bridge";
import { Broker, brokerTestsRun } from "../../tools/brokers.js";
import {
  expectDurableStreamSurvivesBrokerRestart, expectReplayForLateJoiners, expectTrimmedHistoryReportedAsGap, type DurableKit,
} from "./durable-expectations.js";
import { Peer } from "./peers.js";
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

  test("§12 JetStream options are checked", () => {
    for (const options of [null, { servers: [] }, { servers: "nats://x", maxMessages: 0 }, { servers: "nats://x", stream: "a.b" }, { connection: {} }]) {
      expect(() => jetstreamTransport(options as never)).toThrow(EventsError);
    }
  });
});
