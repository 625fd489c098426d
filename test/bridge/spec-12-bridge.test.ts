// §12 rules of the bridge itself, on an in-process transport the test
// controls (memory-transport.ts): argument checks, the local dispatch first,
// the bounded queue, in-flight limits, up/down events, the guard, the remote
// marker, re-publishing across bridges, codecs and close. The same rules run
// across real processes and brokers in the transport test files.

import { pack, unpack } from "msgpackr";
import { describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";
import {
  bridge, broadcastChannelTransport, jsonCodec, natsTransport, redisTransport, remoteMessage,
  type Bridge, type BridgeErrorContext, type Codec, type Envelope,
} from "wasm-events/bridge";
import { memoryGroup, MemoryTransport, settle } from "./memory-transport.js";

const decoded = (payload: unknown) => jsonCodec.decode(payload as string) as Envelope;
const envelope = (fields: Partial<Envelope>) => JSON.stringify({ v: 1, s: "other-sender-0001", n: 1, e: "x", ...fields });

function errorsOf(): { errors: [string, BridgeErrorContext][]; onError: (error: unknown, context: BridgeErrorContext) => void } {
  const errors: [string, BridgeErrorContext][] = [];
  return { errors, onError: (error, context) => errors.push([(error as Error).message, context]) };
}

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

describe("§12 bridge: remote messages", () => {
  async function pair(options: { onError?: (error: unknown, context: BridgeErrorContext) => void } = {}) {
    const [ta, tb] = memoryGroup(2);
    const busA = new EventBus(), busB = new EventBus();
    const a = bridge(busA, ta, { events: ["x", "y"], ...options });
    const b = bridge(busB, tb, { events: ["x", "y"], ...options });
    await Promise.all([a.ready, b.ready]);
    return { busA, busB, a, b, ta, tb };
  }

  test("§12 a remote message is dispatched through the bus under §5-§7 and marked remote while it is", async () => {
    const { busA, busB, a, b } = await pair();
    const seen: string[] = [];
    const m1 = busB.loadModule("m1"), m2 = busB.loadModule("m2");
    const pool = busB.createPool("p");
    for (const [mod, name] of [[m1, "m1"], [m2, "m2"], [null, "core"]] as const) {
      busB.register(mod, "x", (data: unknown) => {
        seen.push(`${name} ${JSON.stringify(data)} remote=${b.isRemote()} ${b.remote?.event}/${b.remote?.sender === a.id}/${b.remote?.seq}`);
      });
    }
    const stale = busB.register(m2, "x", () => seen.push("stale"), pool.hold(1));
    busB.restart(); // §7: its pool is gone, so the remote dispatch reports and removes it, never calls it
    const staleReports: string[] = [];
    process.once("warning", (w) => staleReports.push(w.name));
    busA.generate("x", { k: 1 });
    await settle();
    expect(seen).toEqual([
      "m2 {\"k\":1} remote=true x/true/1",
      "m1 {\"k\":1} remote=true x/true/1",
      "core {\"k\":1} remote=true x/true/1",
    ]);
    expect(stale.active).toBe(false);
    expect(staleReports).toEqual(["StaleUserDataWarning"]);
    expect(b.isRemote()).toBe(false);
    expect(b.remote).toBeNull();
    expect(remoteMessage(busB)).toBeNull();
    expect(b.stats()).toMatchObject({ received: 1 });
  });

  test("§12 nested generates inside a remote dispatch see the marker; another bridged event they generate is published, the remote one never again", async () => {
    const { busA, busB, b, tb } = await pair();
    const seen: string[] = [];
    busB.register(null, "x", (data: unknown) => {
      busB.generate("y", "caused by x");  // a new local event: it crosses
      busB.generate("x", data);           // the remote message itself again: it does not
    });
    busB.register(null, "y", () => seen.push(`y remote=${b.isRemote()} ${remoteMessage(busB)?.event}`));
    busA.generate("x", { k: 1 });
    await settle();
    expect(seen).toEqual(["y remote=true x"]);
    expect(tb.published.map((p) => [decoded(p).e, decoded(p).d])).toEqual([["y", "caused by x"]]);
    void busA;
  });

  test("§12 a message arriving during another remote dispatch is marked as itself, then the outer one again", async () => {
    const { busA, busB, b, tb } = await pair();
    const seen: string[] = [];
    busB.register(null, "x", () => {
      seen.push(`x: ${b.remote?.event} ${remoteMessage(busB)?.event}`);
      tb.sink!.message(envelope({ s: "third-sender-0001", n: 1, e: "y" })); // a transport delivering synchronously
      seen.push(`x again: ${b.remote?.event} ${remoteMessage(busB)?.event}`);
    });
    busB.register(null, "y", () => seen.push(`y: ${b.remote?.event}/${b.remote?.sender} ${remoteMessage(busB)?.event}`));
    busA.generate("x", 1);
    await settle();
    expect(seen).toEqual(["x: x x", "y: y/third-sender-0001 y", "x again: x x"]);
    expect(remoteMessage(busB)).toBeNull();
  });

  test("§12 a remote message is not re-published by another bridge of the same bus", async () => {
    const [t1, t2] = memoryGroup(2);
    const [u1, u2] = memoryGroup(2);
    const hub = new EventBus(), left = new EventBus(), right = new EventBus();
    const hubLeft = bridge(hub, t1, { events: ["x"] });
    const fromLeft = bridge(left, t2, { events: ["x"] });
    const hubRight = bridge(hub, u1, { events: ["x"] });
    const fromRight = bridge(right, u2, { events: ["x"] });
    await Promise.all([hubLeft.ready, fromLeft.ready, hubRight.ready, fromRight.ready]);
    const heardRight: unknown[] = [];
    right.register(null, "x", (data) => heardRight.push(data));
    left.generate("x", "from the left");
    await settle();
    expect(hubLeft.stats().received).toBe(1);
    expect(u1.published).toEqual([]);
    expect(heardRight).toEqual([]);
    hub.generate("x", "from the hub");
    await settle();
    expect(heardRight).toEqual(["from the hub"]);
  });

  test("§12 listener errors in a remote dispatch go to onError, or become a BridgeWarning", async () => {
    const { errors, onError } = errorsOf();
    const { busA, busB } = await pair({ onError });
    busB.register(null, "x", () => { throw new Error("listener broke"); });
    busA.generate("x", 1);
    await settle();
    expect(errors).toEqual([["listener broke", "listener"]]);

    const plain = await pair();
    plain.busB.register(null, "x", () => { throw new Error("listener broke"); });
    const warning = new Promise<Error>((resolve) => process.once("warning", resolve));
    plain.busA.generate("x", 1);
    expect((await warning).message).toContain("listener broke");

    const odd = await pair();
    odd.busB.register(null, "x", () => { throw "a string, not an Error"; });
    const second = new Promise<Error>((resolve) => process.once("warning", resolve));
    odd.busA.generate("x", 1);
    expect((await second).message).toContain("a string, not an Error");
  });

  test("§12 the guard counts each kind of bad input and never throws; valid messages keep flowing", async () => {
    const bus = new EventBus();
    const transport = new MemoryTransport();
    const b = bridge(bus, transport, { events: ["x"], maxMessageBytes: 1_000 });
    await b.ready;
    const heard: unknown[] = [];
    bus.register(null, "x", (data) => heard.push(data));
    const sink = transport.sink!;
    const inputs: unknown[] = [
      undefined, null, 42, {}, ["array"], "not json", Buffer.from([0xc3, 0x28]), "null", "[]", "\"text\"",
      "x".repeat(1_001), "€".repeat(400), "é".repeat(501), "😀".repeat(251), "a€".repeat(251), // over 1,000 bytes in fewer characters
      envelope({ v: 2 }), JSON.stringify({ s: "other-sender-0001", n: 1, e: "x" }),
      envelope({ s: "short" }), envelope({ s: "bad id with spaces!" }), envelope({ s: 7 as never }),
      envelope({ n: 0 }), envelope({ n: 1.5 }), envelope({ n: "1" as never }), envelope({ n: 2 ** 60 }),
      envelope({ e: "y" }), envelope({ e: 3 as never }),
    ];
    for (const input of inputs) expect(() => sink.message(input)).not.toThrow();
    sink.message(envelope({ n: 1, d: "valid 1" }));
    sink.message(Buffer.from(envelope({ n: 2, d: "valid 2" })));
    sink.message(envelope({ n: 2, d: "replay" }));
    sink.message(envelope({ n: 1, d: "older" }));
    sink.message(envelope({ n: 5, d: "valid 5" }));
    sink.message(envelope({ s: b.id, n: 1, d: "claims to be me" }));
    expect(heard).toEqual(["valid 1", "valid 2", "valid 5"]);
    expect(b.stats()).toMatchObject({
      received: 3, missed: 2, malformed: inputs.length + 3,
      malformedBy: { garbage: 10, oversized: 5, version: 2, sender: 4, sequence: 6, event: 2 },
    });
  });

  test("§12 a codec whose decode hands back a throwing object is garbage, not a crash", async () => {
    const codec: Codec = {
      name: "hostile",
      encode: jsonCodec.encode,
      decode: () => ({ get v(): number { throw new Error("getter"); } }),
    };
    const transport = new MemoryTransport();
    const b = bridge(new EventBus(), transport, { events: ["x"], codec });
    await b.ready;
    expect(() => transport.sink!.message("anything")).not.toThrow();
    expect(b.stats().malformedBy.garbage).toBe(1);
  });

  test("§12 its own messages delivered back are echoes, in order; anything else with its id is forged", async () => {
    const bus = new EventBus();
    const transport = new MemoryTransport();
    const b = bridge(bus, transport, { events: ["x"] });
    await b.ready;
    let calls = 0;
    bus.register(null, "x", () => calls++);
    bus.generate("x", 1);
    bus.generate("x", 2);
    await settle();
    calls = 0;
    const [first, second] = transport.published;
    transport.sink!.message(first);
    transport.sink!.message(first);  // the same echo twice: forged
    transport.sink!.message(second);
    transport.sink!.message(envelope({ s: b.id, n: 3 })); // never sent
    expect(calls).toBe(0);
    expect(b.stats()).toMatchObject({ echoes: 2, malformed: 2, received: 0 });
  });

  test("§12 the senders it remembers are bounded: a flood of made-up ids cannot grow memory", async () => {
    const bus = new EventBus();
    const transport = new MemoryTransport();
    const b = bridge(bus, transport, { events: ["x"] });
    await b.ready;
    transport.sink!.message(envelope({ s: "first-sender-000", n: 1 }));
    transport.sink!.message(envelope({ s: "first-sender-000", n: 1 }));
    expect(b.stats().malformedBy.sequence).toBe(1);
    for (let k = 0; k < 4_096; k++) transport.sink!.message(envelope({ s: `flood-${String(k).padStart(10, "0")}`, n: 1 }));
    // The first sender was forgotten (least recently heard): it starts afresh.
    transport.sink!.message(envelope({ s: "first-sender-000", n: 1 }));
    expect(b.stats()).toMatchObject({ received: 4_098, malformed: 1 });
  });
});

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
  test("§12 close() unregisters, closes the transport once, and stops both directions", async () => {
    const bus = new EventBus();
    const [t, other] = memoryGroup(2);
    const b: Bridge = bridge(bus, t, { events: ["x"] });
    await b.ready;
    const before = bus.listening("x");
    const heard: unknown[] = [];
    bus.register(null, "x", (data) => heard.push(data));
    await Promise.all([b.close(), b.close()]);
    expect(t.closed).toBe(1);
    expect(bus.listening("x")).toBe(before); // its capture listener is gone, ours stays
    bus.generate("x", "local");
    await settle();
    expect(t.published).toEqual([]);
    other.sink = null;
    t.sink!.message(envelope({ n: 1, d: "late" }));
    t.sink!.up();
    t.sink!.down();
    expect(heard).toEqual(["local"]);
    expect(b.stats()).toMatchObject({ received: 0, up: true });
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
