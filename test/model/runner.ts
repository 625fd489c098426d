// Runs a Scenario against one implementation and writes down everything an
// observer can see: each command and its result or thrown error, each listener
// call with its event data, user data and `this`, each onError/onStale call,
// and after every top-level command the bus state (generation, dump, listening,
// registration.active, pool.destroyed, handle.stale). Two implementations agree
// iff their transcripts are equal.

import type {
  AnyListener,
  BusLike,
  EventRefLike,
  Implementation,
  InfoLike,
  ModuleLike,
  OptionsLike,
  PoolLike,
  RegistrationLike,
  UserDataLike,
} from "./api.js";
import {
  EVENTS,
  formatCommand,
  LISTENER_COUNT,
  type Command,
  type DataArg,
  type EventArg,
  type ListenerArg,
  type ListenerSpec,
  type ModuleArg,
  type OptionsArg,
  type Scenario,
  type ThrowArg,
  type UserDataArg,
} from "./commands.js";

interface RunResult {
  transcript: string[];
  /** Commands executed, top-level and from listener scripts. */
  commands: number;
}

/** Entity indices count back from the newest (0 is the last created), wrapping around. */
const pick = <T>(list: readonly T[], index: number): T | undefined =>
  list.length === 0 ? undefined : list[list.length - 1 - (index % list.length)];

class World {
  readonly transcript: string[] = [];
  readonly bus: BusLike;
  /** A second bus of the same implementation: source of foreign modules and handles. */
  readonly other: BusLike;
  readonly modules: ModuleLike[] = [];
  readonly registrations: RegistrationLike[] = [];
  /** The module, event and listener of each register call, in order (for unregisterRecent). */
  readonly registerArgs: { module: unknown; event: unknown; listener: unknown }[] = [];
  readonly pools: PoolLike[];
  readonly handles: UserDataLike[];
  readonly signals: AbortController[] = [new AbortController(), new AbortController()];
  readonly listeners: AnyListener[];
  readonly refs = new Map<unknown, EventRefLike>();
  #nextTag = 0;
  #hookCalls = 0;
  depth = 0;
  commands = 0;
  /** A quiet scenario asks the bus nothing between commands (not even a new registration's `active`). */
  readonly quiet: boolean;

  constructor(
    readonly impl: Implementation,
    scenario: Scenario,
  ) {
    this.quiet = scenario.observeEach === false;
    this.bus = impl.create(this.#busOptions(scenario));
    this.other = impl.create({});
    // One restart-scoped pool and a handle in each pool to start with, so that
    // registrations with user data that can go stale are common.
    const initialPool = this.bus.createPool("initial");
    this.pools = [this.bus.permanentPool, initialPool];
    this.handles = [this.bus.permanentPool.hold({ h: this.tag() }), initialPool.hold({ h: this.tag() })];
    this.listeners = Array.from({ length: LISTENER_COUNT }, (_, i) =>
      makeListener(this, i, scenario.listeners[i] ?? { from: 0, scripts: [] }),
    );
  }

  #busOptions(scenario: Scenario): OptionsLike {
    const { onError, onStale, maxDepth } = scenario.options;
    const options: OptionsLike = {};
    if (maxDepth !== undefined) options.maxDepth = maxDepth;
    if (onError !== "none") {
      options.onError = (error, info) => {
        const n = this.#hookCalls++;
        this.write(`onError(${this.describeError(error)}, ${this.describeInfo(info)})`);
        this.#hookAction(scenario, n);
        if (onError === "throw") throw new Error(`onError threw #${n}`);
      };
    }
    options.onStale = (info) => {
      const n = this.#hookCalls++;
      this.write(`onStale(${this.describeInfo(info)}, pool ${JSON.stringify(info.pool)})`);
      this.#hookAction(scenario, n);
      if (onStale === "throw") throw new Error(`onStale threw #${n}`);
    };
    return options;
  }

  /** A hook is not a listener: what it does must not be skipped as re-entrant (§6). */
  #hookAction(scenario: Scenario, n: number): void {
    const action = scenario.hookActions[n];
    if (action === undefined) return;
    this.depth++;
    runCommand(this, action);
    this.depth--;
  }

  /** Fresh tags number the objects each run creates, in the same order on both sides. */
  tag(): number {
    return this.#nextTag++;
  }

  write(line: string): void {
    this.transcript.push(`${"  ".repeat(this.depth)}${line}`);
  }

  listenerName(fn: unknown): string {
    const i = this.listeners.indexOf(fn as AnyListener);
    return i < 0 ? "<unknown function>" : `L${i}`;
  }

  describeInfo(info: InfoLike): string {
    return `${JSON.stringify(info.event)} by ${info.module ?? "(core)"} ${this.listenerName(info.listener)}`;
  }

  describeValue(value: unknown): string {
    if (typeof value === "string") return JSON.stringify(value);
    if (typeof value === "function") return this.listenerName(value);
    if (typeof value !== "object" || value === null) return String(value);
    const proto: unknown = Object.getPrototypeOf(value);
    // Only plain objects made by the runner print their content; a handle or any
    // library object passed where a value was expected shows up as its class.
    if (proto === Object.prototype) return JSON.stringify(value);
    return `[${(proto as { constructor?: { name?: string } } | null)?.constructor?.name ?? "object"}]`;
  }

  describeError(error: unknown): string {
    if (this.impl.isEventsError(error)) return `EventsError ${error.code}`;
    if (error instanceof AggregateError) return `AggregateError[${error.errors.map((e) => this.describeError(e)).join(", ")}]`;
    if (error instanceof Error) return `Error(${error.message})`;
    return `thrown ${this.describeValue(error)}`;
  }

  /** Everything the bus shows about its state, on one line. */
  observe(): string {
    const bus = this.bus;
    const parts = [
      `gen ${bus.generation}`,
      `listening ${EVENTS.map((e) => bus.listening(e)).join(",")}`,
      `active ${this.registrations.map((r) => (r.active ? 1 : 0)).join("")}`,
      `pools ${this.pools.map((p) => `${p.tag}${p.destroyed ? "(x)" : ""}`).join(" ")}`,
      `stale ${this.handles.map((h) => (h.stale ? 1 : 0)).join("")}`,
      `dump ${bus.dump().join(" / ")}`,
    ];
    return parts.join(" | ");
  }

  ref(event: unknown): EventRefLike {
    let ref = this.refs.get(event);
    if (ref === undefined) this.refs.set(event, (ref = this.bus.event(event)));
    return ref;
  }
}

function thrownValue(kind: ThrowArg, name: string): unknown {
  switch (kind) {
    case "error":
      return new Error(`${name} failed`);
    case "string":
      return `${name} threw a string`;
    case "undefined":
      return undefined;
    case "object":
      return { thrownBy: name };
    case "number":
      return 42;
    case "none":
      return undefined;
  }
}

/** Listener Li: logs its call, then runs the script for this call number. */
function makeListener(world: World, i: number, spec: ListenerSpec): AnyListener {
  let calls = 0;
  return function listener(this: unknown, eventData: unknown, userData: unknown, eventName?: unknown): void {
    const call = calls++;
    const self = this === undefined ? "" : ` this=${typeof this}`;
    // A pattern's listener is told which event it was called for (§13).
    const name = eventName === undefined ? "" : ` name=${world.describeValue(eventName)}`;
    world.write(`L${i} call #${call} data=${world.describeValue(eventData)} ud=${world.describeValue(userData)}${name}${self}`);
    const script = call < spec.from ? undefined : spec.scripts[call - spec.from];
    if (script === undefined) return;
    world.depth++;
    try {
      for (const action of script.actions) {
        const outcome = runCommand(world, action);
        if (outcome.threw && script.rethrow) throw outcome.error;
      }
    } finally {
      world.depth--;
    }
    if (script.end !== "none") {
      world.write(`L${i} throws ${script.end}`);
      throw thrownValue(script.end, `L${i}#${call}`);
    }
  };
}

type Outcome = { threw: false } | { threw: true; error: unknown };

/** Runs one command, writing it, whatever it caused, and its result. Never throws. */
function runCommand(world: World, cmd: Command): Outcome {
  world.commands++;
  world.write(`> ${formatCommand(cmd)}`);
  world.depth++;
  let result: string;
  try {
    result = execute(world, cmd);
  } catch (error) {
    world.depth--;
    world.write(`= throws ${world.describeError(error)}`);
    return { threw: true, error };
  }
  world.depth--;
  world.write(`= ${result}`);
  return { threw: false };
}

function resolveModule(world: World, arg: ModuleArg): unknown {
  if (arg === "foreign") return world.other.loadModule(`foreign-${world.tag()}`);
  if (typeof arg !== "number") return arg;
  const module = pick(world.modules, arg);
  if (module === undefined) world.write("(no module loaded yet: using null)");
  return module ?? null;
}

function resolveListener(world: World, arg: ListenerArg): unknown {
  return typeof arg === "number" ? world.listeners[arg % LISTENER_COUNT] : arg;
}

function resolveUserData(world: World, arg: UserDataArg): unknown[] {
  switch (arg.kind) {
    case "omit":
      return [];
    case "object":
      return [{ u: world.tag() }];
    case "primitive":
      return [arg.value];
    case "handle":
      return [pick(world.handles, arg.index)];
    case "foreign":
      return [world.other.permanentPool.hold({ foreign: world.tag() })];
    case "lookalike":
      return [{ stale: false, value: world.tag() }];
  }
}

function resolveOptions(world: World, arg: OptionsArg): unknown[] {
  switch (arg.kind) {
    case "omit":
      return [];
    case "options": {
      const options: { once?: boolean; signal?: AbortSignal } = {};
      if (arg.once !== undefined) options.once = arg.once;
      if (arg.signal !== undefined) options.signal = pick(world.signals, arg.signal)!.signal;
      return [options];
    }
    case "aborted": {
      const options: { once?: boolean; signal: AbortSignal } = { signal: AbortSignal.abort() };
      if (arg.once !== undefined) options.once = arg.once;
      return [options];
    }
    case "bad-once":
      return [{ once: "yes" }];
    case "bad-signal":
      return [{ signal: {} }];
    case "not-object":
      return [7];
  }
}

/** A pattern argument becomes a fresh pattern object (so registrations are told apart by source, not identity). */
const resolveEvent = (world: World, arg: EventArg): unknown =>
  typeof arg === "object" && arg !== null ? world.impl.pattern(arg.pattern) : arg;

const resolveData = (world: World, arg: DataArg): unknown[] =>
  arg.kind === "omit" ? [] : arg.kind === "object" ? [{ d: world.tag() }] : [arg.value];

/** Performs a command; returns its result as text, or throws what the bus threw. */
function execute(world: World, cmd: Command): string {
  const bus = world.bus;
  switch (cmd.op) {
    case "loadModule": {
      const module = bus.loadModule(cmd.name);
      world.modules.push(module);
      return `${module.name} loadOrder ${module.loadOrder}`;
    }
    case "unload": {
      const module = pick(world.modules, cmd.module);
      if (module === undefined) return "(no module loaded yet)";
      world.write(`(${module.name} loadOrder ${module.loadOrder})`);
      return String(module.unload());
    }
    case "register": {
      const module = resolveModule(world, cmd.module);
      const listener = resolveListener(world, cmd.listener);
      let extra = [...resolveUserData(world, cmd.userData), ...resolveOptions(world, cmd.options)];
      if (cmd.userData.kind === "omit" && cmd.options.kind !== "omit") extra = [undefined, ...extra];
      const event = resolveEvent(world, cmd.event);
      world.registerArgs.push({ module, event, listener });
      const registration = bus.register(module, event, listener, ...extra);
      world.registrations.push(registration);
      return world.quiet ? "ok" : `active ${registration.active}`;
    }
    case "unregister": {
      const args = [resolveModule(world, cmd.module), resolveEvent(world, cmd.event), resolveListener(world, cmd.listener)];
      return String(bus.unregister(...args.slice(0, cmd.argc)));
    }
    case "unregisterRecent": {
      const recent = pick(world.registerArgs, cmd.back);
      if (recent === undefined) return "(no register yet)";
      let { module, listener } = recent;
      if (cmd.vary === "module") module = world.modules.find((other) => other !== module) ?? module;
      if (cmd.vary === "listener") listener = world.listeners[(world.listeners.indexOf(listener as AnyListener) + 1) % LISTENER_COUNT];
      const moduleText = module === null || module === undefined ? String(module) : (module as ModuleLike).name;
      const eventText = typeof recent.event === "object" && recent.event !== null
        ? `pattern(${JSON.stringify((recent.event as { source?: unknown }).source)})`
        : world.describeValue(recent.event);
      world.write(`(unregister(${moduleText}, ${eventText}, ${world.listenerName(listener)}))`);
      return String(bus.unregister(module, recent.event, listener));
    }
    case "registration": {
      const registration = pick(world.registrations, cmd.index);
      if (registration === undefined) return "(no registration yet)";
      if (cmd.call === "unregister") return String(registration.unregister());
      registration[Symbol.dispose]();
      return world.quiet ? "disposed" : `disposed, active ${registration.active}`;
    }
    case "generate": {
      for (let n = 1; n <= cmd.times; n++) {
        if (cmd.times > 1) world.write(`(generate ${n} of ${cmd.times})`);
        const data = resolveData(world, cmd.data);
        if (cmd.viaRef) world.ref(resolveEvent(world, cmd.event)).generate(...data);
        else bus.generate(resolveEvent(world, cmd.event), ...data);
      }
      return "ok";
    }
    case "listening":
      return String(cmd.viaRef ? world.ref(resolveEvent(world, cmd.event)).listening() : bus.listening(resolveEvent(world, cmd.event)));
    case "dump": {
      if (cmd.write === "omit") return bus.dump().join(" / ");
      if (cmd.write === "not-a-function") return bus.dump("not-a-function").join(" / ");
      const written: string[] = [];
      const lines = bus.dump((line: string) => written.push(line));
      return `${lines.join(" / ")}${written.join("\n") === lines.join("\n") ? "" : ` but wrote ${written.join(" / ")}`}`;
    }
    case "createPool": {
      const parent = cmd.parent === "bus" ? undefined : pick(world.pools, cmd.parent)!;
      const args = cmd.tag === undefined ? [] : [cmd.tag];
      const pool = parent === undefined ? bus.createPool(...args) : parent.createPool(...args);
      world.pools.push(pool);
      return JSON.stringify(pool.tag);
    }
    case "destroy": {
      const pool = pick(world.pools, cmd.pool)!;
      world.write(`(pool ${JSON.stringify(pool.tag)})`);
      pool.destroy();
      return "ok";
    }
    case "hold": {
      const handle = pick(world.pools, cmd.pool)!.hold({ h: world.tag() });
      world.handles.push(handle);
      return `stale ${handle.stale}`;
    }
    case "read":
      return world.describeValue(pick(world.handles, cmd.handle)!.value);
    case "restart":
      bus.restart();
      return `ok, generation ${bus.generation}`;
    case "newSignal":
      world.signals.push(new AbortController());
      return "ok";
    case "abort": {
      const controller = pick(world.signals, cmd.signal)!;
      controller.abort();
      return "ok";
    }
    case "observe":
      return world.observe();
  }
}

/** Runs every command of the scenario, observing the bus after each (or, for a quiet scenario, after the last). */
export function runScenario(impl: Implementation, scenario: Scenario): RunResult {
  const world = new World(impl, scenario);
  const last = scenario.commands.length - 1;
  scenario.commands.forEach((cmd, i) => {
    world.write(`#${i + 1}`);
    runCommand(world, cmd);
    if (scenario.observeEach === false && i !== last) return;
    try {
      world.write(`  ${world.observe()}`);
    } catch (error) {
      world.write(`  observe throws ${world.describeError(error)}`);
    }
  });
  return { transcript: world.transcript, commands: world.commands };
}
