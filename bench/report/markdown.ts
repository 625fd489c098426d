// The Markdown report: a header saying where the numbers come from, the
// targets at a glance, then one table per scenario.
import type { HarnessResult, MemoryScenarioResult, TimedResult } from "../harness.js";
import { formatBytes, formatKiB, formatRate, formatRatio } from "./format.js";
import type { RunMeta } from "./meta.js";
import { BASELINES, fastestPeer, pairedRatio, ratios, resultIn, spread } from "./ratios.js";
import { evaluateTargets, type TargetCheck } from "./targets.js";

const row = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
const rule = (columns: number, firstLeft = true): string =>
  row(Array.from({ length: columns }, (_, i) => (i === 0 && firstLeft ? "---" : "---:")));

function header(meta: RunMeta): string[] {
  const p = meta.profile, packages = meta.packages;
  const peers = ["eventemitter3", "tseep", "mitt", "nanoevents"].map((name) => `${name} ${packages[name]}`).join(", ");
  const lines = [`# wasm-events benchmark: ${p.name} profile`, ""];
  if (meta.note !== undefined) lines.push(`> **${meta.note}**`, "");
  lines.push(
    "| | |",
    "|---|---|",
    `| Command | \`${meta.command}\` |`,
    `| Date | ${meta.date} |`,
    `| Machine | ${meta.cpu}, ${meta.cores} cores, ${meta.os} |`,
    `| Node | ${meta.node} (V8 ${meta.v8}) |`,
    `| Method | tinybench ${packages.tinybench}, one process. An untimed pass over every scenario first, then ` +
      `${p.rounds} round(s) of the whole matrix; each task ${p.warmupTime} ms warmup + ${p.time} ms (at least ` +
      `${p.iterations} iterations); all contenders of a scenario in one Bench, in an order rotated every round; a task ` +
      `iteration is a loop of 200 to 10,000 generates (2,000 register+unregister pairs for churn), checked first to call ` +
      `each listener exactly once; the median iteration gives a round's rate, the median round is kept, and a ratio is ` +
      `the median over rounds of the two rates' ratio in the same round. Memory: one ` +
      `child process per contender, after \`gc()\`. |`,
    `| Peers | ${peers}, node:events and EventTarget of this Node |`,
    "",
    "Ratios are a contender's rate over the baseline's, in the same run and round by round: above 1x is faster. " +
      "*÷ fastest peer* is the lowest of a contender's ratios to each peer (node:events, EventTarget, eventemitter3, " +
      "tseep, tseep eval-free, mitt and nanoevents) in that scenario: the peer it beats by least; *direct* calls the listeners with no dispatcher (the physical limit). " +
      "*±* is half the spread of the rounds around the median.",
    "",
  );
  return lines;
}

function targetsSection(checks: readonly TargetCheck[]): string[] {
  if (checks.length === 0) return [];
  const mark = (c: TargetCheck | undefined): string =>
    c === undefined ? "" : `${formatRatio(c.value)} ${c.met === undefined ? "" : c.met ? "✔" : "✘"}`.trim();
  const targets = [...new Set(checks.map((c) => c.target))];
  const scenarios = [...new Set(checks.map((c) => c.scenario))];
  const lines = ["## Targets (issue #8, \"Win the race\")", "", row(["scenario", ...targets]), rule(targets.length + 1)];
  for (const scenario of scenarios) {
    lines.push(row([scenario, ...targets.map((t) => mark(checks.find((c) => c.scenario === scenario && c.target === t)))]));
  }
  const met = checks.filter((c) => c.met === true).length, known = checks.filter((c) => c.met !== undefined).length;
  lines.push("", `${met} of ${known} targets met in this run.`, "");
  return lines;
}

/** Which Node produced a section's figures, for its heading (a report is one Node's run). */
const onNode = (meta: RunMeta): string => `(Node ${meta.node})`;

function timedSection(meta: RunMeta, scenario: TimedResult): string[] {
  const fastest = fastestPeer(scenario)?.contender;
  const lines = [
    `## ${scenario.scenario}: ${scenario.title} ${onNode(meta)}`,
    "",
    row(["contender", scenario.unit, "±", ...BASELINES.map((b) => `÷ ${b}`)]),
    rule(3 + BASELINES.length),
  ];
  for (const result of scenario.results) {
    const r = ratios(scenario, result.contender);
    const name = result.kind === "wasm-events" ? `**${result.contender}**` : result.contender === fastest ? `${result.contender} *` : result.contender;
    lines.push(row([name, formatRate(result.rate), `${spread(result).toFixed(0)}%`, ...BASELINES.map((b) => formatRatio(r[b]))]));
  }
  if (fastest !== undefined) lines.push("", `\\* fastest peer here (highest median rate).`);
  lines.push("");
  return lines;
}

function namesSection(timed: readonly TimedResult[]): string[] {
  const many = timed.find((s) => s.scenario === "many-names");
  if (many === undefined || !timed.some((s) => s.scenario === "listeners-1")) return [];
  const lines = [
    "## Size: 10,000 names against one name",
    "",
    "Cost of a generate in many-names over its cost in listeners-1 (one name) and in few-names (the same round robin " +
      "over 256 names with nothing else registered); one listener per event everywhere. 1x means size is free; the " +
      "few-names column isolates the size of the name table from the cost of going round 256 events.",
    "",
    row(["contender", "listeners-1 events/s", "few-names events/s", "many-names events/s", "÷ listeners-1 cost", "÷ few-names cost"]),
    rule(6),
  ];
  for (const result of many.results) {
    const single = resultIn(timed, "listeners-1", result.contender);
    if (single === undefined) continue;
    const few = resultIn(timed, "few-names", result.contender);
    lines.push(
      row([
        result.contender,
        formatRate(single.rate),
        few === undefined ? "—" : formatRate(few.rate),
        formatRate(result.rate),
        formatRatio(pairedRatio(single, result)),
        formatRatio(few === undefined ? undefined : pairedRatio(few, result)),
      ]),
    );
  }
  lines.push("");
  return lines;
}

function memorySection(meta: RunMeta, memory: MemoryScenarioResult): string[] {
  const ee3 = memory.results.find((r) => r.contender === "eventemitter3");
  const lines = [
    `## ${memory.scenario}: ${memory.title} ${onNode(meta)}`,
    "",
    "Bytes per listener, the fixed cost of an empty instance taken out. *External* is memory outside the JS heap " +
      "(Wasm linear memory for wasm-events); *Wasm (bus)* is the same as `bus.wasmMemoryBytes` reports it. " +
      "*After generates*: total once every event has been generated (compiled dispatchers and caches included).",
    "",
    row(["contender", "JS heap", "external", "Wasm (bus)", "total", "after generates", "empty instance", "÷ eventemitter3"]),
    rule(8),
  ];
  for (const r of memory.results) {
    const vs = ee3 !== undefined && ee3.registered.total > 0 ? r.registered.total / ee3.registered.total : undefined;
    const name = r.kind === "wasm-events" ? `**${r.contender}**` : r.contender;
    lines.push(
      row([
        name,
        formatBytes(r.registered.heap),
        formatBytes(r.registered.external),
        r.wasmReported === undefined ? "—" : formatBytes(r.wasmReported),
        formatBytes(r.registered.total),
        formatBytes(r.generated.total),
        formatKiB(r.fixed),
        formatRatio(vs),
      ]),
    );
  }
  lines.push("", "÷ eventemitter3 compares totals after registering: lower is better here.", "");
  return lines;
}

/** The whole report. */
export function toMarkdown(meta: RunMeta, result: HarnessResult): string {
  const lines = [...header(meta), ...targetsSection(evaluateTargets(result.timed, result.memory))];
  for (const scenario of result.timed) lines.push(...timedSection(meta, scenario));
  lines.push(...namesSection(result.timed));
  if (result.memory !== undefined) lines.push(...memorySection(meta, result.memory));
  lines.push(`Whole run: ${(result.elapsedMs / 1000).toFixed(1)} s.`, "");
  return lines.join("\n");
}
