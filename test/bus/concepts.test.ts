// §3 Concepts: event names, modules and load order, listeners, pools and
// sub-pools, and the generation counters behind UserData handles.
import { describe, expect, test } from "vitest";
import { EventBus, type UserData } from "wasm-events";
import { callLog, expectEventsError, expectUnchanged } from "../helpers/spec-assert.js";

describe("§3 Event names", () => {
  test("§3 an event name is any non-empty string, nothing needs declaring first", () => {
    const bus = new EventBus();
    const names = ["core.exit", "mod_auth.authentication-code", "my-plugin.cache-miss", "x", " ", "ünïcödé ✓", "a'b"];
    const got: string[] = [];
    for (const name of names) bus.register(null, name, () => got.push(name));
    for (const name of names) bus.generate(name);
    expect(got).toEqual(names);
  });

  test("§3 names that collide with Object.prototype members are ordinary events", () => {
    const bus = new EventBus();
    const names = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype"];
    for (const name of names) expect(bus.listening(name)).toBe(0);
    const got: string[] = [];
    for (const name of names) bus.register(null, name, () => got.push(name));
    for (const name of names) {
      expect(bus.listening(name)).toBe(1);
      bus.generate(name);
    }
    expect(got).toEqual(names);
  });

  test("§3 generating an event with no listener and listening to one never generated are both fine", () => {
    const bus = new EventBus();
    expect(() => bus.generate("nobody.listens")).not.toThrow();
    bus.register(null, "never.generated", () => {});
    expect(bus.listening("never.generated")).toBe(1);
  });

  test("§3 an empty event name is EINVAL", () => {
    const bus = new EventBus();
    expectEventsError(() => bus.register(null, "", () => {}), "EINVAL");
    expectEventsError(() => bus.generate(""), "EINVAL");
    expectEventsError(() => bus.listening(""), "EINVAL");
    expectEventsError(() => bus.event(""), "EINVAL");
  });

  test("§3 an event name that is not a string is EINVAL", () => {
    const bus = new EventBus();
    for (const bad of [undefined, null, 1, {}, Symbol("e"), ["e"]]) {
      expectEventsError(() => bus.register(null, bad as never, () => {}), "EINVAL");
      expectEventsError(() => bus.generate(bad as never), "EINVAL");
      expectEventsError(() => bus.listening(bad as never), "EINVAL");
      expectEventsError(() => bus.event(bad as never), "EINVAL");
    }
  });
});

describe("§3 Modules", () => {
  test("§3 loadModule returns a Module with its name and a loadOrder of 0, 1, 2...", () => {
    const bus = new EventBus();
    const mods = ["mod_core", "mod_auth", "mod_tls"].map((name) => bus.loadModule(name));
    expect(mods.map((m) => m.name)).toEqual(["mod_core", "mod_auth", "mod_tls"]);
    expect(mods.map((m) => m.loadOrder)).toEqual([0, 1, 2]);
  });

  test("§3 a module name can be loaded once (EEXIST otherwise)", () => {
    const bus = new EventBus();
    bus.loadModule("mod_a");
    expectEventsError(() => bus.loadModule("mod_a"), "EEXIST", "mod_a");
  });

  test("§3 after unload() a name can be loaded again, as a new module loaded last", () => {
    const bus = new EventBus();
    const first = bus.loadModule("mod_a");
    bus.loadModule("mod_b");
    expect(first.unload()).toBe(0);
    const again = bus.loadModule("mod_a");
    expect(again).not.toBe(first);
    expect(again.name).toBe("mod_a");
    expect(again.loadOrder).toBe(2);
    expect(bus.loadModule("mod_c").loadOrder).toBe(3);
  });

  test("§3 a reloaded module's listeners run first, as the module loaded last", () => {
    const bus = new EventBus();
    const { calls, record } = callLog();
    const a = bus.loadModule("mod_a");
    const b = bus.loadModule("mod_b");
    a.unload();
    const a2 = bus.loadModule("mod_a");
    bus.register(b, "e", record("mod_b"));
    bus.register(a2, "e", record("mod_a"));
    bus.generate("e");
    expect(calls).toEqual(["mod_a", "mod_b"]);
  });

  test("§3 a second unload() returns 0 and does nothing", () => {
    const bus = new EventBus();
    const a = bus.loadModule("mod_a");
    const unloads: unknown[] = [];
    bus.register(null, "core.module-unload", (name) => unloads.push(name));
    bus.register(a, "e", () => {});
    expect(a.unload()).toBe(1);
    expect(unloads).toEqual(["mod_a"]);
    const before = bus.dump();
    expect(a.unload()).toBe(0);
    expect(unloads).toEqual(["mod_a"]); // no second core.module-unload
    expect(bus.dump()).toEqual(before);
  });

  test("§3 a second unload() does not touch a new module loaded under the same name", () => {
    const bus = new EventBus();
    const a = bus.loadModule("mod_a");
    a.unload();
    const a2 = bus.loadModule("mod_a");
    bus.register(a2, "e", () => {});
    expect(a.unload()).toBe(0);
    expect(bus.listening("e")).toBe(1);
  });

  test("§3 an unloaded module cannot register (EINVAL)", () => {
    const bus = new EventBus();
    const a = bus.loadModule("mod_a");
    a.unload();
    expectEventsError(() => bus.register(a, "e", () => {}), "EINVAL", "mod_a");
  });

  test("§3 null in place of a module means the core", () => {
    const bus = new EventBus();
    bus.register(null, "e", () => {});
    expect(bus.dump()).toEqual(["Registered for 'e':", "  (core)"]);
  });
});

describe("§3 Listeners", () => {
  test("§3 a listener is called as (eventData, userData)", () => {
    const bus = new EventBus();
    const seen: unknown[][] = [];
    const data = { session: 7 }, user = { config: true };
    bus.register(null, "e", (d, u) => seen.push([d, u]), user);
    bus.generate("e", data);
    expect(seen).toHaveLength(1);
    expect(seen[0][0]).toBe(data);
    expect(seen[0][1]).toBe(user);
  });

  test("§3 a listener registered without user data receives undefined", () => {
    const bus = new EventBus();
    const seen: unknown[] = [];
    bus.register(null, "e", (_d, u) => seen.push(u));
    bus.generate("e", 1);
    expect(seen).toEqual([undefined]);
  });
});

describe("§3 Pools", () => {
  test("§3 bus.permanentPool is a live pool tagged 'permanent'", () => {
    const bus = new EventBus();
    expect(bus.permanentPool.destroyed).toBe(false);
    expect(bus.permanentPool.tag).toBe("permanent");
    expect(bus.permanentPool).toBe(bus.permanentPool);
  });

  test("§3 createPool(tag) keeps the tag; createPool() gets 'pool-N'", () => {
    const bus = new EventBus();
    // README 5: N counts the pools made by the bus, from 1.
    expect(bus.createPool().tag).toBe("pool-1");
    expect(bus.createPool().tag).toBe("pool-2");
    expect(bus.createPool("session").tag).toBe("session");
    expect(bus.createPool().tag).toMatch(/^pool-\d+$/);
  });

  test("§3 pool.hold(value) returns a handle whose value is the value itself", () => {
    const bus = new EventBus();
    const pool = bus.createPool("p");
    const obj = { big: new Array(10).fill(0) };
    const handle = pool.hold(obj);
    expect(handle.stale).toBe(false);
    expect(handle.value).toBe(obj);
    // Falsy and odd values are held as they are.
    for (const v of [0, "", null, undefined, false, NaN]) expect(pool.hold(v).value).toBe(v);
  });

  test("§3 pool.destroy() ends the pool and every handle it gave out", () => {
    const bus = new EventBus();
    const pool = bus.createPool("p");
    const handles = [pool.hold(1), pool.hold(2), pool.hold(3)];
    pool.destroy();
    expect(pool.destroyed).toBe(true);
    for (const h of handles) {
      expect(h.stale).toBe(true);
      expectEventsError(() => h.value, "ESTALE");
    }
  });

  test("§3 pool.createPool(tag) makes a sub-pool destroyed with its parent", () => {
    const bus = new EventBus();
    const parent = bus.createPool("parent");
    const child = parent.createPool("child");
    const grandchild = child.createPool("grandchild");
    expect(child.tag).toBe("child");
    const held = [parent.hold("p"), child.hold("c"), grandchild.hold("g")];
    parent.destroy();
    expect([parent.destroyed, child.destroyed, grandchild.destroyed]).toEqual([true, true, true]);
    expect(held.map((h) => h.stale)).toEqual([true, true, true]);
  });

  test("§3 destroying a sub-pool leaves its parent and siblings alive", () => {
    const bus = new EventBus();
    const parent = bus.createPool("parent");
    const a = parent.createPool("a"), b = parent.createPool("b");
    const hp = parent.hold("p"), hb = b.hold("b");
    a.destroy();
    expect(a.destroyed).toBe(true);
    expect(parent.destroyed).toBe(false);
    expect(b.destroyed).toBe(false);
    expect(hp.value).toBe("p");
    expect(hb.value).toBe("b");
    // The parent can still make sub-pools.
    expect(parent.createPool("c").destroyed).toBe(false);
  });

  test("§3 sub-pools of the permanent pool survive restarts", () => {
    const bus = new EventBus();
    const sub = bus.permanentPool.createPool("perm-sub");
    const subsub = sub.createPool("perm-subsub");
    const h = subsub.hold("kept");
    bus.restart();
    bus.restart();
    expect(sub.destroyed).toBe(false);
    expect(subsub.destroyed).toBe(false);
    expect(h.stale).toBe(false);
    expect(h.value).toBe("kept");
  });

  test("§3 sub-pools of a restart-scoped pool end at the next restart", () => {
    const bus = new EventBus();
    const pool = bus.createPool("scoped");
    const sub = pool.createPool("scoped-sub");
    const h = sub.hold(1);
    bus.restart();
    expect(pool.destroyed).toBe(true);
    expect(sub.destroyed).toBe(true);
    expect(h.stale).toBe(true);
  });

  test("§3 a sub-pool that was destroyed on its own can still be destroyed with its parent", () => {
    const bus = new EventBus();
    const parent = bus.createPool("parent");
    const child = parent.createPool("child");
    child.destroy();
    expect(() => parent.destroy()).not.toThrow();
    expect(parent.destroyed).toBe(true);
  });

  test("§3 hold or createPool on a destroyed pool is ESTALE", () => {
    const bus = new EventBus();
    const pool = bus.createPool("gone");
    const child = pool.createPool("gone-child");
    pool.destroy();
    expectEventsError(() => pool.hold(1), "ESTALE", "gone");
    expectEventsError(() => pool.createPool("x"), "ESTALE", "gone");
    expectEventsError(() => child.hold(1), "ESTALE", "gone-child");
    expectEventsError(() => child.createPool(), "ESTALE", "gone-child");
  });

  test("§3 destroying a destroyed pool does nothing", () => {
    const bus = new EventBus();
    const pool = bus.createPool("p");
    pool.destroy();
    expect(() => pool.destroy()).not.toThrow();
    expect(pool.destroyed).toBe(true);
  });

  test("§3 destroying bus.permanentPool is EINVAL and leaves it alive", () => {
    const bus = new EventBus();
    const h = bus.permanentPool.hold("forever");
    bus.register(null, "e", () => {}, h);
    expectUnchanged(bus, ["e"], () => bus.permanentPool.destroy(), "EINVAL", "permanent");
    expect(bus.permanentPool.destroyed).toBe(false);
    expect(h.value).toBe("forever");
  });
});

describe("§3 Generation counters", () => {
  test("§3 a stale handle stays stale when its slot is reused by a later pool", () => {
    const bus = new EventBus();
    const old = bus.createPool("old");
    const oldHandles = Array.from({ length: 8 }, (_, i) => old.hold(`old-${i}`));
    old.destroy();
    // Fill the freed slots (and more) with new values.
    const fresh = bus.createPool("fresh");
    const freshHandles = Array.from({ length: 64 }, (_, i) => fresh.hold(`fresh-${i}`));
    for (const h of oldHandles) {
      expect(h.stale).toBe(true);
      expectEventsError(() => h.value, "ESTALE");
    }
    freshHandles.forEach((h, i) => expect(h.value).toBe(`fresh-${i}`));
  });

  test("§3 a stale handle never observes a value held later, over many pool lifetimes", () => {
    const bus = new EventBus();
    const stale: { handle: UserData<unknown>; round: number }[] = [];
    for (let round = 0; round < 50; round++) {
      const pool = bus.createPool(`round-${round}`);
      for (let i = 0; i < 4; i++) stale.push({ handle: pool.hold({ round }), round });
      pool.destroy();
    }
    const live = bus.createPool("live").hold({ round: -1 });
    for (const { handle } of stale) {
      expect(handle.stale).toBe(true);
      expectEventsError(() => handle.value, "ESTALE");
    }
    expect(live.value).toEqual({ round: -1 });
  });

  test("§3 a listener with a stale handle is not called with the value now held in its slot", () => {
    const seen: unknown[] = [];
    const bus = new EventBus({ onStale: () => {} });
    const old = bus.createPool("old");
    bus.register(null, "e", (_d, u) => seen.push(u), old.hold("old value"));
    old.destroy();
    const fresh = bus.createPool("fresh");
    for (let i = 0; i < 16; i++) fresh.hold(`new value ${i}`);
    bus.generate("e");
    expect(seen).toEqual([]);
  });

  test("§3 handles of the same pool made after a sibling pool was destroyed stay live", () => {
    const bus = new EventBus();
    const keep = bus.createPool("keep");
    const drop = bus.createPool("drop");
    const before = keep.hold("before");
    drop.hold("x");
    drop.destroy();
    const after = keep.hold("after");
    expect(before.value).toBe("before");
    expect(after.value).toBe("after");
  });
});
