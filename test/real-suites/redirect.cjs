// Preloaded (`--require`, through NODE_OPTIONS so every child process gets it
// too) into the processes of a real library's test suite: `events` and
// `node:events`, asked for by one of the library's own files, resolve to
// wasm-events' EventEmitter (the built package, dist/) instead of Node's.
// Only the library's own files are redirected: its test runner (mocha,
// node:test) and its dependencies in node_modules keep Node's events, so a
// failure points at the library's use of the emitter, not at the harness.
//
// Two ways in, one per module system:
// - require(): Module._load is wrapped. It is the one function every
//   require() of a builtin goes through on Node 20 to 26, before any resolve
//   hook, and it sees the requiring module (parent.filename).
// - import: a resolve hook. module.registerHooks (Node 22.15+, in-thread,
//   synchronous) where it exists: on Node 26 module.register is deprecated
//   and its warning would reach the suites that watch process 'warning' or
//   run with --throw-deprecation (ws's does). Elsewhere (Node 20) the
//   off-thread module.register with redirect-loader.mjs.
//
// Proof, so a broken hook cannot pass silently: the first time a process
// serves ours to a library file, it appends one JSON line naming the file to
// WASM_EVENTS_REDIRECT_LOG (at once, so a process killed later still
// counts); run.ts requires the files of the library's EventEmitter
// subclasses among them (suites.ts names them).
//
// Environment: WASM_EVENTS_REDIRECT_ROOT (the library's folder, absolute),
// WASM_EVENTS_REDIRECT_LOG (a file to append to).
"use strict";

const Module = require("node:module");
const { appendFileSync, readFileSync } = require("node:fs");
const { join, sep } = require("node:path");
const { pathToFileURL, fileURLToPath } = require("node:url");

const libraryRoot = process.env.WASM_EVENTS_REDIRECT_ROOT;
const logFile = process.env.WASM_EVENTS_REDIRECT_LOG;
if (!libraryRoot || !logFile) {
  throw new Error("redirect.cjs needs WASM_EVENTS_REDIRECT_ROOT and WASM_EVENTS_REDIRECT_LOG");
}

// wasm-events as this repository built it: `require` gets the CommonJS entry,
// `import` the ES module one, per package.json's exports. The CommonJS entry
// is require(esm) of the ES module, so both give one and the same class.
const packageRoot = join(__dirname, "..", "..");
const exportsOfEvents = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).exports["./events"];
const requireTarget = join(packageRoot, exportsOfEvents.require.default);
const importTarget = pathToFileURL(join(packageRoot, exportsOfEvents.import.default)).href;

const ownPrefix = libraryRoot.endsWith(sep) ? libraryRoot : libraryRoot + sep;
/** A file of the library itself: under its folder, not in its node_modules. */
function isLibraryFile(filename) {
  return typeof filename === "string" && filename.startsWith(ownPrefix) &&
    !filename.slice(ownPrefix.length).split(sep).includes("node_modules");
}
const isEvents = (request) => request === "events" || request === "node:events";

/** "require FILE" / "import FILE" (relative to the library's root) already logged by this process. */
const served = new Set();
function logServed(filename, how) {
  const key = `${how} ${filename.slice(ownPrefix.length)}`;
  if (served.has(key)) return;
  served.add(key);
  appendFileSync(logFile, JSON.stringify({ pid: process.pid, node: process.version, served: key }) + "\n");
}

const originalLoad = Module._load;
Module._load = function loadWithRedirect(request, parent, isMain) {
  if (isEvents(request) && parent && isLibraryFile(parent.filename)) {
    logServed(parent.filename, "require");
    return originalLoad.call(this, requireTarget, parent, isMain);
  }
  return originalLoad.apply(this, arguments);
};

function parentFile(parentURL) {
  return parentURL?.startsWith("file:") ? fileURLToPath(parentURL) : undefined;
}

if (typeof Module.registerHooks === "function") {
  Module.registerHooks({
    resolve(specifier, context, nextResolve) {
      const from = parentFile(context.parentURL);
      // require() never gets here for `events`: Module._load answered first.
      if (isEvents(specifier) && isLibraryFile(from)) {
        logServed(from, "import");
        return { url: importTarget, format: "module", shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
  });
} else {
  // Node 20: the loader thread logs what it serves itself.
  Module.register(pathToFileURL(join(__dirname, "redirect-loader.mjs")), {
    data: { libraryRoot: ownPrefix, importTarget, logFile },
  });
}
