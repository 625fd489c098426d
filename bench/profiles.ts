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

export const PROFILES: Readonly<Record<Profile["name"], Profile>> = {
  quick: { name: "quick", rounds: 5, time: 75, warmupTime: 25, iterations: 8, warmupIterations: 4, memoryRepeats: 1, small: false },
  full: { name: "full", rounds: 7, time: 500, warmupTime: 200, iterations: 32, warmupIterations: 16, memoryRepeats: 3, small: false },
  smoke: { name: "smoke", rounds: 1, time: 1, warmupTime: 1, iterations: 2, warmupIterations: 1, memoryRepeats: 1, small: true },
};
