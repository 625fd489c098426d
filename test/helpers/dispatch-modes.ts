// The two dispatch paths every dispatch-sensitive test runs against (code
// generation has an eval-free twin, §9): compiled dispatchers and the
// eval-free loop. The one helper for both APIs, each with its own switch:
// - the bus: per bus, the `codegen: false` option. Tests make buses through
//   `busMaker` so the mode's options are always applied.
// - the EventEmitter: process-wide, setEmitterCodegen(false), set around a
//   describe block by `describeBothPaths`.
import { afterAll, beforeAll, describe } from "vitest";
import { EventBus, setEmitterCodegen, type EventBusOptions } from "wasm-events";

export interface DispatchMode {
  /** Shown in the describe title. */
  readonly mode: string;
  /** Options that select the dispatch path. */
  readonly options: EventBusOptions;
}

export const DISPATCH_MODES: readonly DispatchMode[] = [
  { mode: "codegen dispatcher", options: {} },
  { mode: "loop dispatcher", options: { codegen: false } },
];

/** A factory of buses in `mode`; `extra` options are merged on top. */
export function busMaker(mode: DispatchMode): (extra?: EventBusOptions) => EventBus {
  return (extra) => new EventBus({ ...mode.options, ...extra });
}

/** The EventEmitter's two paths (titles as the emitter suites name them). */
const PATHS = [
  { path: "compiled dispatchers", codegen: true },
  { path: "eval-free loop", codegen: false },
] as const;

/** `body` as a describe block per EventEmitter dispatch path. */
export function describeBothPaths(title: string, body: (path: (typeof PATHS)[number]) => void): void {
  describe.each(PATHS)(`${title} ($path)`, (path) => {
    beforeAll(() => setEmitterCodegen(path.codegen));
    afterAll(() => setEmitterCodegen(true));
    body(path);
  });
}
