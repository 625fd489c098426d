// §12 the bridge's arguments (EINVAL, one bridge per transport, listed
// events only) and its states (bridge.up, bridge.down, ready, transport
// errors to onError), on an in-process transport the test controls (memory-
// transport.ts); the same rules run across real processes and brokers in the
// transport test files.
import { describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";
import { bridge, broadcastChannelTransport, natsTransport, redisTransport } from "wasm-events/bridge";
import { decoded, errorsOf, MemoryTransport, settle } from "./memory-transport.js";

describe("§12 bridge: arguments", () => {
  test("§12 bad arguments are EINVAL and register nothing", () => {
    const bus = new EventBus();
    const t = () => new MemoryTransport();
    const bad: [unknown, unknown, unknown][] = [
      [{}, t(), { events: ["x"] }],
      [bus, {}, { events: ["x"] }],
      [bus, null, { events: ["x"] }],
      [bus, t(), null],
      [bus, t(), { events: "x" }],
      [bus, t(), { events: [""] }],
      [bus, t(), { events: [42] }],
      [bus, t(), { events: ["bridge.up"] }],
      [bus, t(), { events: ["x", "bridge.down"] }],
      [bus, t(), { events: ["x"], channel: "" }],
      [bus, t(), { events: ["x"], channel: 7 }],
      [bus, t(), { events: ["x"], codec: { encode: JSON.stringify } }],
      [bus, t(), { events: ["x"], codec: null }],
      [bus, t(), { events: ["x"], maxQueue: 0 }],
      [bus, t(), { events: ["x"], maxInFlight: 1.5 }],
      [bus, t(), { events: ["x"], maxMessageBytes: -1 }],
      [bus, t(), { events: ["x"], onError: "log" }],
    ];
    for (const [b, transport, options] of bad) {
      expect(() => bridge(b as EventBus, transport as MemoryTransport, options as { events: string[] })).toThrow(EventsError);
      try {
        bridge(b as EventBus, transport as MemoryTransport, options as { events: string[] });
      } catch (error) {
        expect((error as EventsError).code).toBe("EINVAL");
        expect((error as Error).message).toMatch(/^bridge: /);
      }
    }
    expect(bus.listening("x")).toBe(0);
    expect(bus.dump()).toEqual(["No events registered"]);
  });

  test("§12 a transport serves one bridge", () => {
    const bus = new EventBus();
    const transport = new MemoryTransport();
    bridge(bus, transport, { events: ["x"] });
    expect(() => bridge(new EventBus(), transport, { events: ["y"] })).toThrow(/already serves a bridge/);
  });

  test("§12 transports check their own options", () => {
    for (const make of [
      () => redisTransport(null as never),
      () => redisTransport({ url: "http://127.0.0.1:6379" }),
      () => redisTransport({ url: 6379 as never }),
      () => redisTransport({ url: "redis://127.0.0.1:6379", library: "redix" as never }),
      () => redisTransport({ client: {} }),
      () => redisTransport({ client: null as never }),
      () => redisTransport({ client: { duplicate() {}, publish() {}, on() {} } }),
      () => natsTransport(undefined as never),
      () => natsTransport({ servers: [] }),
      () => natsTransport({ servers: [""] }),
      () => natsTransport({ connection: {} as never }),
      () => broadcastChannelTransport(""),
    ]) {
      expect(make).toThrow(EventsError);
    }
  });

  test("§12 nothing crosses unless listed; the channel defaults to wasm-events", async () => {
    const bus = new EventBus();
    const transport = new MemoryTransport();
    const b = bridge(bus, transport, { events: ["x"] });
    await b.ready;
    expect(b.channel).toBe("wasm-events");
    expect(transport.channel).toBe("wasm-events");
    bus.generate("y", 1);
    bus.generate("x", 2);
    await settle();
    expect(transport.published.map((p) => decoded(p).e)).toEqual(["x"]);
  });
});

describe("§12 bridge: up and down", () => {
  test("§12 the bus generates bridge.up (the first time too) and bridge.down with { channel }", async () => {
    const bus = new EventBus();
    const transport = new MemoryTransport();
    const seen: [string, unknown][] = [];
    for (const event of ["bridge.up", "bridge.down"]) bus.register(null, event, (data) => seen.push([event, data]));
    const b = bridge(bus, transport, { events: ["x"], channel: "c" });
    expect(seen).toEqual([]); // never inside bridge() itself
    await b.ready;
    transport.sink!.down();
    transport.sink!.down(); // no change, no event
    transport.sink!.up();
    expect(seen).toEqual([["bridge.up", { channel: "c" }], ["bridge.down", { channel: "c" }], ["bridge.up", { channel: "c" }]]);
    expect(b.up).toBe(true);
  });

  test("§12 a throwing bridge.up listener is reported, never thrown into the transport", async () => {
    const bus = new EventBus();
    const { errors, onError } = errorsOf();
    bus.register(null, "bridge.up", () => { throw new Error("resync failed"); });
    const transport = new MemoryTransport();
    const b = bridge(bus, transport, { events: ["x"], onError });
    await b.ready;
    expect(errors).toEqual([["resync failed", "listener"]]);
  });

  test("§12 ready rejects when the transport cannot start; the error is reported", async () => {
    const transport = new MemoryTransport();
    transport.failOpen = new Error("npm install redis");
    const { errors, onError } = errorsOf();
    const b = bridge(new EventBus(), transport, { events: ["x"], onError });
    await expect(b.ready).rejects.toThrow("npm install redis");
    expect(errors).toEqual([["npm install redis", "transport"]]);
    await b.close();
  });

  test("§12 transport errors go to onError only (a reconnecting client errs on every attempt)", async () => {
    const transport = new MemoryTransport();
    const { errors, onError } = errorsOf();
    const b = bridge(new EventBus(), transport, { events: ["x"], onError });
    await b.ready;
    transport.sink!.error(new Error("ECONNREFUSED"));
    expect(errors).toEqual([["ECONNREFUSED", "transport"]]);
    const quiet = new MemoryTransport();
    const q = bridge(new EventBus(), quiet, { events: ["x"], onError: () => { throw new Error("onError broke"); } });
    await q.ready;
    expect(() => quiet.sink!.error(new Error("x"))).not.toThrow();
    const silent = new MemoryTransport();
    await bridge(new EventBus(), silent, { events: ["x"] }).ready;
    let warned = false;
    const onWarning = () => { warned = true; };
    process.on("warning", onWarning);
    silent.sink!.error(new Error("ECONNREFUSED"));
    await settle();
    process.off("warning", onWarning);
    expect(warned).toBe(false);
  });
});

describe("§12 NATS core on a connection the caller made", () => {
  /** A NATS connection whose flush (the round trip behind the subscription) the test settles. */
  function connectionWithHeldFlush() {
    const flushes: { resolve: () => void; reject: (error: unknown) => void }[] = [];
    const connection = {
      publish() {},
      subscribe: () => ({ unsubscribe() {} }),
      status: () => ({ async *[Symbol.asyncIterator]() {} }),
      flush: () => new Promise<void>((resolve, reject) => void flushes.push({ resolve, reject })),
      close: async () => {},
    };
    return { connection, flushes };
  }

  test("§12 up once the server holds the subscription: not before its flush returns", async () => {
    const { connection, flushes } = connectionWithHeldFlush();
    const b = bridge(new EventBus(), natsTransport({ connection }), { events: ["x"] });
    await settle();
    expect(flushes.length).toBe(1);
    expect(b.up).toBe(false);
    flushes[0].resolve();
    await b.ready;
    expect(b.up).toBe(true);
    await b.close();
  });

  test("§12 a flush that fails after close() is not reported: the bridge was closed before it was up", async () => {
    const { connection, flushes } = connectionWithHeldFlush();
    const { errors, onError } = errorsOf();
    const b = bridge(new EventBus(), natsTransport({ connection }), { events: ["x"], onError });
    await settle();
    await b.close();
    flushes[0].reject(new Error("connection closed"));
    await settle();
    expect(errors).toEqual([]);
    await expect(b.ready).rejects.toThrow(/closed before/);
  });
});
