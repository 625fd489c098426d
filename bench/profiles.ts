// How long and how often: the quick profile (`npm start`) must run the whole
// matrix in under 2 minutes on a 2-core machine; full is for committed results;
// smoke only proves the harness and every adapter work (the test suite's run).

export interface Profile {
  readonly name: "quick" | "full" | "smoke";
  /** How many times the whole matrix runs; the median round is kept. */
  readonly rounds: number;
  /** tinybench time budget per task per round, ms. */
  readonly time: number;
  /** tinybench warmup budget per task per round, ms; also each task's share of the untimed pass before round 1. */
  readonly warmupTime: number;
  /** Minimum task iterations per round (tinybench defaults to 64, too many for slow peers). */
  readonly iterations: number;
  readonly warmupIterations: number;
  /** How many times memory is measured (median kept). */
  readonly memoryRepeats: number;
  /** Shrinks the big workloads (many-names, memory) for the smoke test. */
  readonly small: boolean;
}

// Every round prepares its contenders afresh (so every round is timed in the
// state of a process that has met every scenario), and code a contender
// generates per instance (our compiled dispatchers, tseep's emit) starts cold
// in every round: it climbs V8's tiers inside the task's warmup. A
// 100-listener dispatcher reaches optimized code 40-110 ms after its first
// generate on Node 26 (interpreter, then Maglev at a quarter to a third of the
// optimized rate, then TurboFan; each compile takes tens of ms on a background
// thread that competes for the 2 cores). The quick warmup outlasts that, or
// the round's median iteration lands on the Maglev code: with 25 ms,
// listeners-100 timed Maglev in 3 of 20 rounds per path (the run reads 0.27x
// tseep whenever 3 of 5 rounds do); with 60 ms, in 2 of 15.
export const PROFILES: Readonly<Record<Profile["name"], Profile>> = {
  quick: { name: "quick", rounds: 5, time: 75, warmupTime: 100, iterations: 8, warmupIterations: 4, memoryRepeats: 1, small: false },
  full: { name: "full", rounds: 7, time: 500, warmupTime: 200, iterations: 32, warmupIterations: 16, memoryRepeats: 3, small: false },
  smoke: { name: "smoke", rounds: 1, time: 1, warmupTime: 1, iterations: 2, warmupIterations: 1, memoryRepeats: 1, small: true },
};
