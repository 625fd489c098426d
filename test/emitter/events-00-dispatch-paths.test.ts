// The emitter suite runs on both dispatch paths (helpers.ts): this checks
// that the path a suite forces is the one that runs, from the stack a
// listener of a hot event sees.
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import { describeBothPaths, warm } from "./helpers.js";

describeBothPaths("dispatch paths", ({ codegen }) => {
  test("a hot event runs a compiled dispatcher on the compiled path, the loop on the eval-free one", () => {
    const e = new EventEmitter(), stacks: string[] = [];
    e.on("x", () => stacks.push(new Error("where").stack ?? "")).on("x", () => {});
    warm(e, "x", 1);
    stacks.length = 0;
    e.emit("x", 1);
    expect(stacks).toHaveLength(1);
    expect(stacks[0].includes("compiledEmit")).toBe(codegen);
    // The loop is written out in dispatch (emit-dispatch.ts); a hot compiled list is called from emit directly.
    expect(/\bat dispatch \(/.test(stacks[0])).toBe(!codegen);
  });
});
