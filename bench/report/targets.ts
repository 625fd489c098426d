// The targets of issue #8 ("Win the race"), checked against one run's
// ratios. The report shows them so a reader sees at once which hold and by
// how much.
import type { MemoryScenarioResult, TimedResult } from "../harness.js";
import { pairedRatio, ratios, resultIn, type Baseline } from "./ratios.js";

const BY_NAME = "wasm-events", BY_REF = "wasm-events ref", EVAL_FREE = "wasm-events eval-free";

/** Scenarios with at least 5 listeners per event, where the node:events target applies. */
const FIVE_OR_MORE = new Set(["listeners-5", "listeners-20", "listeners-100", "realistic-20", "user-data-5"]);

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
  /** A baseline of ratios.ts, or another contender by name. */
  readonly baseline: Baseline | "tseep eval-free";
  readonly bound: number;
  readonly kinds: readonly TimedResult["kind"][];
  /** Only these scenarios (default: every scenario of `kinds`). */
  readonly only?: ReadonlySet<string>;
}

/** The ratio targets, in the report's column order. */
const RATIO_TARGETS: readonly RatioTarget[] = [
  { target: "by name ÷ fastest peer ≥ 1", contender: BY_NAME, baseline: "fastest peer", bound: 1, kinds: ["generate"] },
  { target: "by name ÷ node:events ≥ 3 (5+ listeners)", contender: BY_NAME, baseline: "node:events", bound: 3, kinds: ["generate"], only: FIVE_OR_MORE },
  { target: "by ref ÷ fastest peer ≥ 1.1", contender: BY_REF, baseline: "fastest peer", bound: 1.1, kinds: ["generate"] },
  { target: "eval-free ÷ eventemitter3 ≥ 1", contender: EVAL_FREE, baseline: "eventemitter3", bound: 1, kinds: ["generate"] },
  { target: "eval-free ÷ tseep eval-free ≥ 1", contender: EVAL_FREE, baseline: "tseep eval-free", bound: 1, kinds: ["generate"] },
  { target: "by name ÷ eventemitter3 ≥ 1 (churn)", contender: BY_NAME, baseline: "eventemitter3", bound: 1, kinds: ["churn"] },
  { target: "Registration ÷ eventemitter3 ≥ 1 (churn)", contender: BY_REF, baseline: "eventemitter3", bound: 1, kinds: ["churn"] },
];

/** `contender`'s rate over `baseline`'s in `scenario`. */
function ratioTo(scenario: TimedResult, contender: string, baseline: RatioTarget["baseline"]): number | undefined {
  if (baseline !== "tseep eval-free") return ratios(scenario, contender)[baseline];
  const own = scenario.results.find((r) => r.contender === contender), base = scenario.results.find((r) => r.contender === baseline);
  return own !== undefined && base !== undefined ? pairedRatio(own, base) : undefined;
}

/** Every target that applies to what ran. */
export function evaluateTargets(timed: readonly TimedResult[], memory: MemoryScenarioResult | undefined): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const scenario of timed) {
    for (const t of RATIO_TARGETS) {
      if (!t.kinds.includes(scenario.kind) || (t.only !== undefined && !t.only.has(scenario.scenario))) continue;
      checks.push(check(t.target, scenario.scenario, ratioTo(scenario, t.contender, t.baseline), t.bound, "atLeast"));
    }
  }
  // 10,000 names against one name, both with one listener: cost per generate, so lower is better.
  // A cost ratio is the inverse rate ratio: listeners-1's rate over many-names'.
  const single = resultIn(timed, "listeners-1", BY_NAME), many = resultIn(timed, "many-names", BY_NAME);
  if (single !== undefined || many !== undefined) {
    checks.push(check("many-names cost ÷ listeners-1 cost ≤ 1.2", "many-names", single !== undefined && many !== undefined ? pairedRatio(single, many) : undefined, 1.2, "atMost"));
  }
  // The same bound against few-names, which isolates the table's size (not part of the issue: a control).
  const few = resultIn(timed, "few-names", BY_NAME);
  if (few !== undefined && many !== undefined) {
    checks.push(check("many-names cost ÷ few-names cost ≤ 1.2 (control)", "many-names", pairedRatio(few, many), 1.2, "atMost"));
  }
  if (memory !== undefined) {
    // Bytes per listener: lower is better. Right after registering against
    // tseep's; once every event has been generated against eventemitter3's.
    const own = memory.results.find((r) => r.contender === BY_NAME);
    const tseep = memory.results.find((r) => r.contender === "tseep"), ee3 = memory.results.find((r) => r.contender === "eventemitter3");
    const over = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : undefined);
    checks.push(check("bytes/listener registered ÷ tseep's ≤ 1", memory.scenario, over(own?.registered.total, tseep?.registered.total), 1, "atMost"));
    checks.push(check("bytes/listener generated ÷ eventemitter3's ≤ 1", memory.scenario, over(own?.generated.total, ee3?.generated.total), 1, "atMost"));
  }
  return checks;
}
