// The JSON export: everything the Markdown shows, as numbers, for tooling.
import type { HarnessResult } from "../harness.js";
import type { RunMeta } from "./meta.js";
import { ratios } from "./ratios.js";
import { evaluateTargets } from "./targets.js";

export function toJson(meta: RunMeta, result: HarnessResult): string {
  const timed = result.timed.map((scenario) => ({
    ...scenario,
    results: scenario.results.map((r) => ({ ...r, ratios: ratios(scenario, r.contender) })),
  }));
  const report = { meta, timed, memory: result.memory, targets: evaluateTargets(result.timed, result.memory), elapsedMs: result.elapsedMs };
  return `${JSON.stringify(report, null, 2)}\n`;
}
