// A mocha reporter for run.ts: one character per test on stdout (as mocha's
// "dot"), each failure's title and error after the run, and each test's
// outcome as it ends, one JSON line ({ title, state }) appended to
// WASM_EVENTS_SUITE_RESULTS, so a run stopped midway still tells what it
// reached (a failing hook counts as a failure under its own title). It uses
// the runner's events only, so it needs nothing of mocha's own modules.
"use strict";

const { appendFileSync } = require("node:fs");

module.exports = function SuiteResultsReporter(runner) {
  const record = (title, state) => appendFileSync(process.env.WASM_EVENTS_SUITE_RESULTS, JSON.stringify({ title, state }) + "\n");
  const failures = [];
  runner.on("pass", (test) => {
    record(test.fullTitle(), "passed");
    process.stdout.write(".");
  });
  runner.on("pending", (test) => {
    record(test.fullTitle(), "skipped");
    process.stdout.write(",");
  });
  runner.on("fail", (test, error) => {
    record(test.fullTitle(), "failed");
    failures.push(`${test.fullTitle()}\n    ${String(error?.stack ?? error).split("\n").slice(0, 4).join("\n    ")}`);
    process.stdout.write("F");
  });
  runner.once("end", () => {
    process.stdout.write("\n");
    for (const failure of failures) process.stdout.write(`  failed: ${failure}\n`);
  });
};
