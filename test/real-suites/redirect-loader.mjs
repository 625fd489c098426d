// The `import` half of redirect.cjs on Node releases without
// module.registerHooks (Node 20): an off-thread resolve hook registered with
// module.register. It runs in the loader thread, so it logs each redirect
// itself, in redirect.cjs's format (one JSON line per import of `events` it
// served).
import { appendFileSync } from "node:fs";
import { sep } from "node:path";
import { fileURLToPath } from "node:url";

let libraryRoot = "";
let importTarget = "";
let logFile = "";

export function initialize(data) {
  ({ libraryRoot, importTarget, logFile } = data);
}

export async function resolve(specifier, context, nextResolve) {
  if ((specifier === "events" || specifier === "node:events") && context.parentURL?.startsWith("file:")) {
    const from = fileURLToPath(context.parentURL);
    if (from.startsWith(libraryRoot) && !from.slice(libraryRoot.length).split(sep).includes("node_modules")) {
      appendFileSync(logFile, JSON.stringify({ pid: process.pid, node: process.version, served: `import ${from.slice(libraryRoot.length)}` }) + "\n");
      return { url: importTarget, format: "module", shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}
