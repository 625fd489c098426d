// A mocha reporter for run.ts: one character per test on stdout (as mocha's
// "dot"), each failure's title and error after the run, and every test's
// outcome as JSON in WASM_EVENTS_SUITE_RESULTS ({ title, state } in run
// order; a failing hook counts as a failure under its own title). It uses
// the runner's events only, so it needs nothing of mocha's own modules.
"use strict";

const { writeFileSync } = require("node:fs");

module.exports = function SuiteResultsReporter(runner) {
  const outcomes = [];
  const failures = [];
  runner.on("pass", (test) => {
    outcomes.push({ title: test.fullTitle(), state: "passed" });
    process.stdout.write(".");
  });
  runner.on("pending", (test) => {
    outcomes.push({ title: test.fullTitle(), state: "skipped" });
    process.stdout.write(",");
  });
  runner.on("fail", (test, error) => {
    outcomes.push({ title: test.fullTitle(), state: "failed" });
    failures.push(`${test.fullTitle()}\n    ${String(error?.stack ?? error).split("\n").slice(0, 4).join("\n    ")}`);
    process.stdout.write("F");
  });
  runner.once("end", () => {
    process.stdout.write("\n");
    for (const failure of failures) process.stdout.write(`  failed: ${failure}\n`);
    writeFileSync(process.env.WASM_EVENTS_SUITE_RESULTS, JSON.stringify(outcomes));
  });
};
