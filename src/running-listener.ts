// Which listener a compiled dispatcher is calling, read off the call stack.
//
// SPEC §6: a nested generate of event X skips the listeners still running for
// X. The loop dispatcher stores the index it is calling ("cursor") before each
// call; a compiled dispatcher would too, but with trivial listeners inlined
// that store costs as much as the listeners themselves (20 listeners: 0.85x
// tseep with it, 0.93x without; 100 listeners: 0.53x against 1.00x; Node 24,
// Dec 2026). Nested generates of the event being dispatched are rare, so a
// compiled dispatcher stores nothing per listener: it calls listener i from
// its own source line, and the rare nested generate asks the stack which line
// of that dispatcher is under way. Where the engine cannot tell (no V8-style
// structured stack traces), a probe at the first compilation says so and
// compiled dispatchers store the cursor like the loop.

/** The cursor value of a compiled dispatch in progress: ask the stack (runningIndexOnStack). */
export const CURSOR_ON_STACK = -2;

/** Where a compiled dispatcher's calls are: its unique name, and the line of each listener's call. */
export interface CallLines {
  /** The dispatcher function's name, unique in the process. */
  readonly frameName: string;
  /** Script line of listener 0's call (as the engine numbers lines of `new Function` code). */
  readonly firstLine: number;
  /** Lines from one listener's call to the next. */
  readonly step: number;
  /** Listeners in the dispatcher. */
  readonly count: number;
}

interface CallSite {
  getFunctionName(): string | null;
  getLineNumber(): number | null;
}

interface V8ErrorConstructor {
  captureStackTrace?(target: object, constructorOpt?: Function): void;
  prepareStackTrace?: unknown;
  stackTraceLimit?: number;
}

/** The current call stack as structured call sites (V8's stack trace API), innermost first; undefined where there is none. */
function callSites(): CallSite[] | undefined {
  const E = Error as unknown as V8ErrorConstructor;
  if (typeof E.captureStackTrace !== "function") return undefined;
  const prepare = E.prepareStackTrace, limit = E.stackTraceLimit;
  try {
    // Our own formatter and no depth limit, for this one capture only: a
    // listener may be arbitrarily deep below its dispatcher.
    E.prepareStackTrace = (_error: unknown, sites: CallSite[]) => sites;
    E.stackTraceLimit = Infinity;
    const holder: { stack?: unknown } = {};
    E.captureStackTrace(holder);
    return Array.isArray(holder.stack) ? (holder.stack as CallSite[]) : undefined;
  } finally {
    E.prepareStackTrace = prepare;
    E.stackTraceLimit = limit;
  }
}

/**
 * The index of the listener the dispatcher `lines` describes is calling now,
 * or -1 when it is calling none (it is in a hook, watching a returned
 * promise, or finishing on the checked path).
 */
export function runningIndexOnStack(lines: CallLines): number {
  const sites = callSites();
  if (sites === undefined) return -1;
  // The dispatcher may be on the stack more than once: its one straight run
  // (a second cannot start while it is under way), and frames that entered
  // it for a nested generate and left at once for the checked path. Only the
  // straight run can be at a call line.
  for (const site of sites) {
    if (site.getFunctionName() !== lines.frameName) continue;
    const offset = (site.getLineNumber() ?? -1) - lines.firstLine;
    if (offset < 0 || offset % lines.step !== 0) continue;
    const index = offset / lines.step;
    if (index < lines.count) return index;
  }
  return -1;
}

/** The line the innermost frame named `frameName` is at, or -1. */
function frameLine(frameName: string): number {
  const site = callSites()?.find((candidate) => candidate.getFunctionName() === frameName);
  return site?.getLineNumber() ?? -1;
}

/** Lines the engine puts before a `new Function` body (the spec's "anonymous(params\n) {\n"), as the probe measured; null: unusable. */
let bodyOffset: number | null | undefined;

/**
 * Can compiled dispatchers leave the cursor to the stack? Decided once per
 * process, by compiling a two-listener dispatcher with `build` (the same
 * layout the dispatchers have; `lines` gives its call lines counted in the
 * body) and reading from inside each listener the line its frame is at.
 * Returns how many lines the engine puts before a body, or null when the
 * stack cannot tell which listener runs (then dispatchers store the cursor).
 */
export function stackLineOffset(build: (frameName: string, listener: () => void) => { lines: CallLines; run: () => void }): number | null {
  if (bodyOffset !== undefined) return bodyOffset;
  bodyOffset = null;
  try {
    const name = "wasmEventsStackProbe", seen: number[] = [];
    const probe = build(name, () => void seen.push(frameLine(name)));
    probe.run();
    const { firstLine, step } = probe.lines;
    if (seen.length === 2 && seen[0] > 0 && seen[1] - seen[0] === step) bodyOffset = seen[0] - firstLine;
  } catch {
    bodyOffset = null; // no stack trace API, or a host that refuses it: store the cursor
  }
  return bodyOffset;
}
