// A way to force a full collection, with or without `--expose-gc`.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** `global.gc`, exposing it first if node was started without `--expose-gc`. */
export function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === "function") return existing;
  // The flag applies to contexts created after it is set: a fresh one hands out its gc.
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
