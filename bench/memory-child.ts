// Child process for the memory scenario: one contender per process, so each
// measure starts from a fresh heap that the timed rounds have not touched.
// Usage: node --expose-gc --import tsx bench/memory-child.ts NAME|--file PATH [small]
// Prints one line of JSON (a MemoryMeasure); a failed check exits 3.
import { CheckFailure } from "./check.js";
import { CONTENDERS } from "./contenders/index.js";
import { loadContenderFile } from "./contender-file.js";
import { exposeGc } from "./gc.js";
import { measureMemory } from "./memory.js";
import { memory } from "./scenarios/memory.js";

/** The exit status that tells the parent (harness.ts) a correctness check failed. */
const CHECK_FAILED = 3;

const args = process.argv.slice(2);
const fromFile = args[0] === "--file";
const [name, size] = fromFile ? [args[1], args[2]] : args;
const contender = fromFile ? await loadContenderFile(name) : CONTENDERS.find((candidate) => candidate.name === name);
if (contender === undefined) {
  process.stderr.write(`memory-child: no contender named '${name}'\n`);
  process.exit(2);
}
try {
  const measure = measureMemory(contender, memory.build(size === "small"), exposeGc());
  process.stdout.write(`${JSON.stringify(measure)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof CheckFailure ? CHECK_FAILED : 1);
}
