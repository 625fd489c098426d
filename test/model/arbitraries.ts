// fast-check generators for Scenarios. Weights favour the operations that build
// up state (register, load, pools) and the ones that exercise it (generate),
// with bad arguments rare but present. Indices are small so that commands keep
// hitting the same few modules, listeners and pools.

import fc from "fast-check";
import {
  BAD_PATTERNS,
  CORE_EVENTS,
  DOTTED_EVENTS,
  formatScenario,
  MODULE_NAMES,
  PATTERNS,
  type BusOptionsArg,
  type Command,
  type DataArg,
  type EventArg,
  type ListenerArg,
  type ListenerSpec,
  type ModuleArg,
  type OptionsArg,
  type Scenario,
  type Script,
  type ThrowArg,
  type UserDataArg,
} from "./commands.js";

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
/** Mostly the newest entities (index 0), sometimes older ones. */
const index = fc.oneof(w(3, fc.constant(0)), w(2, fc.nat({ max: 5 })));

/** A name to generate or ask about; rarely a pattern, which only register and unregister take. */
const eventName: fc.Arbitrary<EventArg> = fc.oneof(
  w(12, fc.constantFrom("a", "a", "a", "a", "b", "b", "c")),
  w(2, fc.constantFrom(...CORE_EVENTS)),
  w(4, fc.constantFrom(...DOTTED_EVENTS)),
  w(1, fc.constantFrom<EventArg>("", 42, { pattern: "m.*" })),
);
/** `pattern(source)` (§13): mostly good sources, rarely one `pattern()` refuses. */
const patternArg: fc.Arbitrary<EventArg> = fc.oneof(
  w(20, fc.constantFrom(...PATTERNS).map((source): EventArg => ({ pattern: source }))),
  w(1, fc.constantFrom(...BAD_PATTERNS).map((source): EventArg => ({ pattern: source }))),
);
/** What register takes: a name, or a pattern (§13). */
const registerTarget: fc.Arbitrary<EventArg> = fc.oneof(w(2, eventName), w(1, patternArg));
/** As a filter, null and undefined match anything; a pattern matches the registrations of exactly that pattern. */
const eventFilter: fc.Arbitrary<EventArg> = fc.oneof(w(6, eventName), w(2, patternArg), w(3, fc.constantFrom<EventArg>(null, undefined)));

const moduleArg: fc.Arbitrary<ModuleArg> = fc.oneof(
  w(16, index),
  w(8, fc.constant(null)),
  w(1, fc.constantFrom<ModuleArg>(undefined, "foreign")),
);
const moduleFilter: fc.Arbitrary<ModuleArg> = fc.oneof(w(6, index), w(5, fc.constantFrom<ModuleArg>(null, undefined)), w(1, fc.constant<ModuleArg>("foreign")));

const listenerArg: fc.Arbitrary<ListenerArg> = fc.oneof(w(30, fc.nat({ max: 3 })), w(1, fc.constant<ListenerArg>("not-a-function")));
const listenerFilter: fc.Arbitrary<ListenerArg> = fc.oneof(
  w(6, fc.nat({ max: 3 })),
  w(5, fc.constantFrom<ListenerArg>(null, undefined)),
  w(1, fc.constant<ListenerArg>("not-a-function")),
);

const userDataArg: fc.Arbitrary<UserDataArg> = fc.oneof(
  w(4, fc.constant<UserDataArg>({ kind: "omit" })),
  w(3, fc.constant<UserDataArg>({ kind: "object" })),
  w(1, fc.record({ kind: fc.constant("primitive" as const), value: fc.constantFrom(7, "text", null, undefined) })),
  w(6, fc.record({ kind: fc.constant("handle" as const), index })),
  w(1, fc.constant<UserDataArg>({ kind: "lookalike" })),
  w(1, fc.constant<UserDataArg>({ kind: "foreign" })),
);

const optionalBoolean = fc.constantFrom(undefined, false, true);
const optionsArg: fc.Arbitrary<OptionsArg> = fc.oneof(
  w(12, fc.constant<OptionsArg>({ kind: "omit" })),
  w(8, fc.record({ kind: fc.constant("options" as const), once: optionalBoolean, signal: fc.option(index, { nil: undefined, freq: 2 }) })),
  w(1, fc.record({ kind: fc.constant("aborted" as const), once: optionalBoolean })),
  w(1, fc.constantFrom<OptionsArg>({ kind: "bad-once" }, { kind: "bad-signal" }, { kind: "not-object" })),
);

const dataArg: fc.Arbitrary<DataArg> = fc.oneof(
  w(2, fc.constant<DataArg>({ kind: "omit" })),
  w(5, fc.constant<DataArg>({ kind: "object" })),
  w(1, fc.record({ kind: fc.constant("primitive" as const), value: fc.constantFrom(0, "x", null, undefined) })),
);

const cmd = {
  loadModule: fc.record({ op: fc.constant("loadModule" as const), name: fc.oneof(w(30, fc.constantFrom(...MODULE_NAMES)), w(1, fc.constant(""))) }),
  unload: fc.record({ op: fc.constant("unload" as const), module: index }),
  register: fc.record({
    op: fc.constant("register" as const),
    module: moduleArg,
    event: registerTarget,
    listener: listenerArg,
    userData: userDataArg,
    options: optionsArg,
  }),
  unregister: fc.record({
    op: fc.constant("unregister" as const),
    argc: fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 2, 3, 3, 3),
    module: moduleFilter,
    event: eventFilter,
    listener: listenerFilter,
  }),
  registration: fc.record({ op: fc.constant("registration" as const), index: fc.nat({ max: 9 }), call: fc.constantFrom("unregister" as const, "dispose" as const) }),
  unregisterRecent: fc.record({
    op: fc.constant("unregisterRecent" as const),
    back: fc.constantFrom<0 | 1>(0, 0, 1),
    vary: fc.constantFrom("none" as const, "none" as const, "module" as const, "listener" as const),
  }),
  generate: fc.record({
    op: fc.constant("generate" as const),
    event: eventName,
    data: dataArg,
    viaRef: fc.boolean(),
    // Mostly one; sometimes a burst long enough for the library to compile the dispatcher.
    times: fc.oneof(w(8, fc.constant(1)), w(1, fc.constantFrom(18, 24))),
  }),
  listening: fc.record({ op: fc.constant("listening" as const), event: eventName, viaRef: fc.boolean() }),
  dump: fc.record({ op: fc.constant("dump" as const), write: fc.constantFrom("omit" as const, "function" as const, "not-a-function" as const) }),
  createPool: fc.record({
    op: fc.constant("createPool" as const),
    parent: fc.oneof(w(3, fc.constant("bus" as const)), w(2, index)),
    tag: fc.oneof(w(3, fc.constant(undefined)), w(2, fc.constantFrom("t1", "t2")), w(1, fc.constantFrom<string | number>("", 5))),
  }),
  destroy: fc.record({ op: fc.constant("destroy" as const), pool: index }),
  hold: fc.record({ op: fc.constant("hold" as const), pool: index }),
  read: fc.record({ op: fc.constant("read" as const), handle: index }),
  restart: fc.constant<Command>({ op: "restart" }),
  newSignal: fc.constant<Command>({ op: "newSignal" }),
  abort: fc.record({ op: fc.constant("abort" as const), signal: index }),
  observe: fc.constant<Command>({ op: "observe" }),
};

/** Top-level commands: build state, exercise it, tear it down. */
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  w(10, cmd.register),
  w(16, cmd.generate),
  w(3, cmd.unregister),
  w(3, cmd.unregisterRecent),
  w(4, cmd.loadModule),
  w(2, cmd.unload),
  w(2, cmd.registration),
  w(3, cmd.createPool),
  w(3, cmd.destroy),
  w(3, cmd.hold),
  w(1, cmd.read),
  w(3, cmd.restart),
  w(1, cmd.newSignal),
  w(2, cmd.abort),
  w(1, cmd.listening),
  w(1, cmd.dump),
);

/** What a listener does while it runs: mostly the commands that disturb a dispatch. */
const actionArb: fc.Arbitrary<Command> = fc.oneof(
  w(12, cmd.generate),
  w(5, cmd.unregister),
  w(2, cmd.unregisterRecent),
  w(3, cmd.registration),
  w(4, cmd.register),
  w(3, cmd.unload),
  w(2, cmd.restart),
  w(3, cmd.destroy),
  w(2, cmd.abort),
  w(1, cmd.loadModule),
  w(6, cmd.createPool),
  w(1, cmd.hold),
  w(1, cmd.read),
  w(3, cmd.observe),
);

/** How often a listener call ends in a throw: `rarely` where listeners also act, else often. */
const throwArb = (noThrowWeight: number): fc.Arbitrary<ThrowArg> =>
  fc.oneof(
    w(noThrowWeight, fc.constant<ThrowArg>("none")),
    w(1, fc.constantFrom<ThrowArg>("error", "string", "undefined", "object", "number")),
  );

const optionsArb: fc.Arbitrary<BusOptionsArg> = fc.record({
  onError: fc.constantFrom("none" as const, "record" as const, "throw" as const),
  onStale: fc.oneof(w(4, fc.constant("record" as const)), w(1, fc.constant("throw" as const))),
  maxDepth: fc.oneof(w(1, fc.constant(undefined)), w(2, fc.integer({ min: 1, max: 4 }))),
});

function listenersArb(script: fc.Arbitrary<Script>, maxScripts: number): fc.Arbitrary<ListenerSpec[]> {
  const spec = fc.record({
    from: fc.oneof(w(3, fc.constant(0)), w(1, fc.integer({ min: 16, max: 24 }))),
    scripts: fc.array(script, { maxLength: maxScripts, size: "max" }),
  });
  return fc.tuple(spec, spec, spec, spec);
}

/** Adds the readable printer fast-check uses when it reports a counterexample. */
const printable = (scenario: Scenario): Scenario =>
  Object.assign(scenario, { [fc.toStringMethod]: () => `\n${formatScenario(scenario)}\n` });

/** A register that mostly succeeds: valid arguments, a few options. */
const goodRegister = fc.record({
  op: fc.constant("register" as const),
  module: fc.oneof(w(2, index), w(1, fc.constant(null))),
  event: fc.oneof(
    w(4, fc.constantFrom<EventArg>("a", "a", "b", "c", ...CORE_EVENTS, ...DOTTED_EVENTS)),
    w(1, fc.constantFrom(...PATTERNS).map((source): EventArg => ({ pattern: source }))),
  ),
  listener: fc.nat({ max: 3 }),
  userData: fc.oneof(
    w(2, fc.constant<UserDataArg>({ kind: "omit" })),
    w(1, fc.constant<UserDataArg>({ kind: "object" })),
    w(3, fc.record({ kind: fc.constant("handle" as const), index })),
  ),
  options: fc.oneof(
    w(3, fc.constant<OptionsArg>({ kind: "omit" })),
    w(1, fc.record({ kind: fc.constant("options" as const), once: optionalBoolean, signal: fc.option(index, { nil: undefined }) })),
  ),
});

/** Loads modules and registers listeners, so the commands after have something to act on. */
const setupArb: fc.Arbitrary<Command[]> = fc.array(
  fc.oneof(w(4, goodRegister), w(2, cmd.loadModule), w(2, cmd.createPool), w(3, cmd.hold)),
  { maxLength: 14 },
);

const sequenceArb = (maxLength: number) =>
  fc.tuple(setupArb, fc.array(commandArb, { maxLength, size: "max" })).map(([setup, rest]) => [...setup, ...rest]);

/** Sequences of top-level commands; listeners only ever throw, never act. */
export const modelScenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    options: optionsArb,
    listeners: listenersArb(fc.record({ actions: fc.constant([]), rethrow: fc.constant(false), end: throwArb(4) }), 6),
    hookActions: fc.constant<Command[]>([]),
    commands: sequenceArb(40),
    // Half the sequences are observed only at the end: mutations then pile up
    // between queries, in the bus's pending log (§9 batched mutations).
    observeEach: fc.boolean(),
  })
  .map(printable);

/** Listeners that generate, unregister, unload, restart and destroy while they run. */
export const reentrancyScenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    options: optionsArb,
    listeners: listenersArb(fc.record({ actions: fc.array(actionArb, { maxLength: 4, size: "max" }), rethrow: fc.boolean(), end: throwArb(10) }), 4),
    hookActions: fc.array(actionArb, { maxLength: 3 }),
    commands: sequenceArb(30),
  })
  .map(printable);

/** A generate of "a", the event the compiled scenarios dwell on. */
const generateA = (times: fc.Arbitrary<number>) =>
  fc.record({ op: fc.constant("generate" as const), event: fc.constant<EventArg>("a"), data: dataArg, viaRef: fc.boolean(), times });

/** Two to five listeners on "a" (some under modules), so its dispatches have a later listener to nest from. */
const setupOnA: fc.Arbitrary<Command[]> = fc.array(
  fc.oneof(
    w(4, goodRegister.map((register): Command => ({ ...register, event: "a" }))),
    w(1, cmd.loadModule),
    w(1, cmd.hold),
  ),
  { minLength: 2, maxLength: 8 },
);

/**
 * Re-entrancy on compiled dispatchers: listeners on "a" whose scripts start
 * once they have run 16 times (the compile threshold), that throw often and
 * mostly generate "a" while they run, onError hooks that act too, and
 * commands that keep generating "a" in bursts. What the other two rarely reach
 * together: a listener error and its hook in the middle of a compiled
 * dispatch, then a nested generate of the same event from a later listener.
 */
export const compiledReentrancyScenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    options: fc.record({
      onError: fc.oneof(w(4, fc.constant("record" as const)), w(1, fc.constant("throw" as const)), w(1, fc.constant("none" as const))),
      onStale: fc.constant("record" as const),
      maxDepth: fc.oneof(w(2, fc.constant(undefined)), w(1, fc.integer({ min: 2, max: 4 }))),
    }),
    listeners: fc.tuple(...Array.from({ length: 4 }, () =>
      fc.record({
        from: fc.integer({ min: 16, max: 20 }),
        scripts: fc.array(
          fc.record({
            actions: fc.array(
              fc.oneof(w(4, generateA(fc.constant(1))), w(2, cmd.generate), w(1, cmd.unregister), w(1, cmd.register), w(1, cmd.observe)),
              { maxLength: 2 },
            ),
            rethrow: fc.boolean(),
            end: throwArb(2),
          }),
          { maxLength: 4, size: "max" },
        ),
      }),
    )) as fc.Arbitrary<ListenerSpec[]>,
    hookActions: fc.array(fc.oneof(w(3, cmd.generate), w(1, cmd.observe)), { maxLength: 3 }),
    commands: fc
      .tuple(setupOnA, fc.array(fc.oneof(w(3, generateA(fc.oneof(w(1, fc.constant(1)), w(3, fc.constantFrom(18, 24))))), w(4, commandArb)), { maxLength: 24, size: "max" }))
      .map(([setup, rest]) => [...setup, ...rest]),
  })
  .map(printable);
