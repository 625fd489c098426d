// §7: the default stale report is "a process warning naming the event,
// module and pool". Where there is no `process` (browsers, workers), the same
// report goes to console.warn rather than nowhere (the browser pages in
// test/browser check it in Chromium too).
import { afterEach, describe, expect, test, vi } from "vitest";
import { EventBus } from "wasm-events";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("§7 the default stale report without process", () => {
  test("§7 no process: the report goes to console.warn, once, naming event, module and pool", () => {
    const bus = new EventBus();
    const pool = bus.createPool("conn");
    bus.register(bus.loadModule("mod_sql"), "sql.query", function onQuery() {}, pool.hold(1));
    pool.destroy();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    // Synchronous from stub to unstub: nothing else runs without `process`.
    vi.stubGlobal("process", undefined);
    try {
      bus.generate("sql.query");
      bus.generate("sql.query");
    } finally {
      vi.unstubAllGlobals();
    }
    expect(warn).toHaveBeenCalledTimes(1);
    const [text] = warn.mock.calls[0] as [string];
    expect(text).toMatch(/^StaleUserDataWarning: listener onQuery of module 'mod_sql' for 'sql.query'/);
    expect(text).toContain("pool 'conn'");
  });

  test("§7 a process without emitWarning (some edge runtimes) also falls back to console.warn", () => {
    const bus = new EventBus();
    const pool = bus.createPool("p");
    bus.register(null, "e", () => {}, pool.hold(1));
    pool.destroy();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.stubGlobal("process", {});
    try {
      bus.generate("e");
    } finally {
      vi.unstubAllGlobals();
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain("the core");
  });
});
