// §12 over node:cluster: the test process is the primary (with a bridge of
// its own, then with clusterRelay() alone) and forks real cluster workers;
// every message goes worker -> primary -> every other worker.

import cluster from "node:cluster";
import { afterEach, describe, expect, test } from "vitest";
import { bridge, clusterRelay, clusterTransport, type Bridge } from "wasm-events/bridge";
import { bytesCodec, eventually, numbersFrom, Peer, PEER_SCRIPT, processEndpoint } from "./peers.js";
import { expectAllFrom } from "./expectations.js";
import { recordingBus } from "./recording-bus.js";

const EVENTS = ["test.tick"];
const startWorker = () => processEndpoint(cluster.fork().process);
/** The tag of bridge messages on the IPC channel (src/bridge/transport.ts). */
const MESSAGE_TAG = "wasm-events/bridge";

describe("§12 bridge over node:cluster", () => {
  const peers: Peer[] = [];
  const bridges: Bridge[] = [];
  cluster.setupPrimary({ exec: PEER_SCRIPT, execArgv: ["--import", "tsx"] });

  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.kill();
    for (const b of bridges.splice(0)) await b.close();
  });

  const worker = async (name: string, bytes = false) => {
    const peer = await Peer.open(name, { kind: "cluster" }, "ftp-cluster", EVENTS, { start: startWorker, bytes });
    peers.push(peer);
    return peer;
  };

  test("§12 events cross between workers and the primary, in order per sender, never echoed, never re-published", async () => {
    const me = recordingBus(EVENTS);
    const b = (me.bridge = bridge(me.bus, clusterTransport(), { events: EVENTS, channel: "ftp-cluster" }));
    bridges.push(b);
    await b.ready;
    const [a, w2, w3] = [await worker("A"), await worker("B"), await worker("C")];
    // A bridge on another channel over the same IPC hears none of it.
    const other = recordingBus(EVENTS);
    const elsewhere = (other.bridge = bridge(other.bus, clusterTransport(), { events: EVENTS, channel: "elsewhere" }));
    bridges.push(elsewhere);

    await Promise.all([a.generate("test.tick", 300), w2.generate("test.tick", 200), w3.generate("test.tick", 50), me.generate("test.tick", "T", 100)]);
    await eventually(async () => (await Promise.all([a, w2, w3].map((p) => p.report()))).every((r) => r.log.length === 650)
      && me.log.length === 650, 10_000, "everyone hears everyone");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [ra, rb, rc] = await Promise.all([a, w2, w3].map((p) => p.report()));

    const senders = { A: 300, B: 200, C: 50, T: 100 } as const;
    for (const [who, log] of [["A", ra.log], ["B", rb.log], ["C", rc.log], ["T", me.log]] as const) {
      expect(log).toHaveLength(650);
      for (const [from, count] of Object.entries(senders)) expectAllFrom(log, from, count, from !== who);
    }
    // The relay never sends a message back to its sender: no echoes to ignore.
    expect(ra.stats).toMatchObject({ sent: 300, received: 350, echoes: 0, dropped: 0, malformed: 0, missed: 0 });
    expect(rc.stats).toMatchObject({ sent: 50, received: 600, echoes: 0 });
    expect(b.stats()).toMatchObject({ sent: 100, received: 550, echoes: 0, up: true });
    expect(other.log).toEqual([]);
    expect(elsewhere.stats()).toMatchObject({ received: 0, malformed: 0 });

    // Each worker exits by itself once its bridge is closed and it lets go of the IPC channel.
    for (const peer of [a, w2, w3]) expect(await peer.close()).toBe(0);
  });

  test("§12 clusterRelay() relays between workers when the primary has no bridge", async () => {
    const relay = clusterRelay();
    try {
      const [a, w2] = [await worker("A"), await worker("B")];
      await Promise.all([a.generate("test.tick", 100), w2.generate("test.tick", 100)]);
      await eventually(async () => (await a.report()).log.length === 200 && (await w2.report()).log.length === 200, 10_000, "both hear each other");
      const [ra, rb] = [await a.report(), await w2.report()];
      expectAllFrom(ra.log, "B", 100, true);
      expectAllFrom(rb.log, "A", 100, true);
      expect(await a.close()).toBe(0);
      expect(await w2.close()).toBe(0);
    } finally {
      relay.close();
      relay.close(); // a second close does nothing
    }
    expect(cluster.listenerCount("message")).toBe(0);
  });

  test("§12 byte payloads cross the cluster too; malformed IPC messages are counted, not thrown", async () => {
    const me = recordingBus(EVENTS);
    const b = (me.bridge = bridge(me.bus, clusterTransport(), { events: EVENTS, channel: "ftp-cluster", codec: bytesCodec }));
    bridges.push(b);
    await b.ready;
    const [a, w2] = [await worker("A", true), await worker("B", true)];
    await Promise.all([a.generate("test.tick", 50), me.generate("test.tick", "T", 50)]);
    await a.raw({ [MESSAGE_TAG]: 1, channel: "ftp-cluster" });             // tagged, but no payload
    await a.raw({ [MESSAGE_TAG]: 1, channel: "ftp-cluster", t: "{{{" }); // not an envelope
    await a.raw({ hello: "not for the bridge" });                          // other IPC traffic: ignored
    await eventually(async () => numbersFrom(me.log, "A").length === 50 && (await w2.report()).log.length === 100
      && b.stats().malformed === 2, 10_000, "all delivered");
    const rb = await w2.report();
    expectAllFrom(me.log, "A", 50, true);
    expectAllFrom(rb.log, "A", 50, true);
    expectAllFrom(rb.log, "T", 50, true);
    expect(b.stats().malformedBy.garbage).toBe(2);
    expect(rb.stats.malformedBy.garbage).toBe(2);
    for (const peer of [a, w2]) expect(await peer.close()).toBe(0);
    await clusterTransport().close(); // never opened: nothing to do
  });
});
