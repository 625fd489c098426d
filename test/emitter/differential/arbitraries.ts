// fast-check generators of emitter programs for interpreter.mjs: random
// sequences of on, once, prepend*, off, removeAllListeners, emit (also in
// bursts that reach compiled dispatchers) and setMaxListeners over a few names (the meta-events, 'error', special names
// and a symbol among them), with listeners that act re-entrantly (add, remove,
// emit while running) and listeners that throw.
import fc from "fast-check";
import { NAMES } from "./interpreter.mjs";

const LISTENERS = 5;

const event = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 1) },            // 'a', 'b'
  { weight: 1, arbitrary: fc.integer({ min: 2, max: NAMES.length - 1 }) },
);
const listener = fc.integer({ min: 0, max: LISTENERS - 1 });

const add = fc.record({
  op: fc.constantFrom("on", "addListener", "once", "prepend", "prependOnce", "onRaw"),
  event,
  listener,
});
const remove = fc.record({ op: fc.constantFrom("off", "offRaw"), event, listener });
const removeAll = fc.record({ op: fc.constant("removeAll"), event, all: fc.boolean() });
const emit = fc.record({ op: fc.constant("emit"), event, argc: fc.integer({ min: 0, max: 5 }) });
const emitBurst = fc.record({ op: fc.constant("emitBurst"), event, argc: fc.integer({ min: 0, max: 3 }) });
const setMax = fc.record({ op: fc.constant("setMax"), n: fc.constantFrom(0, 1, 2, 3, 10) });

export const command = fc.oneof(
  { weight: 5, arbitrary: add },
  { weight: 3, arbitrary: remove },
  { weight: 1, arbitrary: removeAll },
  { weight: 5, arbitrary: emit },
  { weight: 1, arbitrary: setMax },
);

/** A top-level step: a command, or a burst of emits (never nested: bursts of nested emits multiply). */
const step = fc.oneof({ weight: 12, arbitrary: command }, { weight: 1, arbitrary: emitBurst });

/** What a listener does when called: mostly nothing, sometimes commands, sometimes it throws. */
const listenerSpec = fc.record({
  actions: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(command, { maxLength: 2 }) }),
  throws: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

export const program = fc.record({
  listeners: fc.array(listenerSpec, { minLength: LISTENERS, maxLength: LISTENERS }),
  steps: fc.array(step, { minLength: 1, maxLength: 30 }),
});
