// The two dispatch paths every dispatch-sensitive spec file runs against
// (STYLE §4): the compiled per-event dispatcher and the eval-free loop,
// forced with `codegen: false`. Tests make buses through `busMaker` so the
// mode's options are always applied.
import { EventBus, type EventBusOptions } from "wasm-events";

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
