// §12's durable transports (Redis Streams, JetStream) held to the same rules
// by one copy of each scenario: a broker restart loses nothing still in the
// stream, retention shorter than a consumer's absence is reported as a gap,
// and replay gives a late joiner the history first, marked. The transport
// files supply how to make their transport, a peer's and read the stream's
// content; durableKit turns that into the kit the scenarios use.

import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { bridge, type Bridge, type Replay, type Transport } from "wasm-events/bridge";
import type { Broker } from "../../tools/brokers.js";
import { expectGapsReported, fromRecords, ownRecords, range, upAfter } from "./expectations.js";
import { eventually, numbersFrom, Peer, stateNames, strictlyIncreasing, type TransportSpec } from "./peers.js";
import { recordingBus, type RecordingBus } from "./recording-bus.js";

export const DURABLE_EVENTS = ["test.tick", "test.other"];

/** How one durable transport is made; `retention` caps the stream at about that many messages. */
interface DurableTransport {
  /** Starts the persistent broker for the file's tests. */
  startBroker(): Promise<Broker>;
  transport(broker: Broker, retention: number | undefined): Transport;
  /** The same transport in a peer process named `name`. */
  peerTransport(broker: Broker, name: string, retention: number | undefined): TransportSpec;
  /** The `i` of every event from `from` in the channel's stream now, read with a client library, not the transport. */
  streamNumbers(broker: Broker, channel: string, from: string): Promise<number[]>;
}

/** What the scenarios use: the broker, bridges and peers on it (closed after each test), the stream's content. */
interface DurableKit {
  readonly broker: Broker;
  /** A bridge in the test process on `channel` (retention `retention` messages, replay as asked). */
  local(channel: string, options?: { retention?: number; replay?: Replay }): RecordingBus & { b: Bridge };
  /** A peer process on `channel`. */
  peer(name: string, channel: string, options?: { retention?: number }): Promise<Peer>;
  /** The `i` of every event from `from` in the channel's stream now, in stream order. */
  streamNumbers(channel: string, from: string): Promise<number[]>;
  /** Closes these bridges after the test. */
  closeAfterTest(...made: Bridge[]): void;
}

/**
 * The kit for `transport`, inside a describe: starts its broker before the
 * file's tests and stops it after them; kills the peers and closes the
 * bridges it made (and those handed to closeAfterTest) after each test.
 */
export function durableKit(transport: DurableTransport): DurableKit {
  let broker: Broker | undefined;
  const peers: Peer[] = [];
  const bridges: Bridge[] = [];
  beforeAll(async () => {
    broker = await transport.startBroker();
  });
  afterAll(async () => {
    await broker?.stop();
  });
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.kill();
    for (const b of bridges.splice(0)) await b.close();
  });
  const started = (): Broker => {
    if (broker === undefined) throw new Error("the broker is started in beforeAll");
    return broker;
  };
  return {
    get broker() {
      return started();
    },
    local(channel, options = {}) {
      const recording = recordingBus(DURABLE_EVENTS);
      const b = bridge(recording.bus, transport.transport(started(), options.retention), {
        events: DURABLE_EVENTS, channel, replay: options.replay,
      });
      recording.bridge = b;
      bridges.push(b);
      return Object.assign(recording, { b });
    },
    async peer(name, channel, options = {}) {
      const peer = await Peer.open(name, transport.peerTransport(started(), name, options.retention), channel, DURABLE_EVENTS);
      peers.push(peer);
      return peer;
    },
    streamNumbers: (channel, from) => transport.streamNumbers(started(), channel, from),
    closeAfterTest(...made) {
      bridges.push(...made);
    },
  };
}

/**
 * The broker (persistent: Redis AOF fsync'd always, JetStream file storage)
 * is SIGKILLed while A streams 500 events to T and B, then restarted on its
 * port: every bridge goes up, down, up; each receiver gets exactly what the
 * stream holds from A, once, in order (what A had queued meanwhile is sent
 * after the restart), and reports as gaps only what it did not get.
 */
export async function expectDurableStreamSurvivesBrokerRestart(kit: DurableKit, channel: string): Promise<void> {
  const me = kit.local(channel);
  await me.b.ready;
  const a = await kit.peer("A", channel);
  const b = await kit.peer("B", channel);
  const stream = a.generate("test.tick", 500, { intervalMs: 5 });
  await eventually(() => numbersFrom(me.log, "A").length >= 100, 10_000, "the stream flows");
  await kit.broker.kill("SIGKILL");
  await eventually(() => me.states.some((s) => s.event === "bridge.down"), 5_000, "bridge.down");
  await new Promise((resolve) => setTimeout(resolve, 300));
  const restartedAt = Date.now();
  await kit.broker.restart();
  await stream;
  await eventually(async () => upAfter(me.states, restartedAt) < Infinity
    && upAfter((await a.report()).states, restartedAt) < Infinity && upAfter((await b.report()).states, restartedAt) < Infinity,
  10_000, "bridge.up everywhere");
  await eventually(async () => (await a.report()).stats.queued === 0 && (await a.report()).stats.inFlight === 0, 10_000, "A's queue handed over");
  const inStream = await kit.streamNumbers(channel, "A");
  await eventually(async () => numbersFrom(me.log, "A").length >= inStream.length
    && numbersFrom((await b.report()).log, "A").length >= inStream.length, 10_000, "everything in the stream arrives");
  await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would arrive now
  const [ra, rb] = [await a.report(), await b.report()];

  // The stream kept A's events across the SIGKILL (AOF / file storage) and got the rest after the restart.
  expect(strictlyIncreasing(inStream)).toBe(true);
  expect(inStream.length).toBeGreaterThan(400);
  for (const [who, states, received, gaps] of [["T", me.states, fromRecords(me.log, "A"), me.gaps], ["B", rb.states, fromRecords(rb.log, "A"), rb.gaps]] as const) {
    expect({ who, states: stateNames(states) }).toEqual({ who, states: ["bridge.up", "bridge.down", "bridge.up"] });
    const numbers = received.map((r) => r.i!);
    // Exactly once, in order: what the stream holds, nothing else, nothing twice.
    expect({ who, numbers }).toEqual({ who, numbers: inStream });
    expect(received.every((r) => r.remote && !r.replayed)).toBe(true);
    expectGapsReported(gaps, a.id, numbers);
  }
  // What A generated and the stream does not hold, A counted as dropped (a publish cut off by the kill;
  // one whose reply alone was cut off is counted too, though the stream holds it).
  expect(ra.stats.dropped).toBeGreaterThanOrEqual(ownRecords(ra, "A").length - inStream.length);
  expect(stateNames(ra.states)).toEqual(["bridge.up", "bridge.down", "bridge.up"]);
  expect(me.b.stats()).toMatchObject({ malformed: 0 });
  expect(await a.close()).toBe(0);
  expect(await b.close()).toBe(0);
}

/**
 * A consumer (S, SIGSTOPped) away while the stream, capped at `retention`
 * messages, takes far more: once back, S resumes from the oldest message
 * left, reports what was trimmed as a gap (exactly the holes in what it got),
 * and gets everything after it.
 */
export async function expectTrimmedHistoryReportedAsGap(kit: DurableKit, channel: string, retention: number): Promise<void> {
  const me = kit.local(channel, { retention });
  await me.b.ready;
  const slow = await kit.peer("S", channel, { retention });
  await me.generate("test.tick", "T", 20);
  await eventually(async () => numbersFrom((await slow.report()).log, "T").length === 20, 10_000, "S reads");
  slow.signal("SIGSTOP");
  await me.generate("test.tick", "T", retention * 6, { start: 21 });
  await eventually(() => me.b.stats().queued === 0 && me.b.stats().inFlight === 0, 10_000, "published");
  slow.signal("SIGCONT");
  const last = 20 + retention * 6;
  await me.generate("test.tick", "T", 20, { start: last + 1 });
  await eventually(async () => numbersFrom((await slow.report()).log, "T").at(-1) === last + 20, 15_000, "S catches up");
  const rs = await slow.report();
  const got = numbersFrom(rs.log, "T");
  expect(strictlyIncreasing(got)).toBe(true);
  expect(got.slice(0, 20)).toEqual(range(1, 20));
  expect(got.slice(-20)).toEqual(range(last + 1, last + 20));
  expect(got.length).toBeLessThan(last + 20); // the cap trimmed some before S was back
  expectGapsReported(rs.gaps, me.b.id, got);
  expect(rs.gaps.length).toBeGreaterThan(0);
  expect(rs.stats).toMatchObject({ missed: last + 20 - got.length, malformed: 0 });
  expect(await slow.close()).toBe(0);
}

/**
 * Replay for late joiners: after T sent 1..20, a bridge with `{ last: 5 }`
 * dispatches 16..20 marked replayed before live 21..25 (not marked), one
 * with `{ since }` covering everything gets 1..25, and one without replay
 * only the live ones.
 */
export async function expectReplayForLateJoiners(kit: DurableKit, channel: string): Promise<void> {
  const me = kit.local(channel);
  await me.b.ready;
  await me.generate("test.tick", "T", 20);
  await eventually(() => me.b.stats().sent === 20, 10_000, "sent");
  const last5 = kit.local(channel, { replay: { last: 5 } });
  const since = kit.local(channel, { replay: { since: 60_000 } });
  const live = kit.local(channel);
  await Promise.all([last5.b.ready, since.b.ready, live.b.ready]);
  await eventually(() => numbersFrom(last5.log, "T").length === 5 && numbersFrom(since.log, "T").length === 20, 10_000, "history replayed");
  await me.generate("test.tick", "T", 5, { start: 21 });
  await eventually(() => [last5, since, live].every((r) => numbersFrom(r.log, "T").at(-1) === 25), 10_000, "live events");
  const marks = (r: RecordingBus) => r.log.map((record) => `${record.i}${record.replayed ? "r" : ""}`);
  expect(marks(last5)).toEqual(["16r", "17r", "18r", "19r", "20r", "21", "22", "23", "24", "25"]);
  expect(marks(since)).toEqual([...range(1, 20).map((i) => `${i}r`), "21", "22", "23", "24", "25"]);
  expect(marks(live)).toEqual(["21", "22", "23", "24", "25"]);
  for (const r of [last5, since, live]) {
    expect(r.log.every((record) => record.remote)).toBe(true);
    expect(r.gaps).toEqual([]);
    expect(r.b.stats()).toMatchObject({ malformed: 0, missed: 0 });
  }
}

/**
 * close() called by a listener while the transport delivers a batch (a
 * replay, or live messages read together): the transport stops at once, so
 * the message being dispatched is the last one; nothing after it arrives.
 */
export async function expectNothingDispatchedAfterCloseInsideABatch(kit: DurableKit, channel: string, replay?: Replay): Promise<void> {
  const sender = kit.local(channel);
  await sender.b.ready;
  if (replay !== undefined) {
    await sender.generate("test.tick", "S", 20);
    await eventually(() => sender.b.stats().sent === 20, 10_000, "the history sent");
  }
  const late = kit.local(channel, { replay });
  late.b.ready.catch(() => {}); // closed during the replay, before it was ever up: ready rejects
  late.bus.register(null, "test.tick", () => void late.b.close());
  if (replay === undefined) {
    await late.b.ready;
    await sender.generate("test.tick", "S", 20, { start: 21 }); // one burst: read in few batches
  }
  await eventually(() => late.log.length >= 1, 10_000, "the first message");
  await new Promise((resolve) => setTimeout(resolve, 500)); // what a transport still delivering would deliver meanwhile
  const first = replay === undefined ? 21 : "last" in replay ? 21 - replay.last : 1;
  expect(late.log.map((r) => [r.i, r.replayed])).toEqual([[first, replay !== undefined]]);
}
