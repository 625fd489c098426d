// What the broker tests (Redis, NATS, cluster) expect of the records their
// peers keep, and the outage scenario Redis and NATS share: one place for
// each rule, so the transports are held to the same ones. (Not imported by
// peer.ts: the peers run without vitest.)

import { expect } from "vitest";
import type { Bridge } from "wasm-events/bridge";
import type { Broker } from "../../tools/brokers.js";
import { eventually, holes, lost, numbersFrom, stateNames, strictlyIncreasing, type GapRecord, type Peer, type PeerRecord, type Report } from "./peers.js";
import type { RecordingBus } from "./recording-bus.js";

/** from, from + 1, ..., to. */
export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** The records a peer made of the events it generated itself. */
export const ownRecords = (report: Report, name: string): PeerRecord[] => report.log.filter((r) => r.from === name && !r.remote);

/** The records of events from `name` that arrived over the bridge. */
export const fromRecords = (log: readonly PeerRecord[], name: string): PeerRecord[] => log.filter((r) => r.from === name && r.remote);

/** When the first bridge.up at or after `time` came; Infinity if none has. */
export const upAfter = (states: readonly { event: string; at: number }[], time: number): number =>
  states.find((s) => s.event === "bridge.up" && s.at >= time)?.at ?? Infinity;

/**
 * `from` generated test.tick 1..count and every one reached this log, in
 * order, through all three listeners (§5), marked remote or local (§12).
 */
export function expectAllFrom(log: readonly PeerRecord[], from: string, count: number, remote: boolean): void {
  expect(numbersFrom(log, from)).toEqual(range(1, count));
  for (const record of log.filter((r) => r.from === from)) {
    expect(record.by).toEqual(["mod_b", "mod_a", "core"]);
    expect(record.remote).toBe(remote);
    expect(record.remoteEvent).toBe(remote ? "test.tick" : null);
  }
}

/** What arrived came in order, and everything `sender` generated that did not was generated inside [from, to] (500 ms of slack). */
export function expectLossesInside(sender: readonly PeerRecord[], received: readonly PeerRecord[], from: number, to: number): void {
  expect(strictlyIncreasing(received.map((r) => r.i!))).toBe(true);
  for (const { i, t } of lost(sender, received)) {
    expect({ i, t, inside: t >= from - 500 && t <= to + 500 }).toEqual({ i, t, inside: true });
  }
}

/**
 * §12 "No silent loss": the bridge.gap events `gaps` holds for `sender` are
 * exactly the holes in what arrived from it (`received`, the sender's
 * numbers in arrival order, equal to its sequence numbers): one event per
 * hole, each counting that hole, and nothing reported that arrived.
 */
export function expectGapsReported(gaps: readonly GapRecord[], sender: string, received: readonly number[]): void {
  expect(gaps.filter((g) => g.sender === sender).map((g) => g.missed)).toEqual(holes(received));
}

/**
 * §12 across an outage: peer A streams 500 events to `me` and B; the broker
 * is SIGKILLed mid-stream and restarted on its port. Every bridge sees
 * bridge.up, bridge.down, bridge.up; each receiver gets the rest in order,
 * loses only what was sent inside the outage, and counts what it missed.
 */
export async function expectStreamSurvivesBrokerRestart(broker: Broker, me: RecordingBus & { b: Bridge }, a: Peer, b: Peer): Promise<void> {
  const stream = a.generate("test.tick", 500, { intervalMs: 5 });
  await eventually(() => numbersFrom(me.log, "A").length >= 100, 10_000, "the stream flows");
  const killedAt = Date.now();
  await broker.kill("SIGKILL");
  await eventually(() => me.states.some((s) => s.event === "bridge.down"), 5_000, "bridge.down");
  await new Promise((resolve) => setTimeout(resolve, 300));
  const restartedAt = Date.now();
  await broker.restart();
  await stream;
  // Every process is back within a few seconds of the restart.
  await eventually(async () => upAfter(me.states, restartedAt) < Infinity
    && upAfter((await a.report()).states, restartedAt) < Infinity && upAfter((await b.report()).states, restartedAt) < Infinity,
  5_000, "bridge.up everywhere");
  await eventually(() => me.log.some((r) => r.from === "A" && r.i === 500), 10_000, "the last event arrives");
  const [ra, rb] = [await a.report(), await b.report()];

  for (const [who, states, received, gaps] of [["T", me.states, fromRecords(me.log, "A"), me.gaps], ["B", rb.states, fromRecords(rb.log, "A"), rb.gaps]] as const) {
    expect({ who, states: stateNames(states) }).toEqual({ who, states: ["bridge.up", "bridge.down", "bridge.up"] });
    expect(states[2].at - restartedAt).toBeLessThan(5_000);
    const backAt = Math.max(upAfter(states, restartedAt), upAfter(ra.states, restartedAt));
    expectLossesInside(ownRecords(ra, "A"), received, killedAt, backAt);
    expect(received.at(-1)!.i).toBe(500);
    expectGapsReported(gaps, a.id, received.map((r) => r.i!));
  }
  expect(stateNames(ra.states)).toEqual(["bridge.up", "bridge.down", "bridge.up"]);
  // Whatever the receivers missed, they counted: the gaps in A's sequence.
  expect(me.b.stats().missed).toBe(500 - fromRecords(me.log, "A").length);
  expect(rb.stats.missed).toBe(500 - fromRecords(rb.log, "A").length);
  expect(await a.close()).toBe(0);
  expect(await b.close()).toBe(0);
}
