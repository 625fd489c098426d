// One round of one timed scenario: every contender prepared and checked, then
// all of them in one tinybench Bench so that drift hits them alike. Each task
// iteration runs a whole inner loop (hundreds of generates), so tinybench's own
// per-iteration overhead is spread thin.
import { Bench } from "tinybench";
import { checkChurn, checkGenerate } from "./check.js";
import type { Contender } from "./contender.js";
import type { Profile } from "./profiles.js";
import { unitsPerIteration, type ChurnWorkload, type GenerateWorkload } from "./scenario.js";

/** Units per second (generates, or register+unregister pairs) by contender name; contenders that cannot run the scenario are absent. */
type RoundRates = Map<string, number>;

/** The task one iteration of which tinybench times: a generate loop or a churn loop. */
function taskFor(contender: Contender, scenario: string, workload: GenerateWorkload | ChurnWorkload): (() => void) | undefined {
  const prepared = contender.prepare(workload.table);
  if (workload.kind === "generate") {
    checkGenerate(contender, scenario, workload, prepared);
    const { order, data } = workload;
    return () => prepared.generateAll(order, data);
  }
  const churn = prepared.churn?.bind(prepared);
  if (churn === undefined) return undefined; // direct: nothing to churn without a dispatcher
  checkChurn(contender, scenario, workload, prepared);
  const { event, extra, times } = workload;
  return () => churn(event, extra, times);
}

/**
 * Runs every contender's task for `ms` milliseconds, untimed (checks included).
 * The harness does this for every scenario before the first round, so that
 * every round sees the process in one state: emitters whose code has already
 * met many event names and listeners, as in a server, rather than a first
 * scenario that met one name only (which V8 rewards and no real process gets).
 */
export function warmUpRound(scenario: string, workload: GenerateWorkload | ChurnWorkload, contenders: readonly Contender[], ms: number): void {
  for (const contender of contenders) {
    const task = taskFor(contender, scenario, workload);
    if (task === undefined) continue;
    const until = performance.now() + ms;
    do task();
    while (performance.now() < until);
  }
}

/** Prepares, checks, then times `contenders` on `workload`; a failed check throws `CheckFailure` before any timing. */
export function timeRound(
  scenario: string,
  workload: GenerateWorkload | ChurnWorkload,
  contenders: readonly Contender[],
  profile: Profile,
): RoundRates {
  const bench = new Bench({
    name: scenario,
    time: profile.time,
    warmupTime: profile.warmupTime,
    iterations: profile.iterations,
    warmupIterations: profile.warmupIterations,
    throws: true,
  });
  for (const contender of contenders) {
    const task = taskFor(contender, scenario, workload);
    if (task !== undefined) bench.add(contender.name, task);
  }
  bench.runSync();

  const units = unitsPerIteration(workload), rates: RoundRates = new Map();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== "completed") {
      const why = result.state === "errored" ? `: ${String(result.error)}` : "";
      throw new Error(`${task.name} in ${scenario} did not complete (${result.state})${why}`);
    }
    // The median iteration: robust to the GC pauses and neighbours of a shared machine.
    rates.set(task.name, units / (result.latency.p50 / 1000));
  }
  return rates;
}
