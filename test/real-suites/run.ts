// `npm run test:real [-- SUITE...]`: real libraries' own test suites, run
// twice on the Node running this script: once as published (Node's events),
// once with `events` and `node:events` redirected to wasm-events for the
// library's own files (redirect.cjs). It fails when
// - the redirect is not proven: probe.cjs finds another EventEmitter than
//   the one a run claims, or the redirected run's processes did not serve
//   ours to the library's emitter files (suites.ts: mustRedirect);
// - a test that passes with Node's events does not pass with ours;
// - the baseline passes fewer tests than the suite's floor (it did not run).
// Tests failing with Node's events too are reported, not held against us.
// Needs the built package (`npm run build`); CI: .ci/real-suites.sh.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { SUITES, type Suite } from "./suites.js";

const HERE = new URL(".", import.meta.url).pathname;
const cache = process.env.WASM_EVENTS_REAL_SUITES ?? join(tmpdir(), "wasm-events-real-suites");

type State = "passed" | "failed" | "skipped";
interface Tally { passed: number; failed: number; skipped: number }
/** Title → how often a test of that title ended in each state (titles can repeat). */
type Outcomes = Map<string, Tally>;

function tallyOf(outcomes: Outcomes): Tally {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const t of outcomes.values()) { total.passed += t.passed; total.failed += t.failed; total.skipped += t.skipped; }
  return total;
}

/** Titles that passed more often with node:events than with wasm-events. */
function lostTests(baseline: Outcomes, ours: Outcomes): string[] {
  return [...baseline].filter(([title, t]) => t.passed > (ours.get(title)?.passed ?? 0)).map(([title]) => title);
}

/** Per title, the run in which it passed more often. */
function bestOf(first: Outcomes, second: Outcomes): Outcomes {
  const best: Outcomes = new Map(first);
  for (const [title, t] of second) if (t.passed > (best.get(title)?.passed ?? 0)) best.set(title, t);
  return best;
}

/** Runs `args` with this Node from `cwd`; resolves with its exit code (or "timeout"). */
function runNode(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout: number): Promise<number | "timeout"> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout stops the test processes it started too.
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "inherit", "inherit"], detached: true });
    const timer = setTimeout(() => { process.kill(-child.pid!, "SIGKILL"); resolve("timeout"); }, timeout);
    child.on("error", reject);
    child.on("exit", (code, signal) => { clearTimeout(timer); resolve(code ?? (signal ? 128 : 1)); });
  });
}

/** The environment of a suite's processes: this Node first on PATH, nothing of this repository's test setup. */
function suiteEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`, ...extra };
  for (const name of ["NODE_OPTIONS", "WASM_EVENTS_TEST_BACKEND", "VITEST", "NODE_TEST_CONTEXT"]) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

function redirectEnv(root: string, log: string): NodeJS.ProcessEnv {
  return {
    NODE_OPTIONS: `--require=${JSON.stringify(join(HERE, "redirect.cjs"))}`,
    WASM_EVENTS_REDIRECT_ROOT: root,
    WASM_EVENTS_REDIRECT_LOG: log,
  };
}

/** Runs the suite once; its outcomes, or undefined if it wrote none (it crashed or timed out). */
async function runSuite(suite: Suite, root: string, work: string, leg: string, extra: NodeJS.ProcessEnv): Promise<Outcomes | undefined> {
  const results = join(work, `${leg}.jsonl`);
  console.log(`== ${suite.name}, ${leg}`);
  const exit = await runNode(suite.command(root, cache), root, suiteEnv({ ...extra, WASM_EVENTS_SUITE_RESULTS: results }), suite.timeout);
  // Stopped midway, it still counts: what it reached is in the file, and a
  // test it never reached is lost if it passed on node:events.
  if (exit === "timeout") console.log(`${suite.name} (${leg}) was stopped after ${suite.timeout / 1000} s`);
  if (!existsSync(results)) return undefined;
  const outcomes: Outcomes = new Map();
  for (const line of readFileSync(results, "utf8").split("\n").filter(Boolean)) {
    const { title, state } = JSON.parse(line) as { title: string; state: State };
    const tally = outcomes.get(title) ?? { passed: 0, failed: 0, skipped: 0 };
    tally[state]++;
    outcomes.set(title, tally);
  }
  return outcomes;
}

/** The library files whose `events` the redirected run's processes served with ours. */
function servedFiles(log: string): Set<string> {
  const files = new Set<string>();
  if (!existsSync(log)) return files;
  for (const line of readFileSync(log, "utf8").split("\n").filter(Boolean)) {
    files.add((JSON.parse(line) as { served: string }).served.replace(/^(require|import) /, ""));
  }
  return files;
}

/** Fetches the suite unless the cache holds this very version of it. */
function prepare(suite: Suite): string {
  const root = join(cache, suite.name);
  const stamp = join(cache, `${suite.name}.prepared`);
  const key = suite.prepare.toString();
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === key && existsSync(join(root, "package.json"))) return root;
  console.log(`== fetching ${suite.name} into ${root}`);
  rmSync(stamp, { force: true });
  suite.prepare(root, cache);
  writeFileSync(stamp, key);
  return root;
}

async function check(suite: Suite): Promise<string[]> {
  const problems: string[] = [];
  const root = prepare(suite);
  const work = join(cache, "runs", `${suite.name}-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const log = join(work, "redirect.log");
  try {
    const probe = [join(HERE, "probe.cjs"), root];
    const emitters = JSON.stringify(suite.emitters);
    if (await runNode([...probe, "node", emitters], root, suiteEnv({}), 60_000) !== 0) problems.push(`${suite.name}: without the redirect, the library does not get Node's EventEmitter`);
    if (await runNode([...probe, "wasm-events", emitters], root, suiteEnv(redirectEnv(root, join(work, "probe.log"))), 60_000) !== 0) {
      problems.push(`${suite.name}: the redirect does not give the library wasm-events' EventEmitter`);
    }

    const baseline = await runSuite(suite, root, work, "node:events", {});
    let ours = await runSuite(suite, root, work, "wasm-events", redirectEnv(root, log));
    if (!baseline || !ours) return [...problems, `${suite.name}: the ${baseline ? "wasm-events" : "node:events"} run reported no results`];
    // Timing tests flake on a loaded machine (either way: the baseline lost
    // one too here). A test lost once gets a second chance in a second run
    // of the whole suite, and counts as passing with ours if it passes there.
    if (lostTests(baseline, ours).length > 0) {
      const again = await runSuite(suite, root, work, "wasm-events, second run", redirectEnv(root, log));
      if (again) ours = bestOf(ours, again);
    }

    const served = servedFiles(log);
    const missed = suite.mustRedirect.filter((file) => !served.has(file));
    if (missed.length > 0) problems.push(`${suite.name}: the redirected run did not serve wasm-events to ${missed.join(", ")} (served: ${[...served].join(", ") || "nothing"})`);

    const base = tallyOf(baseline);
    const mine = tallyOf(ours);
    if (base.passed < suite.atLeast) problems.push(`${suite.name}: only ${base.passed} tests passed on node:events (at least ${suite.atLeast} expected)`);
    const lost = lostTests(baseline, ours);
    for (const title of lost) problems.push(`${suite.name}: passes with node:events, not with wasm-events: ${title}`);
    const failingAnyway = [...baseline].filter(([, t]) => t.failed > 0).map(([title]) => title);
    console.log(`${suite.name} on Node ${process.version}: node:events ${base.passed} passed, ${base.failed} failed, ${base.skipped} skipped;`
      + ` wasm-events ${mine.passed} passed, ${mine.failed} failed, ${mine.skipped} skipped; ${lost.length} lost;`
      + ` wasm-events served to ${[...served].length} library files`);
    for (const title of failingAnyway) console.log(`  fails with node:events too (not counted): ${title}`);
  } finally {
    for (const probeFile of [".wasm-events-probe.cjs", ".wasm-events-probe.mjs"]) rmSync(join(root, probeFile), { force: true });
  }
  if (problems.length === 0) rmSync(work, { recursive: true, force: true });
  return problems;
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SUITES.some((s) => s.name === name));
if (unknown.length > 0) throw new Error(`no real suite named ${unknown.join(", ")} (there are: ${SUITES.map((s) => s.name).join(", ")})`);
const problems: string[] = [];
for (const suite of SUITES.filter((s) => wanted.length === 0 || wanted.includes(s.name))) problems.push(...await check(suite));
if (problems.length > 0) {
  console.log(`== real suites on Node ${process.version}: FAILED\n  ${problems.join("\n  ")}`);
  process.exitCode = 1;
} else {
  console.log(`== real suites on Node ${process.version}: every test that passes with node:events passes with wasm-events`);
}
