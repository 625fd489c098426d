// §9 generate by name keeps a one-entry cache in front of the name map (the
// name generated last and its state, or that it was never interned). It is
// a cache of the map, so whatever changes the map forgets it: a name
// interned (registered for, or matched by a pattern) after it was generated
// as unknown, and a pattern-only name evicted while it was the cached one
// (§13), are dispatched as the map says, never as the cache remembered.
import { describe, expect, test } from "vitest";
import { pattern } from "wasm-events";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

/** More names than the pattern-only name cache holds, so eviction must happen (as patterns-names.test.ts). */
const MANY = 12_000;

describe.each(DISPATCH_MODES)("§9 generate's name cache ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  test("§4 a name generated while unknown, then registered for, calls the new listener", () => {
    const bus = makeBus(), calls: string[] = [];
    for (let i = 0; i < 3; i++) bus.generate("late.event"); // cached as never interned
    bus.register(null, "late.event", (data) => void calls.push(data as string));
    bus.generate("late.event", "first");
    bus.generate("late.event", "second");
    expect(calls).toEqual(["first", "second"]);
  });

  test("§4 the cached name is not confused with another: two names in turn, then one repeated", () => {
    const bus = makeBus(), calls: string[] = [];
    bus.register(null, "a", () => void calls.push("a"));
    bus.register(null, "b", () => void calls.push("b"));
    for (const name of ["a", "a", "b", "b", "a", "x", "x", "b"]) bus.generate(name);
    expect(calls).toEqual(["a", "a", "b", "b", "a", "b"]);
  });

  test("§13 a name generated while unknown, then matched by a new pattern, calls the pattern's listener", () => {
    const bus = makeBus(), seen: string[] = [];
    for (let i = 0; i < 3; i++) bus.generate("job.done");
    bus.register(null, pattern("job.*"), (_data, _userData, name) => void seen.push(name));
    bus.generate("job.done");
    expect(seen).toEqual(["job.done"]);
  });

  test("§13 a cached pattern-only name that is evicted, then registered for, calls both listeners", () => {
    const bus = makeBus(), seen: string[] = [];
    bus.register(null, pattern("user.*.login"), (_data, _userData, name) => void seen.push(`pattern ${name}`));
    for (let i = 0; i < 3; i++) bus.generate("user.0.login"); // interned for the pattern only, and cached
    for (let n = 1; n <= MANY; n++) bus.generate(`user.${n}.login`); // evicts user.0.login
    seen.length = 0;
    bus.register(null, "user.0.login", () => void seen.push("exact"));
    bus.generate("user.0.login");
    bus.generate("user.0.login");
    // Both registrations are the core's; the order between them is §5's business (dispatch-order tests).
    expect(seen.sort()).toEqual(["exact", "exact", "pattern user.0.login", "pattern user.0.login"]);
  });
});
