// §12 messages from other buses: dispatched under §5-§7 with the remote
// marker, never re-published, listener errors reported; the guard against
// bad input, echoes and forged senders, on an in-process transport the test
// controls (memory-transport.ts); the same rules run across real processes
// and brokers in the transport test files.
import { describe, expect, test } from "vitest";
import { EventBus } from "wasm-events";
import { bridge, jsonCodec, remoteMessage, type BridgeErrorContext, type Codec } from "wasm-events/bridge";
import { decoded, envelope, errorsOf, memoryGroup, MemoryTransport, settle } from "./memory-transport.js";

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
