// Runs one generated program on an EventEmitter class and records everything
// observable, step by step. Plain JavaScript with no imports, because the same
// file runs in this process on wasm-events and in a Node 26 child process on
// node:events (oracle.mjs); the two traces must be equal.
//
// A program: { listeners: [{ actions, throws }], steps: [command], observed }
// (observed: the emitter is of a subclass whose emit logs its calls).
// A command: { op, event, listener, argc, error, n, all, commands }. `event` indexes
// NAMES; `listener` indexes the program's listener pool. A listener logs its
// call (who, which event, its arguments, whether `this` is the emitter), runs
// its actions (any command but a burst, re-entrantly, up to MAX_DEPTH deep)
// and may throw. Listeners land on every kind of event (NAMES has the
// meta-events, 'error' and errorMonitor), so every method runs re-entrantly
// from inside every kind of listener, once wrappers and prepended ones too.

/** Event names; `{ symbol }` is Symbol.for(symbol), `{ errorMonitor: true }` the class's errorMonitor. */
export const NAMES = [
  "a", "b", "newListener", "removeListener", "error", { errorMonitor: true },
  "__proto__", "undefined", { symbol: "s" }, "constructor",
];
/**
 * An event index for a listener's actions: the event a meta-event listener
 * hears about (its first argument when that is one of NAMES), else 'error'.
 */
export const SUBJECT = -1;
const MAX_DEPTH = 4;
// Listeners that add listeners while emits repeat grow lists geometrically:
// both sides stop adding at MAX_LISTENERS per event and stop acting once the
// trace is long, the same way, so traces stay comparable and finite.
const MAX_LISTENERS = 12;
const MAX_TRACE = 4000;
// Once wrappers that add once wrappers while removing themselves (through a
// 'removeListener' listener) nest emits without nesting listener calls: a
// budget of actions per program ends such chains long before any stack
// limit, on both sides at the same point.
const MAX_ACTIONS = 300;

const ADDS = new Set(["on", "addListener", "once", "prepend", "prependOnce", "onRaw"]);

export function run(EventEmitter, program) {
  const trace = [];
  // A subclass that overrides emit sees every emit the class makes itself (the meta-events), as a library's would.
  class Observed extends EventEmitter {
    emit(...args) {
      trace.push(["emit-called", args.map(show)]);
      return super.emit(...args);
    }
  }
  const ee = program.observed ? new Observed() : new EventEmitter();
  const fns = [];
  let depth = 0, actions = 0;
  const nameOf = (index) => {
    const name = NAMES[index];
    if (typeof name === "string") return name;
    return name.errorMonitor ? EventEmitter.errorMonitor : Symbol.for(name.symbol);
  };
  const show = (value) => {
    if (typeof value === "function") {
      const k = fns.indexOf(value);
      if (k >= 0) return `L${k}`;
      if (typeof value.listener === "function") return `W(${show(value.listener)})`;
      return "fn?";
    }
    if (typeof value === "symbol") return `sym:${String(value)}`;
    if (value instanceof Error) return `err:${value.message}`;
    if (value === undefined) return "undef";
    return value;
  };
  const showError = (error) => ({ name: error?.name, code: error?.code, message: error?.message });
  const showList = (list) => list.map(show);
  // `_events` as code that inspects Node's internals sees it: its keys in order, a function or an array (warned or not).
  const showEvents = () => {
    const events = ee._events;
    if (events === undefined) return "undef";
    return Reflect.ownKeys(events).map((key) => {
      const entry = events[key];
      return [show(key), Array.isArray(entry) ? { array: showList(entry), warned: entry.warned === true } : show(entry)];
    });
  };

  const execute = (command, subject) => {
    if (command.op === "quietRun") return command.commands.map((each) => execute(each)); // nothing read between them
    const name = command.event === SUBJECT ? subject : nameOf(command.event);
    const fn = fns[command.listener];
    if (ADDS.has(command.op) && ee.listenerCount(name) >= MAX_LISTENERS) return "skipped";
    switch (command.op) {
      case "on": return ee.on(name, fn) === ee;
      case "addListener": return ee.addListener(name, fn) === ee;
      case "once": return ee.once(name, fn) === ee;
      case "prepend": return ee.prependListener(name, fn) === ee;
      case "prependOnce": return ee.prependOnceListener(name, fn) === ee;
      case "off": return ee.off(name, fn) === ee;
      case "offRaw": {
        // Remove by the raw wrapper, as code holding rawListeners() does.
        const raw = ee.rawListeners(name);
        return ee.removeListener(name, raw[command.listener % Math.max(raw.length, 1)] ?? fn) === ee;
      }
      case "onRaw": {
        // Add a raw listener (a once wrapper, say) again, as code holding rawListeners() can.
        const raw = ee.rawListeners(name);
        return ee.on(name, raw[command.listener % Math.max(raw.length, 1)] ?? fn) === ee;
      }
      case "callRaw": {
        // Call a raw listener outside any emit, as `rawListeners(name)[i]()` does (a once wrapper removes itself).
        const raw = ee.rawListeners(name);
        if (raw.length === 0) return "none";
        return show(raw[command.listener % raw.length](command.listener));
      }
      case "removeAll": return (command.all ? ee.removeAllListeners() : ee.removeAllListeners(name)) === ee;
      case "emit": {
        const args = [];
        for (let i = 0; i < command.argc; i++) args.push(i + 1);
        if (command.error && args.length > 0) args[0] = new Error(`E${command.listener}`);
        return ee.emit(name, ...args);
      }
      case "emitBurst": {
        // Enough emits of one snapshot for wasm-events to compile its dispatcher (COMPILE_AFTER_USES).
        let all = true;
        for (let i = 0; i < 18; i++) all = ee.emit(name, ...[1, 2, 3].slice(0, command.argc)) && all;
        return all;
      }
      case "setMax": return ee.setMaxListeners(command.n) === ee;
      case "init": return EventEmitter.init.call(ee) === undefined; // again, as old-style subclasses may: Node's shape mode
      case "getMax": return ee.getMaxListeners();
      case "listeners": return showList(ee.listeners(name));
      case "rawListeners": return showList(ee.rawListeners(name));
      case "count": return ee.listenerCount(name);
      case "countOf": return ee.listenerCount(name, fn);
      case "names": return showList(ee.eventNames());
      case "view": return [showEvents(), ee._eventsCount];
      default: throw new Error(`unknown op ${command.op}`);
    }
  };

  const subjectOf = (value) => {
    for (let e = 0; e < NAMES.length; e++) if (nameOf(e) === value) return value;
    return "error";
  };

  program.listeners.forEach((spec, k) => {
    fns.push(function (...args) {
      trace.push(["call", `L${k}`, depth, args.map(show), this === ee]);
      if (depth < MAX_DEPTH && trace.length < MAX_TRACE) {
        for (const action of spec.actions) {
          if (++actions > MAX_ACTIONS) break;
          depth++;
          try {
            trace.push(["nested", action.op, execute(action, subjectOf(args[0]))]);
          } catch (error) {
            trace.push(["nested-threw", showError(error)]);
          } finally {
            depth--;
          }
        }
      }
      if (spec.throws) throw new Error(`L${k} threw`);
    });
  });

  const warnings = [];
  const originalEmitWarning = process.emitWarning;
  process.emitWarning = (warning) => {
    warnings.push({ name: warning.name, message: warning.message, type: show(warning.type), count: warning.count, emitter: warning.emitter === ee });
  };
  try {
    for (const command of program.steps) {
      let result;
      try {
        result = ["returned", execute(command)];
      } catch (error) {
        result = ["threw", showError(error)];
      }
      const state = {
        names: ee.eventNames().map(show), count: ee._eventsCount, events: showEvents(), listeners: {}, warnings: warnings.splice(0),
      };
      for (let e = 0; e < NAMES.length; e++) {
        const name = nameOf(e);
        if (ee.listenerCount(name) === 0 && ee.rawListeners(name).length === 0) continue;
        state.listeners[e] = {
          listeners: showList(ee.listeners(name)),
          raw: showList(ee.rawListeners(name)),
          count: ee.listenerCount(name),
          countOf: fns.map((fn) => ee.listenerCount(name, fn)),
        };
      }
      trace.push(["step", command.op, result, state]);
    }
  } finally {
    process.emitWarning = originalEmitWarning;
  }
  return trace;
}
