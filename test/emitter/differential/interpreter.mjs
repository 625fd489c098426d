// Runs one generated program on an EventEmitter class and records everything
// observable, step by step. Plain JavaScript with no imports, because the same
// file runs in this process on wasm-events and in a Node 24 child process on
// node:events (oracle.mjs); the two traces must be equal.
//
// A program: { listeners: [{ actions, throws }], steps: [command] }.
// A command: { op, event, listener, argc, n, all }. `event` indexes NAMES;
// `listener` indexes the program's listener pool. A listener logs its call
// (who, which event, its arguments, whether `this` is the emitter), runs its
// actions (commands, re-entrantly, up to MAX_DEPTH deep) and may throw.

export const NAMES = ["a", "b", "newListener", "removeListener", "error", "__proto__", "undefined", { symbol: "s" }, "constructor"];
const MAX_DEPTH = 2;
// Listeners that add listeners while emits repeat grow lists geometrically:
// both sides stop adding at MAX_LISTENERS per event and stop acting once the
// trace is long, the same way, so traces stay comparable and finite.
const MAX_LISTENERS = 12;
const MAX_TRACE = 4000;

function nameOf(index) {
  const name = NAMES[index];
  return typeof name === "object" ? Symbol.for(name.symbol) : name;
}

const ADDS = new Set(["on", "addListener", "once", "prepend", "prependOnce", "onRaw"]);

export function run(EventEmitter, program) {
  const trace = [];
  const ee = new EventEmitter();
  const fns = [];
  let depth = 0;
  const show = (value) => {
    if (typeof value === "function") {
      const k = fns.indexOf(value);
      if (k >= 0) return `L${k}`;
      if (typeof value.listener === "function") return `W(${show(value.listener)})`;
      return "fn?";
    }
    if (typeof value === "symbol") return `sym:${String(value)}`;
    if (value === undefined) return "undef";
    return value;
  };
  const showError = (error) => ({ name: error?.name, code: error?.code, message: error?.message });

  const execute = (command, record) => {
    const name = nameOf(command.event);
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
      case "removeAll": return (command.all ? ee.removeAllListeners() : ee.removeAllListeners(name)) === ee;
      case "emit": {
        const args = [];
        for (let i = 0; i < command.argc; i++) args.push(i + 1);
        return ee.emit(name, ...args);
      }
      case "emitBurst": {
        // Enough emits of one snapshot for wasm-events to compile its dispatcher (COMPILE_AFTER_USES).
        let all = true;
        for (let i = 0; i < 18; i++) all = ee.emit(name, ...[1, 2, 3].slice(0, command.argc)) && all;
        return all;
      }
      case "setMax": return ee.setMaxListeners(command.n) === ee;
      default: throw new Error(`unknown op ${command.op}`);
    }
  };

  program.listeners.forEach((spec, k) => {
    fns.push(function (...args) {
      trace.push(["call", `L${k}`, depth, args.map(show), this === ee]);
      if (depth < MAX_DEPTH && trace.length < MAX_TRACE) {
        for (const action of spec.actions) {
          depth++;
          try {
            trace.push(["nested", action.op, execute(action)]);
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
      const state = { names: ee.eventNames().map(show), count: ee._eventsCount, listeners: {}, warnings: warnings.splice(0) };
      for (let e = 0; e < NAMES.length; e++) {
        const name = nameOf(e);
        if (ee.listenerCount(name) === 0 && ee.rawListeners(name).length === 0) continue;
        state.listeners[e] = {
          listeners: ee.listeners(name).map(show),
          raw: ee.rawListeners(name).map(show),
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
