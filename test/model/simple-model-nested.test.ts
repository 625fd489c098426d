// §6 and §7 under nesting: listeners that, while running, register,
// unregister, abort signals, destroy pools, restart, reload modules and
// generate again. The same random script runs
// once on a bus and once on the reference model (simple-model.ts), and
// the two logs (calls, stale reports, results, counts, dump) must be equal.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EventsError, type EventBus, type Module, type Pool, type Registration } from "wasm-events";
import { Model, type ModelHandle, type ModelPool, type ModelRegistration } from "./simple-model.js";
import { DISPATCH_MODES, busMaker, type DispatchMode } from "../helpers/dispatch-modes.js";

const EVENTS = ["x", "y", "z"];
const MODULES = ["m0", "m1", "m2"];
const LISTENERS = 5;
const POOLS = 4; // permanent, a, a's sub-pool, b
const SIGNALS = 2;

type Action =
  | { kind: "none" }
  | { kind: "register"; who: number; event: number; fn: number; ud: number; pool: number; once: boolean; signal: number }
  | { kind: "unregister"; module: number; event: number; fn: number }
  | { kind: "regUnregister"; pick: number }
  | { kind: "destroyPool"; pool: number }
  | { kind: "generate"; event: number }
  | { kind: "restart" }
  | { kind: "reload"; module: number }
  | { kind: "abort"; signal: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("register" as const),
      who: fc.integer({ min: -1, max: 2 }),
      event: fc.nat(2),
      fn: fc.nat(LISTENERS - 1),
      ud: fc.nat(2), // 0 none, 1 plain, 2 a handle from `pool`
      pool: fc.nat(POOLS - 1),
      once: fc.boolean(),
      signal: fc.nat(SIGNALS), // 0: no signal
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("unregister" as const), module: fc.nat(4), event: fc.nat(3), fn: fc.nat(LISTENERS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("regUnregister" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("destroyPool" as const), pool: fc.nat(POOLS - 1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("generate" as const), event: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "restart" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reload" as const), module: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("abort" as const), signal: fc.integer({ min: 1, max: SIGNALS }) }) },
);

/** What a script can do, on the bus or on the model. */
interface World {
  /** "ok", "inactive" (already aborted signal) or the error code. */
  register(who: number, event: string, fn: number, ud: number, pool: number, once: boolean, signal: number): string;
  abort(signal: number): void;
  unregister(module: number, event: string | undefined, fn: number | undefined): number;
  regUnregister(pick: number): boolean | undefined;
  destroyPool(pool: number): void;
  generate(event: string): void;
  restart(): void;
  /** Unloads module `module` and loads it again (it becomes the last loaded); returns unload's count. */
  reload(module: number): number;
  listening(event: string): number;
  dump(): string[];
}

interface Scenario {
  setup: Action[];
  queue: Action[];
  generates: number[];
}

/** Runs a scenario on `world`; `onCall` is wired by the caller to the world's listeners. */
function run(world: World, scenario: Scenario, log: string[]): (fn: number, event: string, userData: unknown) => void {
  let next = 0;
  const apply = (action: Action) => {
    switch (action.kind) {
      case "none":
        break;
      case "register":
        log.push(`register ${world.register(action.who, EVENTS[action.event], action.fn, action.ud, action.pool, action.once, action.signal)}`);
        break;
      case "unregister":
        log.push(`unregister ${world.unregister(action.module, action.event === 0 ? undefined : EVENTS[action.event - 1], action.fn === 0 ? undefined : action.fn - 1)}`);
        break;
      case "regUnregister":
        log.push(`regUnregister ${world.regUnregister(action.pick)}`);
        break;
      case "destroyPool":
        world.destroyPool(action.pool);
        break;
      case "generate":
        log.push(`generate ${EVENTS[action.event]}`);
        world.generate(EVENTS[action.event]);
        log.push(`end ${EVENTS[action.event]}`);
        break;
      case "restart":
        world.restart();
        break;
      case "reload":
        log.push(`reload ${world.reload(action.module)}`);
        break;
      case "abort":
        world.abort(action.signal);
        break;
    }
  };
  const onCall = (fn: number, event: string, userData: unknown) => {
    log.push(`call ${fn}@${event} ${JSON.stringify(userData)}`);
    const action = scenario.queue[next++];
    if (action !== undefined) apply(action);
  };
  return (fn, event, userData) => {
    if (fn < 0) {
      // Drive the scenario: setup, then the top-level generates.
      for (const action of scenario.setup) apply(action);
      for (const e of scenario.generates) {
        apply({ kind: "generate", event: e });
        log.push(`listening ${EVENTS.map((name) => world.listening(name)).join(",")}`);
      }
      log.push(...world.dump());
      return;
    }
    onCall(fn, event, userData);
  };
}

function busWorld(mode: DispatchMode, log: string[], scenario: Scenario): () => void {
  let drive: ReturnType<typeof run> = () => {};
  const bus: EventBus = busMaker(mode)({
    maxDepth: 10_000,
    onStale: (info) => log.push(`stale ${info.event} ${info.module} ${info.pool}`),
  });
  const modules: Module[] = MODULES.map((name) => bus.loadModule(name));
  const a = bus.createPool("a");
  const pools: Pool[] = [bus.permanentPool, a, a.createPool("a.sub"), bus.createPool("b")];
  const fns = Array.from({ length: LISTENERS }, (_, fn) => (data: unknown, userData: unknown) => {
    drive(fn, (data as { event: string }).event, userData);
  });
  const regs: Registration[] = [];
  const controllers = Array.from({ length: SIGNALS + 1 }, () => new AbortController());
  let value = 0;
  const world: World = {
    register(who, event, fn, ud, pool, once, signal) {
      try {
        const userData = ud === 0 ? undefined : ud === 1 ? `v${value++}` : pools[pool].hold(`h${value++}`);
        const options = signal === 0 ? { once } : { once, signal: controllers[signal].signal };
        const reg = bus.register(who < 0 ? null : modules[who], event, fns[fn], userData, options);
        regs.push(reg);
        return reg.active ? "ok" : "inactive";
      } catch (err) {
        if (err instanceof EventsError) return err.code;
        throw err;
      }
    },
    unregister: (module, event, fn) =>
      bus.unregister(module === 0 ? undefined : module === 1 ? null : modules[module - 2], event, fn === undefined ? undefined : fns[fn]),
    regUnregister: (pick) => (regs.length === 0 ? undefined : regs[pick % regs.length].unregister()),
    destroyPool(pool) {
      if (pool !== 0) pools[pool].destroy();
    },
    generate: (event) => bus.generate(event, { event }),
    restart: () => bus.restart(),
    abort: (signal) => controllers[signal].abort(),
    reload(module) {
      const removed = modules[module].unload();
      modules[module] = bus.loadModule(MODULES[module]);
      return removed;
    },
    listening: (event) => bus.listening(event),
    dump: () => bus.dump(),
  };
  drive = run(world, scenario, log);
  return () => drive(-1, "", undefined);
}

function modelWorld(log: string[], scenario: Scenario): () => void {
  let drive: ReturnType<typeof run> = () => {};
  const model = new Model();
  for (const name of MODULES) model.loadModule(name);
  const a = model.createPool(null, 1, "a");
  const pools: ModelPool[] = [model.permanentPool, a, model.createPool(a, 2, "a.sub"), model.createPool(null, 3, "b")];
  const regs: ModelRegistration[] = [];
  const aborted = new Set<number>();
  const signalOf = new Map<ModelRegistration, number>();
  let value = 0;
  const world: World = {
    register(who, event, fn, ud, pool, once, signal) {
      let handle: ModelHandle | undefined, userData: unknown;
      if (ud === 1) userData = `v${value++}`;
      if (ud === 2) {
        userData = `h${value++}`; // counted before hold, as on the bus
        if (pools[pool].destroyed) return "ESTALE"; // hold on a destroyed pool
        handle = { pool: pools[pool], value: userData };
      }
      if (aborted.has(signal)) {
        // README 2: nothing registered, no duplicate check; keep the index for regUnregister.
        regs.push({ id: -1, event, module: null, rank: 0, fn, handle: undefined, value: undefined, seq: -1, once, removed: true });
        return "inactive";
      }
      if (model.duplicateOf(event, fn)) return "EEXIST";
      const reg = model.register(who < 0 ? null : MODULES[who], event, fn, handle, userData, once);
      regs.push(reg);
      if (signal !== 0) signalOf.set(reg, signal);
      return "ok";
    },
    unregister: (module, event, fn) =>
      model.removeWhere(
        (r) => (module < 2 || r.module === MODULES[module - 2]) && (event === undefined || r.event === event) && (fn === undefined || r.fn === fn),
      ),
    regUnregister(pick) {
      if (regs.length === 0) return undefined;
      const r = regs[pick % regs.length];
      const wasLive = model.isLive(r);
      r.removed = true;
      return wasLive;
    },
    destroyPool(pool) {
      if (pool !== 0) model.destroyPool(pools[pool]);
    },
    generate: (event) =>
      model.generateNested(
        event,
        (r) => drive(r.fn, event, r.value),
        (report) => log.push(`stale ${report.event} ${report.module} ${report.pool}`),
      ),
    restart: () => model.restart(),
    abort(signal) {
      if (aborted.has(signal)) return;
      aborted.add(signal);
      for (const [reg, s] of signalOf) if (s === signal) reg.removed = true;
    },
    reload(module) {
      const removed = model.unload(MODULES[module]);
      model.loadModule(MODULES[module]);
      return removed;
    },
    listening: (event) => model.listening(event),
    dump: () => model.dump(),
  };
  drive = run(world, scenario, log);
  return () => drive(-1, "", undefined);
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  setup: fc.array(actionArb.filter((a) => a.kind === "register"), { minLength: 1, maxLength: 12 }),
  queue: fc.array(actionArb, { maxLength: 60 }),
  generates: fc.array(fc.nat(2), { minLength: 1, maxLength: 8 }),
});

describe.each(DISPATCH_MODES)("§6-§7 nested dispatch matches the reference model ($mode)", (mode) => {
  test("§6 §7 listeners that register, unregister, abort, destroy pools, restart, reload modules and generate while running behave as the model", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const busLog: string[] = [], modelLog: string[] = [];
        busWorld(mode, busLog, scenario)();
        modelWorld(modelLog, scenario)();
        expect(busLog).toEqual(modelLog);
      }),
      { numRuns: 1000 },
    );
  });
});
