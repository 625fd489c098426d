// Proves, before a suite runs, which EventEmitter the library's own files
// get: run.ts starts it once with redirect.cjs preloaded (expecting
// wasm-events') and once without (expecting Node's, so the baseline run is
// what it claims). It checks both module systems from inside the library's
// folder (a CommonJS and an ES module file written there, each asking for
// `events` and `node:events`) and the library's own emitter classes.
// Usage: node [--require redirect.cjs] probe.cjs LIBRARY_ROOT wasm-events|node JSON_EXPRESSIONS
//   JSON_EXPRESSIONS: JavaScript expressions over `lib` (the library's main
//   export) and `load` (requires a file of the library by its relative path),
//   each giving an object that must be an instance of that emitter.
"use strict";

const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");
const NodeEventEmitter = require("node:events");
const OurEventEmitter = require(join(__dirname, "..", "..", "dist", "emitter", "index.cjs"));

async function main() {
  const [root, expected, expressions] = process.argv.slice(2);
  const want = expected === "wasm-events" ? OurEventEmitter : NodeEventEmitter;
  const other = expected === "wasm-events" ? NodeEventEmitter : OurEventEmitter;
  const problems = [];
  const check = (what, value) => {
    if (value !== want) problems.push(`${what} is ${value === other ? "the other EventEmitter" : String(value)}`);
  };

  const cjsProbe = join(root, ".wasm-events-probe.cjs");
  writeFileSync(cjsProbe, 'module.exports = [require("events"), require("node:events")];\n');
  const [cjsEvents, cjsNodeEvents] = require(cjsProbe);
  check("require('events') in the library", cjsEvents);
  check("require('node:events') in the library", cjsNodeEvents);

  const esmProbe = join(root, ".wasm-events-probe.mjs");
  writeFileSync(esmProbe, 'import a from "events";\nimport { EventEmitter as b } from "node:events";\nexport default [a, b];\n');
  const [esmEvents, esmNodeEvents] = (await import(pathToFileURL(esmProbe).href)).default;
  check("import 'events' in the library", esmEvents);
  check("import { EventEmitter } from 'node:events' in the library", esmNodeEvents);

  const lib = require(root);
  const load = (file) => require(join(root, file));
  for (const expression of JSON.parse(expressions)) {
    const emitter = new Function("lib", "load", `return ${expression};`)(lib, load);
    if (!(emitter instanceof want) || emitter instanceof other) problems.push(`${expression} is not an instance of the ${expected} EventEmitter`);
  }

  if (problems.length > 0) {
    console.error(`probe: the library does not get the ${expected} EventEmitter:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`probe: the library gets the ${expected} EventEmitter (require and import, ${JSON.parse(expressions).length} of its classes)`);
  // A library may leave handles open (timers, servers) on load: the verdict is in.
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
