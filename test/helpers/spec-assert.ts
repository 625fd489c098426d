// Shared assertions for the spec, bad-input and ProFTPD tests: catching an
// EventsError with its code, and snapshots that show a bus was left unchanged
// (§8: a call that throws EINVAL, EEXIST or ESTALE changes nothing).
import { expect } from "vitest";
import { EventsError, type EventBus } from "wasm-events";

/** The error codes of §8. */
export type Code = "EINVAL" | "EEXIST" | "ESTALE" | "ELOOP";

/**
 * Runs `fn`, expects it to throw an `EventsError` with `code`, and returns the
 * error so a test can check its message. Fails the test if `fn` returns.
 */
export function expectEventsError(fn: () => unknown, code: Code, ...mentions: string[]): EventsError {
  let caught: unknown;
  let threw = false;
  try {
    fn();
  } catch (err) {
    threw = true;
    caught = err;
  }
  expect(threw, `expected an EventsError ${code}, but the call returned`).toBe(true);
  expect(caught).toBeInstanceOf(EventsError);
  expect(caught).toBeInstanceOf(Error);
  const error = caught as EventsError;
  expect(error.code).toBe(code);
  // §8: messages name the event, module and argument involved.
  for (const mention of mentions) expect(error.message).toContain(mention);
  return error;
}

/** What a test compares before and after a failing call: dump lines and listener counts. */
interface BusSnapshot {
  dump: string[];
  counts: Record<string, number>;
}

/** Captures `bus.dump()` and `bus.listening(e)` for each of `events`. */
export function snapshot(bus: EventBus, events: readonly string[]): BusSnapshot {
  const counts: Record<string, number> = {};
  for (const event of events) counts[event] = bus.listening(event);
  return { dump: bus.dump(), counts };
}

/**
 * Asserts that `fn` throws `code` and leaves `bus` exactly as it was: same
 * dump, same listener counts for `events`.
 */
export function expectUnchanged(
  bus: EventBus,
  events: readonly string[],
  fn: () => unknown,
  code: Code,
  ...mentions: string[]
): EventsError {
  const before = snapshot(bus, events);
  const error = expectEventsError(fn, code, ...mentions);
  expect(snapshot(bus, events)).toEqual(before);
  return error;
}

/** Runs `fn` and returns what it threw (fails the test if it returned). */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  expect.fail("expected the call to throw");
}

/**
 * A call log: `record(name)` makes a listener that appends `name` to `calls`.
 * Each call of `record` makes a new function, so the same name can be
 * registered for several events without EEXIST.
 */
export function callLog(): { calls: string[]; record: (name: string) => () => void } {
  const calls: string[] = [];
  return {
    calls,
    record: (name: string) => () => {
      calls.push(name);
    },
  };
}
