// The speed targets of issue #3, checked against one run's ratios. The
// report shows them so a reader sees at once which hold and by how much.
import type { MemoryScenarioResult, TimedResult } from "../harness.js";
import { ratios, rateIn, type Baseline } from "./ratios.js";

const BY_NAME = "wasm-events", EVAL_FREE = "wasm-events eval-free";

/** One target in one scenario. */
export interface TargetCheck {
  /** Short label, the same for every scenario it applies to (a column of the report). */
  readonly target: string;
  readonly scenario: string;
  /** The measured ratio; undefined if a contender it needs did not run. */
  readonly value: number | undefined;
  /** `value` must be at least (`atLeast`) or at most (`atMost`) this. */
  readonly bound: number;
  readonly sense: "atLeast" | "atMost";
  readonly met: boolean | undefined;
}

function check(target: string, scenario: string, value: number | undefined, bound: number, sense: TargetCheck["sense"]): TargetCheck {
  const met = value === undefined ? undefined : sense === "atLeast" ? value >= bound : value <= bound;
  return { target, scenario, value, bound, sense, met };
}

interface RatioTarget {
  readonly target: string;
  readonly contender: string;
  readonly baseline: Baseline;
  readonly bound: number;
  readonly kinds: readonly TimedResult["kind"][];
}

/** The ratio targets, in the report's column order. */
export const RATIO_TARGETS: readonly RatioTarget[] = [
  { target: "by name ÷ fastest peer ≥ 1", contender: BY_NAME, baseline: "fastest peer", bound: 1, kinds: ["generate"] },
  { target: "by name ÷ node:events ≥ 3", contender: BY_NAME, baseline: "node:events", bound: 3, kinds: ["generate"] },
  { target: "by name ÷ direct ≥ 0.9", contender: BY_NAME, baseline: "direct", bound: 0.9, kinds: ["generate"] },
  { target: "by name ÷ eventemitter3 ≥ 1 (churn)", contender: BY_NAME, baseline: "eventemitter3", bound: 1, kinds: ["churn"] },
  { target: "eval-free ÷ eventemitter3 ≥ 1", contender: EVAL_FREE, baseline: "eventemitter3", bound: 1, kinds: ["generate", "churn"] },
  { target: "eval-free ÷ node:events ≥ 1", contender: EVAL_FREE, baseline: "node:events", bound: 1, kinds: ["generate", "churn"] },
];

/** Every target that applies to what ran. */
export function evaluateTargets(timed: readonly TimedResult[], memory: MemoryScenarioResult | undefined): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const scenario of timed) {
    for (const t of RATIO_TARGETS) {
      if (t.kinds.includes(scenario.kind)) checks.push(check(t.target, scenario.scenario, ratios(scenario, t.contender)[t.baseline], t.bound, "atLeast"));
    }
  }
  // 10,000 names against one name, both with one listener: cost per generate, so lower is better.
  const single = rateIn(timed, "listeners-1", BY_NAME), many = rateIn(timed, "many-names", BY_NAME);
  if (single !== undefined || many !== undefined) {
    checks.push(check("many-names cost ÷ listeners-1 cost ≤ 1.2", "many-names", single !== undefined && many ? single / many : undefined, 1.2, "atMost"));
  }
  // The same bound against few-names, which isolates the table's size (not part of the issue: a control).
  const few = rateIn(timed, "few-names", BY_NAME);
  if (few !== undefined && many !== undefined) {
    checks.push(check("many-names cost ÷ few-names cost ≤ 1.2 (control)", "many-names", few / many, 1.2, "atMost"));
  }
  if (memory !== undefined) {
    const own = memory.results.find((r) => r.contender === BY_NAME), ee3 = memory.results.find((r) => r.contender === "eventemitter3");
    const value = own !== undefined && ee3 !== undefined && ee3.registered.total > 0 ? own.registered.total / ee3.registered.total : undefined;
    checks.push(check("bytes/listener ÷ eventemitter3's ≤ 1", memory.scenario, value, 1, "atMost"));
  }
  return checks;
}
