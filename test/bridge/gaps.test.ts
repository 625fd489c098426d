// §12 "No silent loss" on the in-process transport (memory-transport.ts):
// every message carries its sender and a per-sender sequence; a receiver
// generates bridge.gap once per gap, never dispatches a duplicate, does not
// read a sender's restart as a gap, and bounds what forged numbers can make it
// report. The real brokers' outages are in the transport test files.

import { describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";
import { bridge, jsonCodec, type BridgeErrorContext, type BridgeGap, type Envelope } from "wasm-events/bridge";
import { memoryGroup, MemoryTransport, settle } from "./memory-transport.js";

const SENDER = "other-sender-0001";
const envelope = (fields: Partial<Envelope>) => JSON.stringify({ v: 1, s: SENDER, n: 1, e: "x", ...fields });

/** A receiving bus and bridge that records, in one list, the gaps and the events it dispatches. */
async function receiver(options: { maxGap?: number; onError?: (error: unknown, context: BridgeErrorContext) => void } = {}) {
  const bus = new EventBus();
  const transport = new MemoryTransport();
  const b = bridge(bus, transport, { events: ["x"], ...options });
  await b.ready;
  const seen: string[] = [];
  const gaps: BridgeGap[] = [];
  bus.register(null, "x", (data) => seen.push(`x ${String(data)}`));
  bus.register(null, "bridge.gap", (gap: BridgeGap) => {
    gaps.push(gap);
    seen.push(`gap ${gap.sender === SENDER ? "S" : gap.sender} ${gap.missed}`);
  });
  const deliver = (fields: Partial<Envelope>) => transport.sink!.message(envelope(fields));
  return { bus, b, transport, seen, gaps, deliver };
}

describe("§12 bridge: gaps in a sender's sequence", () => {
  test("§12 each gap is generated once, with { channel, sender, missed }, before the message that revealed it", async () => {
    const [ta, tb] = memoryGroup(2);
    const busA = new EventBus(), busB = new EventBus();
    const a = bridge(busA, ta, { events: ["x"], channel: "c1" });
    const b = bridge(busB, tb, { events: ["x"], channel: "c1" });
    await Promise.all([a.ready, b.ready]);
    const seen: string[] = [];
    const gaps: BridgeGap[] = [];
    busB.register(null, "x", (data) => seen.push(`x ${String(data)}`));
    busB.register(null, "bridge.gap", (gap: BridgeGap) => {
      gaps.push(gap);
      seen.push(`gap ${gap.missed} remote=${b.isRemote()}`);
    });
    // The "broker" loses 3, 4, 5 and 8 on the way to B.
    ta.peers.length = 0;
    ta.onPublish = (payload) => {
      const { n } = jsonCodec.decode(payload) as Envelope;
      if (![3, 4, 5, 8].includes(n)) tb.sink!.message(payload);
    };
    for (let i = 1; i <= 10; i++) busA.generate("x", i);
    await settle();
    expect(seen).toEqual(["x 1", "x 2", "gap 3 remote=false", "x 6", "x 7", "gap 1 remote=false", "x 9", "x 10"]);
    expect(gaps).toEqual([{ channel: "c1", sender: a.id, missed: 3 }, { channel: "c1", sender: a.id, missed: 1 }]);
    expect(b.stats()).toMatchObject({ received: 6, missed: 4, gaps: 2, resyncs: 0, malformed: 0 });
    // bridge.gap is local to each process: it never crosses.
    expect(tb.published).toEqual([]);
  });

  test("§12 a duplicate (same sender and sequence) is never dispatched twice, nor an older number; neither is a gap", async () => {
    const r = await receiver();
    for (const n of [1, 2, 2, 1, 3, 3, 2]) r.deliver({ n, d: n });
    expect(r.seen).toEqual(["x 1", "x 2", "x 3"]);
    expect(r.b.stats()).toMatchObject({ received: 3, gaps: 0, missed: 0, malformedBy: { sequence: 4 } });
  });

  test("§12 a restarted sender is a new sender: its count from 1 is not a gap, and the old one's numbers do not block it", async () => {
    const [ta, tb] = memoryGroup(2);
    const busB = new EventBus();
    const b = bridge(busB, tb, { events: ["x"] });
    const busA = new EventBus();
    const first = bridge(busA, ta, { events: ["x"] });
    await Promise.all([first.ready, b.ready]);
    const seen: unknown[] = [];
    busB.register(null, "x", (data) => seen.push(data));
    busB.register(null, "bridge.gap", (gap) => seen.push(gap));
    for (let i = 1; i <= 5; i++) busA.generate("x", `first ${i}`);
    await settle();
    await first.close();
    // The process restarts: a new bridge (a new process makes one) on the same channel.
    const tc = new MemoryTransport();
    tc.peers.push(tb);
    const restarted = bridge(busA, tc, { events: ["x"] });
    await restarted.ready;
    for (let i = 1; i <= 3; i++) busA.generate("x", `restarted ${i}`);
    await settle();
    expect(restarted.id).not.toBe(first.id);
    expect(seen).toEqual(["first 1", "first 2", "first 3", "first 4", "first 5", "restarted 1", "restarted 2", "restarted 3"]);
    expect(b.stats()).toMatchObject({ received: 8, gaps: 0, missed: 0, malformed: 0 });
  });

  test("§12 the first message heard from a sender is not a gap (what came before this process listened was never its to miss)", async () => {
    const r = await receiver();
    r.deliver({ n: 5_000, d: "late joiner's first" });
    r.deliver({ n: 5_001, d: "next" });
    expect(r.seen).toEqual(["x late joiner's first", "x next"]);
    expect(r.b.stats()).toMatchObject({ received: 2, gaps: 0, missed: 0 });
  });

  test("§12 a gap listener that throws is reported, and the message is still dispatched", async () => {
    const errors: [string, BridgeErrorContext][] = [];
    const r = await receiver({ onError: (error, context) => errors.push([(error as Error).message, context]) });
    r.bus.register(null, "bridge.gap", () => { throw new Error("gap listener failed"); });
    r.deliver({ n: 1, d: 1 });
    r.deliver({ n: 4, d: 4 });
    expect(r.seen).toEqual(["x 1", "gap S 2", "x 4"]);
    expect(errors).toEqual([["gap listener failed", "listener"]]);
  });

  test("§12 bridge.gap cannot be bridged; maxGap must be a positive integer", () => {
    for (const options of [{ events: ["x", "bridge.gap"] }, { events: ["x"], maxGap: 0 }, { events: ["x"], maxGap: 2.5 }, { events: ["x"], maxGap: "9" }]) {
      expect(() => bridge(new EventBus(), new MemoryTransport(), options as { events: string[] })).toThrow(EventsError);
    }
  });
});

describe("§12 bridge: forged sequence numbers", () => {
  test("§12 negative, zero, fractional, non-numeric and unsafe numbers are malformed, never a gap, never a crash", async () => {
    const r = await receiver();
    r.deliver({ n: 1, d: 1 });
    const forged: unknown[] = [-1, 0, -(2 ** 53), 1.5, 2.000001, "3", null, true, [4], { n: 5 }, 2 ** 53, 1e308, Number.MAX_VALUE];
    for (const n of forged) expect(() => r.deliver({ n: n as number, d: "forged" })).not.toThrow();
    // NaN and Infinity are not JSON: they arrive as null. A codec may still hand them over.
    r.deliver({ n: 2, d: 2 });
    expect(r.seen).toEqual(["x 1", "x 2"]);
    expect(r.b.stats()).toMatchObject({ received: 2, gaps: 0, missed: 0, malformed: forged.length, malformedBy: { sequence: forged.length } });
  });

  test("§12 a jump past maxGap is refused, not reported; the real sender's next message flows with no gap", async () => {
    const r = await receiver({ maxGap: 1_000 });
    r.deliver({ n: 1, d: "real 1" });
    r.deliver({ n: 2 ** 52, d: "forged huge" });
    r.deliver({ n: 2, d: "real 2" });
    r.deliver({ n: 1_000_000, d: "forged again" });
    r.deliver({ n: 3, d: "real 3" });
    expect(r.seen).toEqual(["x real 1", "x real 2", "x real 3"]);
    expect(r.b.stats()).toMatchObject({ received: 3, gaps: 0, missed: 0, resyncs: 0, malformedBy: { sequence: 2 } });
  });

  test("§12 the largest gap believed is maxGap; one past it is refused; replays after it stay refused", async () => {
    const r = await receiver({ maxGap: 1_000 });
    r.deliver({ n: 1, d: 1 });
    r.deliver({ n: 1_002, d: 1_002 });      // 1,000 missed: the largest believed
    r.deliver({ n: 2_004, d: 2_004 });      // 1,001 missed: refused
    r.deliver({ n: 1_002, d: "replay" });   // a replay
    r.deliver({ n: 1_003, d: 1_003 });
    expect(r.seen).toEqual(["x 1", "gap S 1000", "x 1002", "x 1003"]);
    expect(r.gaps.map((g) => g.missed)).toEqual([1_000]);
    expect(r.b.stats()).toMatchObject({ received: 3, gaps: 1, missed: 1_000, malformedBy: { sequence: 2 } });
  });

  test("§12 a jump past maxGap confirmed by the sender's next message is a resync: counted, no gap vouched for", async () => {
    const r = await receiver({ maxGap: 10 });
    r.deliver({ n: 1, d: 1 });
    r.deliver({ n: 500, d: 500 });  // refused: it may be forged
    r.deliver({ n: 501, d: 501 });  // continues it: the sender really is there (a loss past maxGap)
    r.deliver({ n: 503, d: 503 });  // and from there, gaps as usual
    expect(r.seen).toEqual(["x 1", "x 501", "gap S 1", "x 503"]);
    expect(r.b.stats()).toMatchObject({ received: 3, gaps: 1, missed: 1, resyncs: 1, malformedBy: { sequence: 1 } });
  });

  test("§12 a flood of forged gaps is bounded per message: no bridge.gap ever exceeds maxGap", async () => {
    const r = await receiver({ maxGap: 50 });
    r.deliver({ n: 1 });
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 2_000; k++) r.deliver({ n: 1 + Math.floor(random() * 10_000) });
    expect(r.gaps.length).toBeGreaterThan(0);
    expect(Math.max(...r.gaps.map((g) => g.missed))).toBeLessThanOrEqual(50);
    expect(r.b.stats().missed).toBe(r.gaps.reduce((sum, g) => sum + g.missed, 0));
  });
});
