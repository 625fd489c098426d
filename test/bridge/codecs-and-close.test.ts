// §12 codecs (a replaceable codec, msgpack bytes, what cannot be encoded)
// and close() (unregisters, hands the queue over, waits for what is in
// flight), on an in-process transport the test controls (memory-
// transport.ts); the same rules run across real processes and brokers in the
// transport test files.
import { pack, unpack } from "msgpackr";
import { describe, expect, test } from "vitest";
import { EventBus } from "wasm-events";
import { bridge, jsonCodec, type Bridge, type Codec } from "wasm-events/bridge";
import { envelope, errorsOf, memoryGroup, MemoryTransport, settle } from "./memory-transport.js";

describe("§12 bridge: codecs", () => {
  test("§12 the codec is replaceable: msgpack bytes cross between buses", async () => {
    const msgpack: Codec = { name: "msgpack", encode: (e) => pack(e), decode: (p) => unpack(p as Uint8Array) };
    const [ta, tb] = memoryGroup(2);
    const busA = new EventBus(), busB = new EventBus();
    const a = bridge(busA, ta, { events: ["x"], codec: msgpack });
    const b = bridge(busB, tb, { events: ["x"], codec: msgpack });
    await Promise.all([a.ready, b.ready]);
    const heard: unknown[] = [];
    busB.register(null, "x", (data) => heard.push(data));
    busA.generate("x", { when: new Date(0), list: [1, 2, 3] });
    await settle();
    expect(ta.published[0]).toBeInstanceOf(Uint8Array);
    expect(heard).toEqual([{ when: new Date(0), list: [1, 2, 3] }]);
    tb.sink!.message("a string is not msgpack");
    expect(b.stats().malformedBy.garbage).toBe(1);
  });

  test("§12 a codec that returns neither a string nor bytes loses that event, reported", async () => {
    const { errors, onError } = errorsOf();
    const codec: Codec = { name: "broken", encode: () => 42 as never, decode: jsonCodec.decode };
    const bus = new EventBus();
    const b = bridge(bus, new MemoryTransport(), { events: ["x"], codec, onError });
    await b.ready;
    bus.generate("x");
    await settle();
    expect(b.stats().dropped).toBe(1);
    expect(errors).toEqual([["bridge: 'x' was not sent: the broken codec returned neither a string nor a Uint8Array", "encode"]]);
  });

  test("§12 undefined event data crosses as undefined", async () => {
    const [ta, tb] = memoryGroup(2);
    const busA = new EventBus(), busB = new EventBus();
    const a = bridge(busA, ta, { events: ["x"] });
    const b = bridge(busB, tb, { events: ["x"] });
    await Promise.all([a.ready, b.ready]);
    const heard: unknown[] = [];
    busB.register(null, "x", (...args) => heard.push(args));
    busA.generate("x");
    await settle();
    expect(heard).toEqual([[undefined, undefined]]);
    expect(JSON.parse(ta.published[0] as string)).not.toHaveProperty("d");
  });
});

describe("§12 bridge: close", () => {
  test("§12 close() unregisters, closes the transport once, stops both directions and leaves the bridge down without a bridge.down", async () => {
    const bus = new EventBus();
    const [t, other] = memoryGroup(2);
    const b: Bridge = bridge(bus, t, { events: ["x"] });
    await b.ready;
    const before = bus.listening("x");
    const heard: unknown[] = [];
    bus.register(null, "x", (data) => heard.push(data));
    bus.register(null, "bridge.down", (data) => heard.push(data));
    expect(b.up).toBe(true);
    await Promise.all([b.close(), b.close()]);
    expect(t.closed).toBe(1);
    expect(b.up).toBe(false); // closed on purpose: no longer up, and no bridge.down for it
    expect(bus.listening("x")).toBe(before); // its capture listener is gone, ours stays
    bus.generate("x", "local");
    await settle();
    expect(t.published).toEqual([]);
    other.sink = null;
    t.sink!.message(envelope({ n: 1, d: "late" }));
    t.sink!.up();
    t.sink!.down();
    expect(heard).toEqual(["local"]);
    expect(b.stats()).toMatchObject({ received: 0, up: false });
  });

  test("§12 close() before the transport was up rejects ready and counts what was queued as dropped", async () => {
    const transport = new MemoryTransport();
    transport.upOnOpen = false;
    const bus = new EventBus();
    const b = bridge(bus, transport, { events: ["x"] });
    bus.generate("x", 1);
    bus.generate("x", 2);
    await settle();
    await b.close();
    await expect(b.ready).rejects.toThrow(/closed before its memory transport was up/);
    expect(b.stats()).toMatchObject({ dropped: 2, queued: 0 });
  });

  test("§12 close() hands queued messages over and waits for those in flight, at most a second", async () => {
    const transport = new MemoryTransport();
    const resolvers: (() => void)[] = [];
    transport.onPublish = () => new Promise<void>((resolve) => resolvers.push(resolve));
    const bus = new EventBus();
    const b = bridge(bus, transport, { events: ["x"] });
    await b.ready;
    bus.generate("x", 1);
    const closing = b.close(); // before the flush microtask: close hands it over itself
    expect(transport.published).toHaveLength(1);
    let closed = false;
    void closing.then(() => (closed = true));
    await settle();
    expect(closed).toBe(false);
    resolvers[0]();
    await closing;
    expect(b.stats()).toMatchObject({ sent: 1, inFlight: 0 });

    const stuck = new MemoryTransport();
    stuck.onPublish = () => new Promise(() => {});
    const bus2 = new EventBus();
    const s = bridge(bus2, stuck, { events: ["x"] });
    await s.ready;
    bus2.generate("x", 1);
    await settle();
    const started = Date.now();
    await s.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(stuck.closed).toBe(1);
  });
});
