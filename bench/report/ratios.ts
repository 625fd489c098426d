// The ratios every table shows: a contender's rate over a baseline's rate in
// the same scenario and run (above 1 means faster than the baseline), paired
// round by round: on a shared machine whole rounds run slower when another
// job takes the cores, and a ratio of two medians taken from different
// rounds would carry that into the ratio.
import { median, type RateResult, type TimedResult } from "../harness.js";

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
function baselineOf(scenario: TimedResult, baseline: Baseline): RateResult | undefined {
  if (baseline === "fastest peer") return fastestPeer(scenario);
  return scenario.results.find((result) => result.contender === baseline);
}

/**
 * `a`'s rate over `b`'s: the median over rounds of the ratio of their rates in
 * the same round (the minutes the two ran side by side); the ratio of their
 * median rates where the rounds do not pair up. Undefined where `b` has no rate.
 */
export function pairedRatio(a: RateResult, b: RateResult): number | undefined {
  if (!(b.rate > 0)) return undefined;
  const paired = a.rounds.length === b.rounds.length && a.rounds.length > 0 && b.rounds.every((rate) => rate > 0);
  return paired ? median(a.rounds.map((rate, round) => rate / b.rounds[round])) : a.rate / b.rate;
}

/**
 * `contender`'s rate over each baseline's; undefined where either did not
 * run. Over *fastest peer* it is the lowest of its ratios to each peer: the
 * peer it beats by least, round by round, which need not be the one with the
 * highest median rate when the rounds are noisy.
 */
export function ratios(scenario: TimedResult, contender: string): Record<Baseline, number | undefined> {
  const own = scenario.results.find((result) => result.contender === contender);
  const out = {} as Record<Baseline, number | undefined>;
  for (const baseline of BASELINES) {
    if (own === undefined) {
      out[baseline] = undefined;
    } else if (baseline === "fastest peer") {
      out[baseline] = lowestRatioToPeers(scenario, own);
    } else {
      const base = baselineOf(scenario, baseline);
      out[baseline] = base === undefined ? undefined : pairedRatio(own, base);
    }
  }
  return out;
}

/** The lowest of `own`'s paired ratios to the peers of `scenario` (undefined if none ran). */
function lowestRatioToPeers(scenario: TimedResult, own: RateResult): number | undefined {
  let lowest: number | undefined;
  for (const peer of scenario.results) {
    if (peer.kind !== "peer") continue;
    const ratio = pairedRatio(own, peer);
    if (ratio !== undefined && (lowest === undefined || ratio < lowest)) lowest = ratio;
  }
  return lowest;
}

/** The result of `contender` in the scenario named `name`, if both exist. */
export function resultIn(timed: readonly TimedResult[], name: string, contender: string): RateResult | undefined {
  return timed.find((s) => s.scenario === name)?.results.find((r) => r.contender === contender);
}

/** Spread of the rounds around the median, as ± percent of it (half the min-max range). */
export function spread(result: RateResult): number {
  if (result.rounds.length < 2) return 0;
  return ((Math.max(...result.rounds) - Math.min(...result.rounds)) / 2 / result.rate) * 100;
}
