// The correctness check that runs before anything is timed: a generate must
// call each of its event's listeners exactly once, on every contender, or the
// numbers would compare different work. A failure aborts the run.
import type { Contender, Prepared } from "./contender.js";
import type { ChurnWorkload, Counted, GenerateWorkload, MemoryWorkload } from "./scenario.js";

/** Thrown when a contender does not do the scenario's work; the message says who, where and how. */
export class CheckFailure extends Error {
  override name = "CheckFailure";
}

/** Counter values expected after generating each event in `generated` once. */
function expectedHits(workload: Counted, generated: Iterable<number>): Uint32Array {
  const expected = new Uint32Array(workload.hits.length);
  for (const event of generated) for (const slot of workload.slots[event]) expected[slot]++;
  return expected;
}

/** Generates each event in `events` once and compares the counters with `expected`. */
function generateAndCompare(
  where: string,
  workload: Counted,
  prepared: Prepared,
  events: readonly number[],
  expected: Uint32Array,
): void {
  const hits = workload.hits;
  hits.fill(0);
  try {
    for (const event of events) prepared.generateAll(Int32Array.of(event), workload.data);
  } catch (error) {
    throw new CheckFailure(`${where}: a generate threw: ${String(error)}`, { cause: error });
  }
  for (let slot = 0; slot < hits.length; slot++) {
    if (hits[slot] !== expected[slot]) {
      throw new CheckFailure(
        `${where}: listener #${slot} was called ${hits[slot]} time(s), expected ${expected[slot]} ` +
          `(after one generate of each of ${events.length} event(s))`,
      );
    }
  }
  hits.fill(0);
}

const distinct = (order: Int32Array): number[] => [...new Set(order)];

/** One generate of each event the timed loop uses calls each of its listeners exactly once. */
export function checkGenerate(contender: Contender, scenario: string, workload: GenerateWorkload | MemoryWorkload, prepared: Prepared): void {
  const where = `correctness check failed for ${contender.name} in ${scenario}`;
  const events = workload.kind === "generate" ? distinct(workload.order) : workload.table.events.map((_, e) => e);
  generateAndCompare(where, workload, prepared, events, expectedHits(workload, events));
}

/** The churned listener is called while registered and not after, and a churn loop leaves the table as it was. */
export function checkChurn(contender: Contender, scenario: string, workload: ChurnWorkload, prepared: Prepared): void {
  const where = `correctness check failed for ${contender.name} in ${scenario}`;
  if (prepared.churn === undefined) throw new CheckFailure(`${where}: the adapter has no churn()`);
  const events = [workload.event], kept = expectedHits(workload, events);
  const withExtra = kept.slice();
  withExtra[workload.extraSlot] = 1;

  const remove = prepared.add(workload.event, workload.extra);
  generateAndCompare(`${where} (with the extra listener registered)`, workload, prepared, events, withExtra);
  remove();
  generateAndCompare(`${where} (after removing the extra listener)`, workload, prepared, events, kept);
  try {
    prepared.churn(workload.event, workload.extra, 3);
  } catch (error) {
    throw new CheckFailure(`${where}: churn threw: ${String(error)}`, { cause: error });
  }
  generateAndCompare(`${where} (after a churn loop)`, workload, prepared, events, kept);
}
