// The oracle: runs programs (JSON on stdin) on this Node's node:events and
// prints their traces (JSON on stdout). The differential test starts it on a
// Node 26 binary, whatever Node runs the suite.
import { EventEmitter } from "node:events";
import { run } from "./interpreter.mjs";

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const programs = JSON.parse(input);
  const traces = programs.map((program) => run(EventEmitter, program));
  process.stdout.write(JSON.stringify({ node: process.version, traces }));
});
