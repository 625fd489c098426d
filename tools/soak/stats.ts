// `npm run soak -- --stats --runs N`: how often the generated scenarios reach
// the situations the properties exist for (read off the model's transcripts),
// to check the generators still exercise them after a change.

import fc from "fast-check";
import { modelScenarioArb, reentrancyScenarioArb } from "../../test/model/arbitraries.js";
import { modelImplementation } from "../../test/model/property.js";
import { runScenario } from "../../test/model/runner.js";
import type { SoakArgs } from "./args.js";

/** Each situation: a test on one transcript line and the line of the result of the same command. */
const SITUATIONS: [string, (line: string, result: string) => boolean][] = [
  ["listener calls", (line) => / call #\d+ data=/.test(line)],
  ["commands run by listeners", (line) => /^ {2,}> /.test(line)],
  ["nested generates", (line) => /^ {2,}> (generate|event\(.*\)\.generate)/.test(line)],
  ["restart() from a listener", (line) => /^ {2,}> restart\(\)/.test(line)],
  ["unload() from a listener", (line) => /^ {2,}> module\[\d+\]\.unload\(\)/.test(line)],
  ["ELOOP thrown", (line) => line.includes("EventsError ELOOP")],
  ["ELOOP thrown by restart()/unload()", (line, result) => /> (restart|module\[\d+\]\.unload)\(\)/.test(line) && result.includes("ELOOP")],
  ["stale reports", (line) => line.includes("onStale(")],
  ["onError calls", (line) => line.includes("onError(")],
  ["AggregateErrors thrown", (line) => line.includes("throws AggregateError")],
  ["EEXIST thrown", (line) => line.includes("EventsError EEXIST")],
  ["ESTALE thrown", (line) => line.includes("EventsError ESTALE")],
  ["EINVAL thrown", (line) => line.includes("EventsError EINVAL")],
];

/** The `= ...` line that closes the command opened at `index` (same indentation). */
function resultOf(transcript: readonly string[], index: number): string {
  const indent = /^ */.exec(transcript[index]!)![0];
  for (let i = index + 1; i < transcript.length; i++) if (transcript[i]!.startsWith(`${indent}= `)) return transcript[i]!;
  return "";
}

export function printStats(args: SoakArgs): void {
  const runs = args.runs ?? 1000;
  for (const [name, arb] of [["model", modelScenarioArb], ["reentrancy", reentrancyScenarioArb]] as const) {
    const counts = SITUATIONS.map(() => 0);
    let commands = 0;
    for (const scenario of fc.sample(arb, { seed: args.seed, numRuns: runs })) {
      const { transcript, commands: n } = runScenario(modelImplementation, scenario);
      commands += n;
      transcript.forEach((line, i) => {
        SITUATIONS.forEach(([, matches], k) => {
          if (matches(line, line.trimStart().startsWith("> ") ? resultOf(transcript, i) : "")) counts[k]!++;
        });
      });
    }
    console.log(`${name}: ${runs} scenarios, ${commands} commands (seed ${args.seed})`);
    SITUATIONS.forEach(([label], k) => console.log(`  ${String(counts[k]).padStart(8)}  ${label}`));
  }
}
