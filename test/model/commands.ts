// Commands as plain data, so the same random sequence (and the same listener
// scripts) can run against the model and the real bus, and a shrunk
// counterexample prints as a short readable program.
//
// Entities (modules, registrations, pools, handles, signals) are named by how
// far back they were created: module[0] is the newest module, module[1] the one
// before (wrapping around); the runner's transcript shows what each resolved to.

/** One-segment names, the ones most commands use. */
export const SIMPLE_EVENTS = ["a", "b", "c"] as const;
/** The bus's own events: listeners on them hook restart and unload. */
export const CORE_EVENTS = ["core.restart", "core.module-unload"] as const;
/** Dotted names, for patterns (§13) to tell apart by segment. */
export const DOTTED_EVENTS = ["m.a", "m.b", "m.b.c", "n.a"] as const;
/** The event names commands draw from (observe() asks listening() of each). */
export const EVENTS = [...SIMPLE_EVENTS, ...CORE_EVENTS, ...DOTTED_EVENTS] as const;
/**
 * Pattern sources (§13): each matches some of EVENTS and not others (`*`
 * every one-segment name, `**` everything, `core.*` the bus's own events).
 */
export const PATTERNS = ["*", "**", "m.*", "m.**", "*.a", "m.*.c", "core.*", "*.*"] as const;
/** Sources `pattern()` refuses with EINVAL (§8). */
export const BAD_PATTERNS = ["m*", "**.a", "m..a", "", "m.*x"] as const;
export const MODULE_NAMES = ["m0", "m1", "m2"] as const;
/** How many distinct listener functions each run has (L0..L3). */
export const LISTENER_COUNT = 4;

/** `pattern(source)`, made afresh where the command uses it (§13). */
export interface PatternArg {
  readonly pattern: string;
}
/** An event argument: a name, a pattern, or a bad or wildcard value. */
export type EventArg = string | number | null | undefined | PatternArg;
/** A module (0 = the newest loaded so far, loaded or not), `null` (core), `undefined`, or another bus's module. */
export type ModuleArg = number | null | undefined | "foreign";
/** A listener index (L0..), `null`/`undefined` (wildcards for unregister), or a non-function. */
export type ListenerArg = number | null | undefined | "not-a-function";

export type UserDataArg =
  | { kind: "omit" }
  | { kind: "object" } // a fresh tagged object {u: n}
  | { kind: "primitive"; value: number | string | null | undefined }
  | { kind: "handle"; index: number } // a handle held earlier, maybe stale by now
  | { kind: "foreign" } // a handle of another bus
  | { kind: "lookalike" }; // a plain object shaped like a handle: just a value

export type OptionsArg =
  | { kind: "omit" }
  | { kind: "options"; once: boolean | undefined; signal: number | undefined }
  | { kind: "aborted"; once: boolean | undefined } // a signal aborted before register
  | { kind: "bad-once" }
  | { kind: "bad-signal" }
  | { kind: "not-object" };

export type DataArg = { kind: "omit" } | { kind: "object" } | { kind: "primitive"; value: number | string | null | undefined };

export type Command =
  | { op: "loadModule"; name: string }
  | { op: "unload"; module: number }
  | { op: "register"; module: ModuleArg; event: EventArg; listener: ListenerArg; userData: UserDataArg; options: OptionsArg }
  | { op: "unregister"; argc: 0 | 1 | 2 | 3; module: ModuleArg; event: EventArg; listener: ListenerArg }
  | { op: "registration"; index: number; call: "unregister" | "dispose" }
  /**
   * An unregister naming a recent register's module, event and listener
   * (`back` 0: the last register, 1: the one before), `vary` changing one
   * filter: a server's register + unregister pairs, whose registration may
   * still be the pending log's newest record (§9) or an older one.
   */
  | { op: "unregisterRecent"; back: 0 | 1; vary: "none" | "module" | "listener" }
  /** `times` > 1 is a burst: the library compiles an event's dispatcher after repeated use. */
  | { op: "generate"; event: EventArg; data: DataArg; viaRef: boolean; times: number }
  | { op: "listening"; event: EventArg; viaRef: boolean }
  | { op: "dump"; write: "omit" | "function" | "not-a-function" }
  | { op: "createPool"; parent: number | "bus"; tag: string | number | undefined }
  | { op: "destroy"; pool: number }
  | { op: "hold"; pool: number }
  | { op: "read"; handle: number }
  | { op: "restart" }
  | { op: "newSignal" }
  | { op: "abort"; signal: number }
  | { op: "observe" };

/** How a listener ends one call after its actions: return, or throw some kind of value. */
export type ThrowArg = "none" | "error" | "string" | "undefined" | "object" | "number";

/** What a listener does on one call: actions (each a command), then maybe a throw. */
export interface Script {
  actions: Command[];
  /** Rethrow the first error an action throws, skipping the rest (errors leave the listener). */
  rethrow: boolean;
  end: ThrowArg;
}

/**
 * Listener Li runs scripts[k - from] on its k-th call (counted over the run from 0),
 * and nothing before `from` or after the last script. A late `from` lets a
 * listener act once bursts of generates have made its dispatcher compiled.
 */
export interface ListenerSpec {
  from: number;
  scripts: Script[];
}

export interface BusOptionsArg {
  onError: "none" | "record" | "throw";
  onStale: "record" | "throw";
  maxDepth: number | undefined;
}

export interface Scenario {
  options: BusOptionsArg;
  listeners: ListenerSpec[];
  /** The k-th call of onError or onStale (counted together) runs hookActions[k] first. */
  hookActions: Command[];
  commands: Command[];
  /**
   * Observe the bus after every top-level command (the default), or only
   * after the last one (and at explicit `observe` commands): a quiet run lets
   * mutations pile up between queries, as the bus's pending log does (§9).
   */
  observeEach?: boolean;
}

// ── Printing ──

const isPatternArg = (value: unknown): value is PatternArg => typeof value === "object" && value !== null && "pattern" in value;
const show = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : isPatternArg(value) ? `pattern(${JSON.stringify(value.pattern)})` : String(value);

const showModule = (arg: ModuleArg): string =>
  typeof arg === "number" ? `module[${arg}]` : arg === "foreign" ? "<module of another bus>" : String(arg);

const showListener = (arg: ListenerArg): string =>
  typeof arg === "number" ? `L${arg % LISTENER_COUNT}` : arg === "not-a-function" ? '"not-a-function"' : String(arg);

function showUserData(arg: UserDataArg): string {
  switch (arg.kind) {
    case "omit":
      return "";
    case "object":
      return "{u}";
    case "primitive":
      return show(arg.value);
    case "handle":
      return `handle[${arg.index}]`;
    case "foreign":
      return "<handle of another bus>";
    case "lookalike":
      return "{stale:false,value}";
  }
}

function showOptions(arg: OptionsArg): string {
  switch (arg.kind) {
    case "omit":
      return "";
    case "options": {
      const parts = [];
      if (arg.once !== undefined) parts.push(`once: ${arg.once}`);
      if (arg.signal !== undefined) parts.push(`signal: signal[${arg.signal}]`);
      return `{${parts.join(", ")}}`;
    }
    case "aborted":
      return `{${arg.once === undefined ? "" : `once: ${arg.once}, `}signal: <aborted>}`;
    case "bad-once":
      return '{once: "yes"}';
    case "bad-signal":
      return "{signal: {}}";
    case "not-object":
      return "7";
  }
}

const showData = (arg: DataArg): string =>
  arg.kind === "omit" ? "" : arg.kind === "object" ? "{d}" : show(arg.value);

/** Drops trailing omitted arguments, so `register(m, "a", L0)` reads as written. */
function call(name: string, args: string[]): string {
  while (args.length > 0 && args[args.length - 1] === "") args.pop();
  return `${name}(${args.join(", ")})`;
}

export function formatCommand(cmd: Command): string {
  switch (cmd.op) {
    case "loadModule":
      return `loadModule(${show(cmd.name)})`;
    case "unload":
      return `module[${cmd.module}].unload()`;
    case "register":
      return call("register", [
        showModule(cmd.module),
        show(cmd.event),
        showListener(cmd.listener),
        cmd.userData.kind === "omit" && cmd.options.kind !== "omit" ? "undefined" : showUserData(cmd.userData),
        showOptions(cmd.options),
      ]);
    case "unregister":
      return `unregister(${[showModule(cmd.module), show(cmd.event), showListener(cmd.listener)].slice(0, cmd.argc).join(", ")})`;
    case "registration":
      return `registration[${cmd.index}].${cmd.call === "dispose" ? "[Symbol.dispose]" : "unregister"}()`;
    case "unregisterRecent":
      return `unregister(as register[${cmd.back}]${cmd.vary === "none" ? "" : `, another ${cmd.vary}`})`;
    case "generate": {
      const text = cmd.viaRef ? call(`event(${show(cmd.event)}).generate`, [showData(cmd.data)]) : call("generate", [show(cmd.event), showData(cmd.data)]);
      return cmd.times > 1 ? `${text} x${cmd.times}` : text;
    }
    case "listening":
      return cmd.viaRef ? `event(${show(cmd.event)}).listening()` : `listening(${show(cmd.event)})`;
    case "dump":
      return cmd.write === "omit" ? "dump()" : cmd.write === "function" ? "dump(write)" : 'dump("not-a-function")';
    case "createPool":
      return `${cmd.parent === "bus" ? "bus" : `pool[${cmd.parent}]`}.createPool(${cmd.tag === undefined ? "" : show(cmd.tag)})`;
    case "destroy":
      return `pool[${cmd.pool}].destroy()`;
    case "hold":
      return `pool[${cmd.pool}].hold({h})`;
    case "read":
      return `handle[${cmd.handle}].value`;
    case "restart":
      return "restart()";
    case "newSignal":
      return "new AbortController()";
    case "abort":
      return `signal[${cmd.signal}].abort()`;
    case "observe":
      return "observe()";
  }
}

/** The scenario as a short program: bus options, listener scripts, then the commands. */
export function formatScenario(scenario: Scenario): string {
  const { onError, onStale, maxDepth } = scenario.options;
  const lines = [`new EventBus({ onError: ${onError}, onStale: ${onStale}, maxDepth: ${maxDepth ?? "default"} })`];
  if (scenario.observeEach === false) lines.push("(observed only at observe() and after the last command)");
  scenario.listeners.forEach((spec, i) => {
    spec.scripts.forEach((script, k) => {
      const actions = script.actions.map(formatCommand).join("; ");
      const end = script.end === "none" ? "" : ` then throw ${script.end}`;
      if (actions === "" && end === "") return;
      lines.push(`L${i} call #${spec.from + k}: ${actions || "(nothing)"}${script.rethrow && actions ? " [errors propagate]" : ""}${end}`);
    });
  });
  scenario.hookActions.forEach((cmd, k) => lines.push(`onError/onStale call #${k}: ${formatCommand(cmd)}`));
  scenario.commands.forEach((cmd, i) => lines.push(`${String(i + 1).padStart(3)}. ${formatCommand(cmd)}`));
  return lines.join("\n");
}
