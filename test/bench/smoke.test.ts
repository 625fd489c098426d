// The benchmark harness, run in-process with a tiny time budget: every
// contender must pass the correctness check of every scenario (each listener
// called exactly once per generate), and the report writers must cover what
// ran. Speed is never asserted here; `npm start` measures it.
import { beforeAll, describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CheckFailure } from "../../bench/check.js";
import { isContenderFile, loadContenderFile } from "../../bench/contender-file.js";
import type { Contender, Table } from "../../bench/contender.js";
import { CONTENDERS } from "../../bench/contenders/index.js";
import { eventemitter3 } from "../../bench/contenders/eventemitter3.js";
import { nodeEvents } from "../../bench/contenders/node-events.js";
import { wasmEventsEvalFree } from "../../bench/contenders/wasm-events-eval-free.js";
import { wasmEventsByName } from "../../bench/contenders/wasm-events-name.js";
import { runHarness, type HarnessResult } from "../../bench/harness.js";
import { PROFILES } from "../../bench/profiles.js";
import { toJson } from "../../bench/report/json.js";
import { toMarkdown } from "../../bench/report/markdown.js";
import { runMeta } from "../../bench/report/meta.js";
import { toSvg } from "../../bench/report/svg.js";
import type { Scenario } from "../../bench/scenario.js";
import { churn } from "../../bench/scenarios/churn.js";
import { SCENARIOS } from "../../bench/scenarios/index.js";
import { listenersN } from "../../bench/scenarios/listeners-n.js";

const smoke = PROFILES.smoke;
const names = (list: readonly { name: string }[]) => list.map((item) => item.name);

/** A real contender whose tables are rewritten before registering: a broken emitter to catch. */
function rewriting(base: Contender, name: string, rewrite: (table: Table) => Table): Contender {
  return { name, kind: "peer", description: "broken on purpose", prepare: (table) => base.prepare(rewrite(table)) };
}

describe("bench harness smoke run", () => {
  let result: HarnessResult;
  // Not a timed test: the budget only has room for a loaded machine (every contender through every scenario's check).
  beforeAll(() => {
    result = runHarness({ profile: smoke, scenarios: SCENARIOS, contenders: CONTENDERS, memoryIn: "process" });
  }, 120_000);

  test("every timed scenario ran every contender that supports it (the checks passed)", () => {
    const timed = SCENARIOS.filter((s) => s.kind !== "memory");
    expect(result.timed.map((s) => s.scenario)).toEqual(names(timed));
    for (const scenario of result.timed) {
      // direct has no dispatcher, so it has no churn loop; everyone else runs everything.
      const expected = CONTENDERS.filter((c) => scenario.kind === "generate" || c.name !== "direct");
      expect(scenario.results.map((r) => r.contender), scenario.scenario).toEqual(names(expected));
      for (const r of scenario.results) expect(r.rounds).toHaveLength(smoke.rounds);
    }
  });

  test("memory was measured for every contender (after its check passed)", () => {
    expect(result.memory?.results.map((r) => r.contender)).toEqual(names(CONTENDERS));
    for (const r of result.memory!.results) {
      expect(Number.isFinite(r.registered.total), r.contender).toBe(true);
      expect(Number.isFinite(r.generated.total), r.contender).toBe(true);
    }
  });

  test("the Markdown, JSON and SVG reports cover every scenario and contender", () => {
    const meta = runMeta(smoke, "node --import tsx bench/run.ts (smoke test)", "smoke");
    const markdown = toMarkdown(meta, result), svg = toSvg(meta, result);
    const json = JSON.parse(toJson(meta, result)) as { timed: { scenario: string }[]; meta: { node: string; cores: number } };
    for (const scenario of SCENARIOS) {
      expect(markdown).toContain(`## ${scenario.name}: `);
      expect(svg).toContain(`${scenario.name}: `);
    }
    for (const contender of CONTENDERS) expect(markdown).toContain(contender.name);
    expect(markdown).toContain("node --import tsx bench/run.ts (smoke test)");
    expect(json.timed.map((s) => s.scenario)).toEqual(result.timed.map((s) => s.scenario));
    expect(json.meta.node).toBe(process.version);
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });
});

describe("bench correctness check", () => {
  const run = (contender: Contender, scenario: Scenario = listenersN(5)) =>
    runHarness({ profile: smoke, scenarios: [scenario], contenders: [contender], memoryIn: "process" });

  test("a contender that misses a listener aborts the run", () => {
    const dropsLast = rewriting(eventemitter3, "drops-last", (t) => ({ ...t, listeners: t.listeners.map((l) => l.slice(0, -1)) }));
    expect(() => run(dropsLast)).toThrow(CheckFailure);
    expect(() => run(dropsLast)).toThrow(/drops-last in listeners-5: listener #4 was called 0 time/);
  });

  test("a contender that calls a listener twice aborts the run", () => {
    const doubles = rewriting(nodeEvents, "doubles", (t) => ({ ...t, listeners: t.listeners.map((l) => [...l, ...l]) }));
    expect(() => run(doubles)).toThrow(/doubles in listeners-5: listener #0 was called 2 time/);
  });

  test("a contender whose unregister does nothing fails the churn check", () => {
    const sticky: Contender = {
      name: "sticky",
      kind: "peer",
      description: "broken on purpose",
      prepare(table) {
        const prepared = eventemitter3.prepare(table);
        return { ...prepared, add: (event, fn) => (prepared.add(event, fn), () => {}) };
      },
    };
    expect(() => run(sticky, churn)).toThrow(/sticky in churn \(after removing the extra listener\)/);
  });

  test("the memory scenario checks its contender too", () => {
    const memory = SCENARIOS.find((s) => s.kind === "memory")!;
    const dropsLast = rewriting(eventemitter3, "drops-last", (t) => ({ ...t, listeners: t.listeners.map((l) => l.slice(0, -1)) }));
    expect(() => run(dropsLast, memory)).toThrow(CheckFailure);
  });
});

describe("bench eval-free contender", () => {
  /**
   * How many times `new Function` / `Function()` ran while `contender`
   * registered and generated 5 listeners 100 times, leaving out the harness's
   * own timed loops (bench/fresh.ts compiles one per prepared instance).
   */
  function compilations(contender: Contender): number {
    const workload = listenersN(5).build();
    const original = globalThis.Function;
    let count = 0;
    const isLibrary = (args: unknown[]) => !String(args[args.length - 1]).includes("bench loop #");
    const spy = new Proxy(original, {
      construct: (target, args) => (isLibrary(args) && count++, Reflect.construct(target, args)),
      apply: (target, self, args) => (isLibrary(args) && count++, Reflect.apply(target, self, args)),
    });
    globalThis.Function = spy;
    try {
      const prepared = contender.prepare(workload.table);
      for (let i = 0; i < 100; i++) prepared.generateAll(workload.order, workload.data);
    } finally {
      globalThis.Function = original;
    }
    return count;
  }

  test("the default wasm-events contender compiles dispatchers (so the spy sees compilation)", () => {
    expect(compilations(wasmEventsByName)).toBeGreaterThan(0);
  });

  test("the eval-free contender runs without compiling any code", () => {
    expect(compilations(wasmEventsEvalFree)).toBe(0);
  });
});

describe("bench --contender ./FILE", () => {
  test("a contender file (bench/my-emitter.mjs) races through every scenario's check", async () => {
    const mine = await loadContenderFile("bench/my-emitter.mjs");
    expect(mine.name).toBe("my-emitter");
    expect(mine.kind).toBe("peer");
    const run = runHarness({ profile: smoke, scenarios: SCENARIOS, contenders: [mine, eventemitter3], memoryIn: "process" });
    for (const scenario of run.timed) expect(scenario.results.map((r) => r.contender)).toEqual(["my-emitter", "eventemitter3"]);
    expect(run.memory?.results.map((r) => r.contender)).toEqual(["my-emitter", "eventemitter3"]);
  });

  test("a file that exports no contender is refused with a message naming the file and the fix", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-contender-"));
    const file = join(dir, "not-a-contender.mjs");
    writeFileSync(file, "export const something = 1;\n");
    await expect(loadContenderFile(file)).rejects.toThrow(/not-a-contender\.mjs exports no contender.*bench\/README\.md/);
    const second = join(dir, "no-prepare.mjs"); // a new file: ES modules are cached by URL
    writeFileSync(second, "export default { name: 'x' };\n");
    await expect(loadContenderFile(second)).rejects.toThrow(/has no `prepare\(table\)` function/);
  });

  test("paths and built-in names are told apart", () => {
    for (const path of ["./mine.mjs", "../x/y.js", "/abs/emitter.ts", "mine.mjs"]) expect(isContenderFile(path), path).toBe(true);
    for (const name of ["wasm-events", "node:events", "tseep eval-free"]) expect(isContenderFile(name), name).toBe(false);
  });
});
