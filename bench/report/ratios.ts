// The ratios every table shows: a contender's rate over a baseline's rate in
// the same scenario and run (above 1 means faster than the baseline).
import type { RateResult, TimedResult } from "../harness.js";

/** The baselines, in column order. */
export const BASELINES = ["fastest peer", "node:events", "direct", "eventemitter3"] as const;
export type Baseline = (typeof BASELINES)[number];

/** The fastest contender of kind "peer" (wasm-events variants and direct excluded), if any ran. */
export function fastestPeer(scenario: TimedResult): RateResult | undefined {
  let best: RateResult | undefined;
  for (const result of scenario.results) if (result.kind === "peer" && (best === undefined || result.rate > best.rate)) best = result;
  return best;
}

/** The baseline's result in `scenario`, if it ran there. */
export function baselineOf(scenario: TimedResult, baseline: Baseline): RateResult | undefined {
  if (baseline === "fastest peer") return fastestPeer(scenario);
  return scenario.results.find((result) => result.contender === baseline);
}

/** `contender`'s rate over each baseline's; undefined where either did not run. */
export function ratios(scenario: TimedResult, contender: string): Record<Baseline, number | undefined> {
  const own = scenario.results.find((result) => result.contender === contender);
  const out = {} as Record<Baseline, number | undefined>;
  for (const baseline of BASELINES) {
    const base = baselineOf(scenario, baseline);
    out[baseline] = own !== undefined && base !== undefined && base.rate > 0 ? own.rate / base.rate : undefined;
  }
  return out;
}

/** The rate of `contender` in the scenario named `name`, if both exist. */
export function rateIn(timed: readonly TimedResult[], name: string, contender: string): number | undefined {
  return timed.find((s) => s.scenario === name)?.results.find((r) => r.contender === contender)?.rate;
}

/** Spread of the rounds around the median, as ± percent of it (half the min-max range). */
export function spread(result: RateResult): number {
  if (result.rounds.length < 2) return 0;
  return ((Math.max(...result.rounds) - Math.min(...result.rounds)) / 2 / result.rate) * 100;
}
