// The whole matrix: every round runs every timed scenario with every
// contender, then memory is measured; the median round is kept. run.ts wraps
// this in a CLI; the smoke test calls it directly.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CheckFailure } from "./check.js";
import type { Contender, ContenderKind } from "./contender.js";
import { exposeGc } from "./gc.js";
import { contenderFiles } from "./contender-file.js";
import { measureMemory, type MemoryMeasure } from "./memory.js";
import type { Profile } from "./profiles.js";
import type { ChurnWorkload, GenerateWorkload, MemoryWorkload, Scenario } from "./scenario.js";
import { timeRound, warmUpRound } from "./timing.js";

interface HarnessOptions {
  readonly profile: Profile;
  readonly scenarios: readonly Scenario[];
  readonly contenders: readonly Contender[];
  /** Progress lines (run.ts prints them on stderr). */
  readonly progress?: (line: string) => void;
  /**
   * Where memory is measured: a child process per contender (the default; a
   * fresh heap each, built-in contenders only) or this process.
   */
  readonly memoryIn?: "child" | "process";
}

/** One contender in one timed scenario. */
export interface RateResult {
  readonly contender: string;
  readonly kind: ContenderKind;
  /** Median over rounds, units per second. */
  readonly rate: number;
  /** Each round's rate, in round order. */
  readonly rounds: readonly number[];
}

export interface TimedResult {
  readonly scenario: string;
  readonly title: string;
  readonly kind: "generate" | "churn";
  readonly unit: "events/s" | "ops/s";
  readonly results: readonly RateResult[];
}

interface MemoryResult extends MemoryMeasure {
  readonly contender: string;
  readonly kind: ContenderKind;
}

export interface MemoryScenarioResult {
  readonly scenario: string;
  readonly title: string;
  readonly listeners: number;
  readonly results: readonly MemoryResult[];
}

export interface HarnessResult {
  readonly timed: readonly TimedResult[];
  readonly memory: MemoryScenarioResult | undefined;
  readonly elapsedMs: number;
}

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b), mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The contender list rotated by `by`, so no contender always runs first (or last) in a round. */
const rotate = <T>(list: readonly T[], by: number): T[] => {
  const at = list.length === 0 ? 0 : by % list.length;
  return [...list.slice(at), ...list.slice(0, at)];
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

type TimedScenario = Scenario<GenerateWorkload> | Scenario<ChurnWorkload>;

/** Runs the timed rounds, then memory. Throws `CheckFailure` if any contender fails a check. */
export function runHarness(options: HarnessOptions): HarnessResult {
  const started = performance.now();
  const clock = () => `(total ${seconds(performance.now() - started)})`;
  const progress = options.progress ?? (() => {});
  const timed = options.scenarios.filter((s): s is TimedScenario => s.kind !== "memory");
  const memoryScenario = options.scenarios.find((s): s is Scenario<MemoryWorkload> => s.kind === "memory");
  return {
    timed: runRounds(timed, options, (line) => progress(`${line}  ${clock()}`)),
    memory: memoryScenario && measureAll(memoryScenario, options, (line) => progress(`${line}  ${clock()}`)),
    elapsedMs: performance.now() - started,
  };
}

/** The untimed pass, then `profile.rounds` rounds of every timed scenario; the median round per contender. */
function runRounds(timed: readonly TimedScenario[], options: HarnessOptions, progress: (line: string) => void): TimedResult[] {
  const { profile, contenders } = options;
  // Workloads are built once: every round and contender registers the same listeners.
  const workloads = timed.map((scenario) => scenario.build(profile.small));
  const perRound = timed.map(() => new Map<string, number[]>());

  const t0 = performance.now();
  for (let s = 0; s < timed.length; s++) warmUpRound(timed[s].name, workloads[s], contenders, profile.warmupTime);
  progress(`warm-up pass  ${timed.length} scenarios  ${seconds(performance.now() - t0)}`);

  for (let round = 0; round < profile.rounds; round++) {
    const order = rotate(contenders, round);
    for (let s = 0; s < timed.length; s++) {
      const t0 = performance.now();
      const rates = timeRound(timed[s].name, workloads[s], order, profile);
      for (const [name, rate] of rates) perRound[s].set(name, [...(perRound[s].get(name) ?? []), rate]);
      progress(`round ${round + 1}/${profile.rounds}  ${timed[s].name.padEnd(14)} ${rates.size} contenders  ${seconds(performance.now() - t0)}`);
    }
  }

  return timed.map((scenario, s) => ({
    scenario: scenario.name,
    title: scenario.title,
    kind: scenario.kind,
    unit: scenario.kind === "generate" ? "events/s" : "ops/s",
    // Contenders in list order, not round order.
    results: contenders
      .filter((c) => perRound[s].has(c.name))
      .map((c) => {
        const rounds = perRound[s].get(c.name)!;
        return { contender: c.name, kind: c.kind, rate: median(rounds), rounds };
      }),
  }));
}

/** Memory per contender, `profile.memoryRepeats` times each, median kept. */
function measureAll(scenario: Scenario<MemoryWorkload>, options: HarnessOptions, progress: (line: string) => void): MemoryScenarioResult {
  const { profile, contenders } = options;
  const workload = scenario.build(profile.small);
  const results: MemoryResult[] = [];
  for (const contender of contenders) {
    const t0 = performance.now(), measures: MemoryMeasure[] = [];
    for (let i = 0; i < profile.memoryRepeats; i++) {
      measures.push(
        options.memoryIn === "process" ? measureMemory(contender, workload, exposeGc()) : measureInChild(contender, profile.small),
      );
    }
    results.push({ contender: contender.name, kind: contender.kind, ...medianMeasure(measures) });
    progress(`memory  ${contender.name.padEnd(22)} ${seconds(performance.now() - t0)}`);
  }
  return { scenario: scenario.name, title: scenario.title, listeners: workload.listenerCount, results };
}

/** The measure whose registered total is the median. */
function medianMeasure(measures: readonly MemoryMeasure[]): MemoryMeasure {
  const sorted = [...measures].sort((a, b) => a.registered.total - b.registered.total);
  return sorted[(sorted.length - 1) >> 1];
}

/** memory-child.ts's exit status for a failed check (importing it would run it). */
const CHECK_FAILED = 3;
const CHILD = fileURLToPath(new URL("./memory-child.ts", import.meta.url));

/** Runs memory-child.ts for one contender (built in, or loaded from a file) with the same node and loader as this process. */
function measureInChild(contender: Contender, small: boolean): MemoryMeasure {
  const file = contenderFiles.get(contender);
  const who = file === undefined ? [contender.name] : ["--file", file];
  const args = [...process.execArgv, "--expose-gc", CHILD, ...who, ...(small ? ["small"] : [])];
  const child = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (child.status === CHECK_FAILED) throw new CheckFailure(child.stderr.trim());
  if (child.status !== 0) {
    throw new Error(`memory child for ${contender.name} exited with ${child.status ?? child.signal}: ${child.stderr.trim()}`);
  }
  return JSON.parse(child.stdout) as MemoryMeasure;
}
