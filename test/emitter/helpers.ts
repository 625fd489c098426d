// Shared by the emitter tests: warm an event up so that its next emit runs a
// compiled dispatcher, and log listener calls. Running a suite on both
// dispatch paths is test/helpers/dispatch-modes.ts's (re-exported here).
export { describeBothPaths } from "../helpers/dispatch-modes.js";

/** Emits a dispatcher compiles after (src/table/compile.ts's COMPILE_AFTER_USES), with margin. */
const WARM_EMITS = 20;

/** A flag listeners check so warm-up emits leave no trace. */
const quiet = { on: false };

/** Emits `name` WARM_EMITS times with `quiet.on` set, so the next emit of the same listeners is a compiled one. */
export function warm(emitter: { emit(name: string | symbol, ...args: unknown[]): boolean }, name: string | symbol, ...args: unknown[]): void {
  quiet.on = true;
  try {
    for (let i = 0; i < WARM_EMITS; i++) emitter.emit(name, ...args);
  } finally {
    quiet.on = false;
  }
}

/** A listener that logs `label` (and its arguments) unless warming up. */
export function logger(log: unknown[], label: string): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    if (!quiet.on) log.push(args.length === 0 ? label : [label, ...args]);
  };
}
