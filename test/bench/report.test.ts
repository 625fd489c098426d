// How the benchmark report turns rounds into ratios, and `--report`, which
// renders a committed run's reports again from its JSON. No timing here.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { HarnessResult, RateResult, TimedResult } from "../../bench/harness.js";
import { PROFILES } from "../../bench/profiles.js";
import { toJson } from "../../bench/report/json.js";
import { toMarkdown } from "../../bench/report/markdown.js";
import type { RunMeta } from "../../bench/report/meta.js";
import { pairedRatio, ratios } from "../../bench/report/ratios.js";

const result = (contender: string, kind: RateResult["kind"], rounds: number[]): RateResult => {
  const sorted = [...rounds].sort((a, b) => a - b);
  return { contender, kind, rate: sorted[sorted.length >> 1], rounds };
};

describe("ratios pair rounds", () => {
  test("a ratio is the median of the per-round ratios, not the ratio of two medians", () => {
    // Round 3 ran slow for b only; medians would say a is half as fast as b.
    const a = result("a", "wasm-events", [10, 20, 10]), b = result("b", "peer", [5, 20, 20]);
    expect(a.rate / b.rate).toBe(0.5);
    expect(pairedRatio(a, b)).toBe(1);
  });

  test("rounds that do not pair up fall back to the ratio of the medians", () => {
    expect(pairedRatio(result("a", "wasm-events", [10, 30, 20]), result("b", "peer", [10, 40]))).toBe(20 / 40);
  });

  test("÷ fastest peer is the lowest ratio to any peer, even one whose median rate is lower", () => {
    const scenario: TimedResult = {
      scenario: "s",
      title: "s",
      kind: "generate",
      unit: "events/s",
      results: [
        result("ours", "wasm-events", [10, 20, 10]),
        // The highest median rate, but ours is ahead of it in two rounds of three.
        result("bursty", "peer", [15, 15, 9]),
        // A lower median, yet ahead of ours in every round, by 10%.
        result("steady", "peer", [11, 22, 11]),
        result("direct", "limit", [40, 80, 40]),
      ],
    };
    expect(ratios(scenario, "ours")["fastest peer"]).toBeCloseTo(10 / 11, 12);
    expect(ratios(scenario, "ours").direct).toBe(0.25);
  });
});

describe("--report", () => {
  test("renders the same Markdown from a run's JSON as the run itself wrote", () => {
    const timed: TimedResult[] = [
      {
        scenario: "listeners-1",
        title: "1 listener",
        kind: "generate",
        unit: "events/s",
        results: [result("wasm-events", "wasm-events", [3e7, 2e7, 3e7]), result("tseep", "peer", [2e7, 1e7, 2.5e7])],
      },
    ];
    const run: HarnessResult = { timed, memory: undefined, elapsedMs: 1234 };
    const meta: RunMeta = {
      date: "2026-12-02T00:00:00.000Z",
      command: "node --import tsx bench/run.ts --full",
      node: "v24.0.0",
      v8: "13",
      os: "linux",
      cpu: "cpu",
      cores: 2,
      profile: PROFILES.full,
      packages: { tinybench: "6.2.3" },
    };
    const dir = mkdtempSync(join(tmpdir(), "wasm-events-report-"));
    writeFileSync(join(dir, "run.json"), toJson(meta, run));
    execFileSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--report", join(dir, "run.json"), "--out", dir], { stdio: "pipe" });
    expect(readFileSync(join(dir, "2026-12-02-node24.md"), "utf8")).toBe(toMarkdown(meta, run));
    expect(JSON.parse(readFileSync(join(dir, "2026-12-02-node24.json"), "utf8"))).toEqual(JSON.parse(toJson(meta, run)));
  });

  test("a file that is not a report is refused with a usage error", () => {
    const dir = mkdtempSync(join(tmpdir(), "wasm-events-report-"));
    writeFileSync(join(dir, "other.json"), "{}");
    let status = 0, stderr = "";
    try {
      execFileSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--report", join(dir, "other.json")], { stdio: "pipe" });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toContain("is not a report written by --json or --out");
  });
});
