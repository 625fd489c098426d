// The reference model's pattern matching (§13), checked against the
// contract's own examples: the property tests trust it as the oracle.

import { describe, expect, test } from "vitest";
import { ModelEventsError } from "./model-errors.js";
import { modelPattern, patternMatches } from "./model-pattern.js";

const matches = (source: string, name: string) => patternMatches(modelPattern(source), name);

describe("the model's patterns (§13)", () => {
  test("`*` is exactly one whole segment", () => {
    expect(matches("mod_auth.*", "mod_auth.login")).toBe(true);
    expect(matches("mod_auth.*", "mod_auth")).toBe(false);
    expect(matches("mod_auth.*", "mod_auth.a.b")).toBe(false);
    expect(matches("*.exit", "core.exit")).toBe(true);
    expect(matches("*.exit", "exit")).toBe(false);
    expect(matches("*", "a")).toBe(true);
    expect(matches("*", "a.b")).toBe(false);
  });

  test("a last `**` is one or more segments; alone it matches every event", () => {
    expect(matches("mod_ban.**", "mod_ban.ban-host")).toBe(true);
    expect(matches("mod_ban.**", "mod_ban.a.b.c")).toBe(true);
    expect(matches("mod_ban.**", "mod_ban")).toBe(false);
    for (const name of ["a", "core.exit", "x.y.z"]) expect(matches("**", name)).toBe(true);
  });

  test("a literal segment matches only itself", () => {
    expect(matches("m.*.c", "m.b.c")).toBe(true);
    expect(matches("m.*.c", "m.b.d")).toBe(false);
    expect(matches("m.a", "m.a")).toBe(true);
    expect(matches("m.a", "m.ab")).toBe(false);
  });

  test("bad patterns are EINVAL (§8): empty segments, `**` not last, `*` inside a segment", () => {
    for (const source of ["", "m..a", ".a", "a.", "**.a", "mod_*", "a*b", "m.*x"]) {
      let thrown: unknown;
      try {
        modelPattern(source);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, source).toBeInstanceOf(ModelEventsError);
      expect((thrown as ModelEventsError).code, source).toBe("EINVAL");
    }
  });
});
