// A node:test reporter for run.ts (`--test-reporter`): one character per
// test (suites are not counted), each failure's name and error after the
// run, and each test's outcome as it ends, one JSON line ({ title, state })
// appended to WASM_EVENTS_SUITE_RESULTS, so a run stopped midway still tells
// what it reached (the title prefixed with the test file's path relative to
// the working directory, as two files may hold tests of the same name).
import { appendFileSync } from "node:fs";
import { relative } from "node:path";

export default async function* suiteResultsReporter(source) {
  const record = (title, state) => appendFileSync(process.env.WASM_EVENTS_SUITE_RESULTS, JSON.stringify({ title, state }) + "\n");
  const failures = [];
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { name, file, details, skip, todo } = event.data;
    if (details?.type === "suite") continue;
    const title = `${file ? relative(process.cwd(), file) : "?"} > ${name}`;
    if (event.type === "test:fail") {
      record(title, "failed");
      const error = details?.error?.cause ?? details?.error;
      failures.push(`${title}\n    ${String(error?.stack ?? error).split("\n").slice(0, 4).join("\n    ")}`);
      yield "F";
    } else if (skip !== undefined || todo !== undefined) {
      record(title, "skipped");
      yield ",";
    } else {
      record(title, "passed");
      yield ".";
    }
  }
  yield "\n";
  for (const failure of failures) yield `  failed: ${failure}\n`;
}
