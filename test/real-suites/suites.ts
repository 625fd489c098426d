// The real libraries whose own test suites run with `events` redirected to
// wasm-events (run.ts). Each is fetched at run time, never committed, from a
// registry CI reaches (fetch.ts), into a cache folder reused after.
//
// - ws 8: WebSocket and WebSocketServer subclass EventEmitter from
//   require('events'); its mocha suite drives real sockets on loopback.
//   npm's ws tarballs ship no tests (none of them, 1.x to 8.x), so the
//   source comes from Debian's `node-ws` source package, release trixie:
//   its upstream tarball is ws's repository at the release tag, tests
//   included. ws pins mocha ^8, whose yargs does not start on Node 26; the
//   suite runs on mocha 11, installed beside it, not into it.
// - avvio 9 (fastify's plugin loader): Boot and Plugin subclass
//   EventEmitter from require('node:events') through util.inherits and
//   EventEmitter.call(this), and lean on once/emit ordering, errors thrown
//   from listeners and the max-listeners warning (a test fails on any
//   process 'warning'). Its npm tarball ships its node:test suite.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { debianUpstreamSource, npmInstall, npmPackage } from "./fetch.js";

const HERE = new URL(".", import.meta.url).pathname;

export interface Suite {
  readonly name: string;
  /** Fetches the library into `root` (tests and what they need); `cache` is shared by all suites. */
  prepare(root: string, cache: string): void;
  /** The command running the suite from `root`, reporting to WASM_EVENTS_SUITE_RESULTS. */
  command(root: string, cache: string): string[];
  /** Library files (relative to root) whose require of `events` must be served by ours during the run. */
  readonly mustRedirect: readonly string[];
  /** Expressions over `lib` (the library's main export) and `load` (a file of it): its emitters (probe.cjs). */
  readonly emitters: readonly string[];
  /** Fewer passing tests on node:events than this means the suite did not really run. */
  readonly atLeast: number;
  /** Longest a run may take, in ms, before it is stopped and counted as failed. */
  readonly timeout: number;
}

const MOCHA = "mocha@11.8.0";

/** Every file under `dir` (relative to `root`) whose name ends with `suffix`, sorted. */
function testFiles(root: string, dir: string, suffix: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(suffix))
    .map((file) => relative(root, join(root, dir, file)))
    .sort();
}

const ws: Suite = {
  name: "ws",
  prepare(root, cache) {
    debianUpstreamSource("node-ws", "trixie", root, join(cache, "apt"));
    const { name, version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string };
    if (name !== "ws" || !version.startsWith("8.")) throw new Error(`Debian's node-ws holds ${name}@${version}, not ws 8.x`);
    const tools = join(cache, "mocha");
    if (!existsSync(join(tools, "node_modules", "mocha"))) {
      mkdirSync(tools, { recursive: true });
      writeFileSync(join(tools, "package.json"), "{}\n");
      npmInstall(tools, [MOCHA], false);
    }
  },
  command(root, cache) {
    // As ws's `npm test` (mocha --throw-deprecation test/*.test.js), with
    // --exit: a failing test can leave a server open that would hold the
    // process for ever.
    const mocha = join(cache, "mocha", "node_modules", "mocha", "bin", "mocha.js");
    return [mocha, "--exit", "--throw-deprecation", "--reporter", join(HERE, "mocha-reporter.cjs"), ...testFiles(root, "test", ".test.js")];
  },
  mustRedirect: ["lib/websocket.js", "lib/websocket-server.js"],
  emitters: ["new lib.WebSocketServer({ noServer: true })", "Object.create(lib.prototype)"],
  atLeast: 400,
  timeout: 120_000, // 5 s here, alone
};

const avvio: Suite = {
  name: "avvio",
  prepare(root) {
    npmPackage("avvio@9.3.1", root);
    npmInstall(root, []);
  },
  command(root) {
    // As avvio's `npm run test:unit` (borp runs node:test over test/**/*.test.js).
    return ["--test", `--test-reporter=${join(HERE, "node-test-reporter.mjs")}`, "--test-reporter-destination=stdout", ...testFiles(root, "test", ".test.js")];
  },
  mustRedirect: ["index.js", "lib/plugin.js"],
  emitters: ["lib({}, { autostart: false })", "Object.create(load('lib/plugin.js').Plugin.prototype)"],
  atLeast: 300,
  timeout: 120_000, // 15 s here, alone
};

export const SUITES: readonly Suite[] = [ws, avvio];
