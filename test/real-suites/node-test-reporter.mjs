// A node:test reporter for run.ts (`--test-reporter`): one character per
// test (suites are not counted), each failure's name and error after the
// run, and every test's outcome as JSON in WASM_EVENTS_SUITE_RESULTS
// ({ title, state }, the title prefixed with the test file's path relative
// to the working directory, as two files may hold tests of the same name).
import { writeFileSync } from "node:fs";
import { relative } from "node:path";

export default async function* suiteResultsReporter(source) {
  const outcomes = [];
  const failures = [];
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { name, file, details, skip, todo } = event.data;
    if (details?.type === "suite") continue;
    const title = `${file ? relative(process.cwd(), file) : "?"} > ${name}`;
    if (event.type === "test:fail") {
      outcomes.push({ title, state: "failed" });
      const error = details?.error?.cause ?? details?.error;
      failures.push(`${title}\n    ${String(error?.stack ?? error).split("\n").slice(0, 4).join("\n    ")}`);
      yield "F";
    } else if (skip !== undefined || todo !== undefined) {
      outcomes.push({ title, state: "skipped" });
      yield ",";
    } else {
      outcomes.push({ title, state: "passed" });
      yield ".";
    }
  }
  yield "\n";
  for (const failure of failures) yield `  failed: ${failure}\n`;
  writeFileSync(process.env.WASM_EVENTS_SUITE_RESULTS, JSON.stringify(outcomes));
}
