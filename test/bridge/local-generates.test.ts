// §12 a bridged generate: the local dispatch first, then the publish; never
// a throw because of the bridge; the bounded queue while down and the in-
// flight limit, on an in-process transport the test controls (memory-
// transport.ts); the same rules run across real processes and brokers in the
// transport test files.
import { describe, expect, test } from "vitest";
import { EventBus } from "wasm-events";
import { bridge } from "wasm-events/bridge";
import { decoded, errorsOf, MemoryTransport, settle } from "./memory-transport.js";

describe("§12 bridge: local generates", () => {
  test("§12 a bridged generate dispatches locally first, exactly as without the bridge, then publishes", async () => {
    const bus = new EventBus();
    const transport = new MemoryTransport();
    const mod = bus.loadModule("mod");
    const calls: string[] = [];
    bus.register(mod, "x", (data) => calls.push(`mod ${JSON.stringify(data)} published=${transport.published.length}`));
    const b = bridge(bus, transport, { events: ["x"] });
    bus.register(null, "x", (data) => calls.push(`core after the bridge ${JSON.stringify(data)} published=${transport.published.length}`));
    await b.ready;
    bus.generate("x", { n: 1 });
    expect(transport.published).toHaveLength(0); // not during the generate
    expect(calls).toEqual(["mod {\"n\":1} published=0", "core after the bridge {\"n\":1} published=0"]);
    await settle();
    expect(transport.published.map(decoded)).toEqual([{ v: 1, s: b.id, n: 1, e: "x", d: { n: 1 } }]);
    expect(bus.listening("x")).toBe(3); // the bridge's capture is one core listener
  });

  test("§12 generate never throws because of the bridge: unencodable or oversized data is dropped and reported", async () => {
    const bus = new EventBus();
    const { errors, onError } = errorsOf();
    const b = bridge(bus, new MemoryTransport(), { events: ["x"], maxMessageBytes: 100, onError });
    await b.ready;
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => bus.generate("x", 10n)).not.toThrow();
    expect(() => bus.generate("x", cyclic)).not.toThrow();
    expect(() => bus.generate("x", "y".repeat(200))).not.toThrow();
    await settle();
    expect(b.stats()).toMatchObject({ sent: 0, dropped: 3 });
    expect(errors).toEqual([
      ["bridge: 'x' was not sent: its data cannot be encoded by the json codec", "encode"],
      ["bridge: 'x' was not sent: its data cannot be encoded by the json codec", "encode"],
      ["bridge: 'x' was not sent: its message is larger than maxMessageBytes (100)", "encode"],
    ]);
  });

  test("§12 without onError, an event that cannot be sent is a BridgeWarning", async () => {
    const bus = new EventBus();
    const b = bridge(bus, new MemoryTransport(), { events: ["x"] });
    await b.ready;
    const warning = new Promise<Error>((resolve) => process.once("warning", resolve));
    bus.generate("x", 1n);
    const seen = await warning;
    expect(seen.name).toBe("BridgeWarning");
    expect(seen.message).toContain("'x' was not sent");
  });

  test("§12 while the transport is down the queue is bounded: the oldest are dropped and counted, the rest go in order once up", async () => {
    const bus = new EventBus();
    const transport = new MemoryTransport();
    transport.upOnOpen = false;
    const b = bridge(bus, transport, { events: ["x"], maxQueue: 10 });
    for (let i = 1; i <= 15; i++) bus.generate("x", i);
    await settle();
    expect(b.stats()).toMatchObject({ queued: 10, dropped: 5, sent: 0, up: false });
    transport.sink!.up();
    expect(transport.published.map((p) => decoded(p).d)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(transport.published.map((p) => decoded(p).n)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(b.stats()).toMatchObject({ queued: 0, dropped: 5, sent: 10, up: true });
  });

  test("§12 at most maxInFlight publishes wait for the broker; failures are dropped, counted and reported", async () => {
    const bus = new EventBus();
    const transport = new MemoryTransport();
    const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
    transport.onPublish = () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    const { errors, onError } = errorsOf();
    const b = bridge(bus, transport, { events: ["x"], maxInFlight: 3, onError });
    await b.ready;
    for (let i = 1; i <= 5; i++) bus.generate("x", i);
    await settle();
    expect(b.stats()).toMatchObject({ inFlight: 3, queued: 2, sent: 0 });
    pending[0].resolve();
    pending[1].reject(new Error("connection lost"));
    await settle();
    expect(b.stats()).toMatchObject({ inFlight: 3, queued: 0, sent: 1, dropped: 1 });
    for (const p of pending.slice(2)) p.resolve();
    await settle();
    expect(b.stats()).toMatchObject({ inFlight: 0, sent: 4, dropped: 1 });
    expect(errors).toEqual([["connection lost", "transport"]]);
    expect(transport.published.map((p) => decoded(p).d)).toEqual([1, 2, 3, 4, 5]);
  });

  test("§12 a publish that throws loses only that message", async () => {
    const bus = new EventBus();
    const transport = new MemoryTransport();
    transport.onPublish = (payload) => {
      if (decoded(payload).d === 2) throw new Error("closed");
    };
    const b = bridge(bus, transport, { events: ["x"] });
    await b.ready;
    for (let i = 1; i <= 3; i++) bus.generate("x", i);
    await settle();
    expect(b.stats()).toMatchObject({ sent: 2, dropped: 1 });
  });
});
