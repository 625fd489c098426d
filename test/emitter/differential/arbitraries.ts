// fast-check generators of emitter programs for interpreter.mjs: random
// sequences of every EventEmitter method (adds of every kind, removals by
// function and by raw wrapper, removeAllListeners of one event or all,
// emits (also in bursts that reach compiled dispatchers, and 'error' emits
// with an Error), setMaxListeners, EventEmitter.init again, the introspection methods and the
// `_events` view, and raw listeners called directly) over a few names: the
// meta-events, 'error' and errorMonitor weigh as much as an ordinary name,
// so listeners of every kind act re-entrantly (add, remove, remove all,
// emit, inspect while running) and throw. A quiet run (one step) adds and
// removes plain listeners of 'a' and 'b' with nothing read between them, so
// that appends pile up in the pending log and removals withdraw them there
// (the newest, an older one, one of the other event's).
import fc from "fast-check";
import { NAMES, SUBJECT } from "./interpreter.mjs";

const LISTENERS = 5;

const event = fc.oneof(
  { weight: 5, arbitrary: fc.constant(0) },                             // 'a'
  { weight: 1, arbitrary: fc.constant(1) },                             // 'b'
  { weight: 1, arbitrary: fc.constant(2) },                             // 'newListener'
  { weight: 3, arbitrary: fc.constant(3) },                             // 'removeListener'
  { weight: 2, arbitrary: fc.constant(4) },                             // 'error'
  { weight: 2, arbitrary: fc.constant(5) },                             // errorMonitor
  { weight: 1, arbitrary: fc.integer({ min: 6, max: NAMES.length - 1 }) },
);
const listener = fc.integer({ min: 0, max: LISTENERS - 1 });

/** The commands, on events `event` draws. */
function commandOver(event: fc.Arbitrary<number>): fc.Arbitrary<Record<string, unknown>> {
  const add = fc.record({
    op: fc.constantFrom("on", "addListener", "once", "prepend", "prependOnce", "onRaw"),
    event,
    listener,
  });
  const remove = fc.record({ op: fc.constantFrom("off", "offRaw"), event, listener });
  const removeAll = fc.record({ op: fc.constant("removeAll"), event, all: fc.boolean() });
  const emit = fc.record({ op: fc.constant("emit"), event, listener, argc: fc.integer({ min: 0, max: 5 }), error: fc.boolean() });
  const setMax = fc.record({ op: fc.constant("setMax"), n: fc.constantFrom(0, 1, 2, 3, 10) });
  const init = fc.record({ op: fc.constant("init") });
  const read = fc.record({
    op: fc.constantFrom("getMax", "listeners", "rawListeners", "count", "countOf", "names", "view"),
    event,
    listener,
  });
  const callRaw = fc.record({ op: fc.constant("callRaw"), event, listener });
  return fc.oneof(
    { weight: 6, arbitrary: add },
    { weight: 3, arbitrary: remove },
    { weight: 4, arbitrary: removeAll },
    { weight: 5, arbitrary: emit },
    { weight: 1, arbitrary: setMax },
    { weight: 1, arbitrary: init },
    { weight: 2, arbitrary: read },
    { weight: 2, arbitrary: callRaw },
  );
}

const command = commandOver(event);
const emitBurst = fc.record({ op: fc.constant("emitBurst"), event, argc: fc.integer({ min: 0, max: 3 }) });
/**
 * What listeners do: the same commands, often on the event a meta-event
 * listener hears about (SUBJECT: a 'removeListener' listener emptying the
 * event being emptied, a 'newListener' one adding to it) or on 'error' (an
 * errorMonitor listener changing what the 'error' emit will call).
 */
const action = commandOver(fc.oneof({ weight: 1, arbitrary: event }, { weight: 1, arbitrary: fc.constant(SUBJECT) }));

/** Adds and removes of plain listeners on 'a' and 'b', one after another in one step (nothing read or emitted between). */
const quietRun = fc.record({
  op: fc.constant("quietRun"),
  commands: fc.array(fc.record({ op: fc.constantFrom("on", "on", "off"), event: fc.constantFrom(0, 1), listener }), { minLength: 2, maxLength: 8 }),
});

/** What a listener does when called: nothing, or commands, and sometimes it throws. */
const listenerSpec = fc.record({
  actions: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(action, { minLength: 1, maxLength: 3 }) }),
  throws: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** A top-level step: a command, a burst of emits (never nested: bursts of nested emits multiply), or a quiet run. */
const step = fc.oneof({ weight: 12, arbitrary: command }, { weight: 1, arbitrary: emitBurst }, { weight: 2, arbitrary: quietRun });

export const program = fc.record({
  listeners: fc.array(listenerSpec, { minLength: LISTENERS, maxLength: LISTENERS }),
  steps: fc.array(step, { minLength: 1, maxLength: 30 }),
  observed: fc.boolean(),
});
