// §3 generation counters under slot reuse: long random runs of pool
// creation, hold, destroy and restart, so that handle slots are freed and
// reused across many generations. A handle whose pool is gone must be stale
// forever and never observe a value held later in the same slot; a live
// handle must always give back exactly the value it was given (by identity),
// to `.value` and to a listener registered with it.

import fc from "fast-check";
import { expect, test } from "vitest";
import { EventBus, EventsError, type Pool, type UserData } from "wasm-events";

interface PoolRecord {
  pool: Pool;
  parent: PoolRecord | undefined;
  /** The permanent pool or one of its sub-pools: restarts leave it alone. */
  permanent: boolean;
  destroyed: boolean;
}

interface HandleRecord {
  handle: UserData<object>;
  value: object;
  pool: PoolRecord;
}

type Op =
  | { op: "createPool"; parent: number | "bus" }
  | { op: "hold"; pool: number }
  | { op: "destroy"; pool: number }
  | { op: "restart" }
  | { op: "dispatch"; handle: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant("createPool" as const), parent: fc.oneof(fc.constant("bus" as const), fc.nat()) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant("hold" as const), pool: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("destroy" as const), pool: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant<Op>({ op: "restart" }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("dispatch" as const), handle: fc.nat() }) },
);

/** Marks `record` and every pool below it destroyed, as `pool.destroy()` must. */
function markDestroyed(records: readonly PoolRecord[], record: PoolRecord): void {
  for (const r of records) {
    for (let p: PoolRecord | undefined = r; p !== undefined; p = p.parent) if (p === record) r.destroyed = true;
  }
}

function valueThrowsEstale(handle: UserData<object>): boolean {
  try {
    handle.value;
    return false;
  } catch (error) {
    return error instanceof EventsError && error.code === "ESTALE";
  }
}

function check(handles: readonly HandleRecord[]): void {
  for (const { handle, value, pool } of handles) {
    expect(handle.stale).toBe(pool.destroyed);
    if (pool.destroyed) expect(valueThrowsEstale(handle)).toBe(true);
    else expect(handle.value).toBe(value);
  }
}

function run(ops: readonly Op[]): void {
  const bus = new EventBus({ onStale: () => {} });
  const records: PoolRecord[] = [{ pool: bus.permanentPool, parent: undefined, permanent: true, destroyed: false }];
  const handles: HandleRecord[] = [];
  const live = () => records.filter((r) => !r.destroyed);
  for (const op of ops) {
    switch (op.op) {
      case "createPool": {
        const parent = op.parent === "bus" ? undefined : live()[op.parent % live().length]!;
        const pool = parent === undefined ? bus.createPool() : parent.pool.createPool();
        records.push({ pool, parent, permanent: parent?.permanent ?? false, destroyed: false });
        break;
      }
      case "hold": {
        const record = live()[op.pool % live().length]!;
        const value = { held: handles.length };
        handles.push({ handle: record.pool.hold(value), value, pool: record });
        break;
      }
      case "destroy": {
        const candidates = live().filter((r) => r.pool !== bus.permanentPool);
        if (candidates.length === 0) break;
        const record = candidates[op.pool % candidates.length]!;
        record.pool.destroy();
        markDestroyed(records, record);
        break;
      }
      case "restart":
        bus.restart();
        for (const r of records) if (!r.permanent) r.destroyed = true;
        break;
      case "dispatch": {
        if (handles.length === 0) break;
        const { handle, value, pool } = handles[op.handle % handles.length]!;
        const received: unknown[] = [];
        const listener = (_: unknown, userData: unknown) => void received.push(userData);
        if (pool.destroyed) {
          expect(() => bus.register(null, "e", listener, handle)).toThrow(EventsError);
          break;
        }
        const registration = bus.register(null, "e", listener, handle);
        bus.generate("e");
        registration.unregister();
        expect(received).toHaveLength(1);
        expect(received[0]).toBe(value);
        break;
      }
    }
    check(handles);
  }
}

test("§3 a stale handle never observes a value held later in its reused slot; a live one always its own", () => {
  fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 200 }), (ops) => run(ops)), { numRuns: 300, seed: 3 });
});

test("§3 one slot reused across 10,000 pool generations: every old handle stays stale", () => {
  const bus = new EventBus();
  const old: UserData<object>[] = [];
  for (let g = 0; g < 10_000; g++) {
    const pool = bus.createPool();
    const handle = pool.hold({ g });
    if (g % 100 === 0) old.push(handle);
    pool.destroy();
  }
  const fresh = bus.createPool().hold({ fresh: true });
  expect(old.every((handle) => handle.stale)).toBe(true);
  expect(old.every((handle) => valueThrowsEstale(handle))).toBe(true);
  expect(fresh.stale).toBe(false);
  expect(fresh.value).toEqual({ fresh: true });
});
