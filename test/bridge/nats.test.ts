// §12 over NATS core: a real nats-server, peers in child processes and the
// test process itself as one more peer (a connection of the transport's own,
// with noEcho, and an application's connection without it), then the faults:
// the server SIGKILLed and restarted on its port, and bad messages published
// through a raw protocol connection.

import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { bridge, natsTransport, type Bridge } from "wasm-events/bridge";
import { Broker, brokerTestsRun, freePort, natsPublishRaw } from "../../tools/brokers.js";
import { bytesCodec, eventually, numbersFrom, Peer, stateNames } from "./peers.js";
import { expectAllFrom, expectStreamSurvivesBrokerRestart, range } from "./expectations.js";
import { recordingBus, type RecordingBus } from "./recording-bus.js";

const EVENTS = ["test.tick", "test.other"];
let channelCount = 0;
const freshChannel = () => `wasm-events.test.${process.pid}.${++channelCount}`;

describe.skipIf(!brokerTestsRun("nats"))("§12 bridge over NATS", () => {
  let broker: Broker;
  const peers: Peer[] = [];
  const bridges: Bridge[] = [];
  const closers: (() => Promise<unknown>)[] = [];

  let monitorPort = 0;
  /** Client connections the server has now (its monitoring endpoint). */
  const fetchConnections = async () =>
    ((await (await fetch(`http://127.0.0.1:${monitorPort}/connz`)).json()) as { num_connections: number }).num_connections;

  beforeAll(async () => {
    monitorPort = await freePort();
    broker = await Broker.start("nats", { args: ["-m", String(monitorPort)] });
  });
  afterAll(async () => {
    await broker?.stop();
  });
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.kill();
    for (const b of bridges.splice(0)) await b.close();
    for (const close of closers.splice(0)) await close();
  });

  function local(transport: ReturnType<typeof natsTransport>, channel: string): RecordingBus & { b: Bridge } {
    const recording = recordingBus(EVENTS);
    const b = bridge(recording.bus, transport, { events: EVENTS, channel });
    recording.bridge = b;
    bridges.push(b);
    return Object.assign(recording, { b });
  }

  async function peer(name: string, channel: string, useConnection = false): Promise<Peer> {
    const started = await Peer.open(name, { kind: "nats", servers: broker.url, useConnection }, channel, EVENTS);
    peers.push(started);
    return started;
  }

  test("§12 events cross between processes in order per sender, never echoed, never re-published", async () => {
    const channel = freshChannel();
    // The test process uses an application connection (no noEcho): echoes come back and are ignored.
    const { connect } = await import("@nats-io/transport-node");
    const connection = await connect({ servers: broker.url });
    closers.push(() => connection.close());
    const me = local(natsTransport({ connection }), channel);
    await me.b.ready;
    const a = await peer("A", channel);
    const b = await peer("B", channel, true);

    await Promise.all([a.generate("test.tick", 300), b.generate("test.tick", 200), me.generate("test.tick", "T", 100)]);
    await eventually(() => numbersFrom(me.log, "A").length === 300 && numbersFrom(me.log, "B").length === 200, 10_000, "T hears A and B");
    await eventually(async () => (await a.report()).log.length === 600 && (await b.report()).log.length === 600, 10_000, "A and B hear all");
    await new Promise((resolve) => setTimeout(resolve, 300)); // an echo or a re-publish would arrive now
    const [ra, rb] = [await a.report(), await b.report()];

    expectAllFrom(me.log, "A", 300, true);
    expectAllFrom(me.log, "B", 200, true);
    expectAllFrom(ra.log, "B", 200, true);
    expectAllFrom(ra.log, "T", 100, true);
    expectAllFrom(rb.log, "A", 300, true);
    expectAllFrom(rb.log, "T", 100, true);
    expectAllFrom(ra.log, "A", 300, false);
    expectAllFrom(rb.log, "B", 200, false);
    expectAllFrom(me.log, "T", 100, false);
    expect(me.log).toHaveLength(600);
    // noEcho: the server never sent A its own messages.
    expect(ra.stats).toMatchObject({ sent: 300, received: 300, echoes: 0, dropped: 0, malformed: 0, missed: 0 });
    // Connections without noEcho get theirs back; the sender id keeps them out.
    expect(rb.stats).toMatchObject({ sent: 200, received: 400, echoes: 200, dropped: 0, malformed: 0 });
    expect(me.b.stats()).toMatchObject({ sent: 100, received: 500, echoes: 100, dropped: 0, malformed: 0, up: true });

    expect(await a.close()).toBe(0);
    expect(await b.close()).toBe(0);
  });

  test("§12 server SIGKILLed mid-stream and restarted on its port: bridge.down, bridge.up, losses only inside the outage", async () => {
    const channel = freshChannel();
    const me = local(natsTransport({ servers: broker.url }), channel);
    await me.b.ready;
    const a = await peer("A", channel);
    const b = await peer("B", channel, true);
    await expectStreamSurvivesBrokerRestart(broker, me, a, b);
  });

  test("§12 garbage, oversized, wrongly versioned, unknown-event, forged and replayed messages are counted and dropped; valid ones flow", async () => {
    const channel = freshChannel();
    const me = local(natsTransport({ servers: broker.url }), channel);
    await me.b.ready;
    const a = await peer("A", channel);
    const stream = a.generate("test.tick", 200, { intervalMs: 2 });
    await eventually(() => numbersFrom(me.log, "A").length >= 20, 10_000, "the stream flows");

    const envelope = (fields: object) => JSON.stringify({ v: 1, s: "forger-0000000000", n: 1, e: "test.tick", d: { from: "forger" }, ...fields });
    await natsPublishRaw(broker, channel, [
      "this is not JSON {{{",
      Buffer.from([0xff, 0xfe, 0x00, 0x80]),
      "",
      envelope({ d: "x".repeat(70_000) }),
      envelope({ v: 0 }),
      envelope({ e: "test.not-bridged" }),
      envelope({ s: me.b.id, n: 1_000_000 }),
      envelope({ s: a.id, n: 1 }),
    ]);
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

  test("§12 a bridge started while the server is down comes up when it starts; one closed first never connects", async () => {
    const port = await freePort();
    const me = local(natsTransport({ servers: `nats://127.0.0.1:${port}` }), freshChannel());
    await new Promise((resolve) => setTimeout(resolve, 400)); // a few refused attempts
    expect(me.b.up).toBe(false);
    const late = await Broker.start("nats", { port });
    try {
      await me.b.ready;
      expect(stateNames(me.states)).toEqual(["bridge.up"]);
      const early = bridge(recordingBus(EVENTS).bus, natsTransport({ servers: late.url }), { events: EVENTS });
      await early.close();
      await expect(early.ready).rejects.toThrow(/closed before/);
    } finally {
      await me.b.close();
      await late.stop();
    }
  });

  test("§12 a codec of plain bytes (Uint8Array) crosses NATS both ways", async () => {
    const channel = freshChannel();
    const recording = recordingBus(EVENTS);
    const me = bridge(recording.bus, natsTransport({ servers: broker.url }), { events: EVENTS, channel, codec: bytesCodec });
    recording.bridge = me;
    bridges.push(me);
    await me.ready;
    const a = await Peer.open("A", { kind: "nats", servers: broker.url }, channel, EVENTS, { bytes: true });
    peers.push(a);
    await Promise.all([a.generate("test.tick", 50), recording.generate("test.tick", "T", 50)]);
    await eventually(async () => numbersFrom(recording.log, "A").length === 50 && numbersFrom((await a.report()).log, "T").length === 50, 10_000, "both ways");
    expect(numbersFrom(recording.log, "A")).toEqual(range(1, 50));
    expect(me.stats()).toMatchObject({ malformed: 0, sent: 50, received: 50 });
    expect(await a.close()).toBe(0);
  });

  test("§12 a NATS transport closed while it connects leaves no connection behind", async () => {
    const sink = { message() {}, up() {}, down() {}, error() {} };
    // Closed while the first connect is under way: the connection it gets is closed at once.
    const transport = natsTransport({ servers: broker.url });
    const opening = transport.open("never-used", sink);
    await transport.close();
    await opening;
    // Closed while a refused first connect is pending: no retry is scheduled after it.
    const refused = natsTransport({ servers: `nats://127.0.0.1:${await freePort()}` });
    await refused.open("never-used", sink);
    await refused.close();
    await refused.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const connz = await fetchConnections();
    expect(connz).toBe(0);
  });
});
