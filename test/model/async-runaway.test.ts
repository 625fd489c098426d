// The driver of the §14 property (async-model.ts) bounds a scenario's listener
// calls: a bus without the re-entrancy rule, whose generateAsync reaches its
// listeners through promises (so no ELOOP), must fail the run with a runaway
// error instead of recursing until the process runs out of memory.
import { expect, test } from "vitest";
import { MAX_LISTENER_CALLS, RunawayError, runAsyncScenario, type AsyncBusLike, type AsyncScenario } from "./async-model.js";

/** Calls every listener of the event, one after the other, with no re-entrancy skip. */
class NoSkipBus implements AsyncBusLike {
  readonly #listeners = new Map<string, ((data: unknown) => unknown)[]>();
  loadModule(name: string): unknown {
    return name;
  }
  register(_module: unknown, event: string, listener: (data: unknown) => unknown): unknown {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return undefined;
  }
  unregister(_module: null, event: string, listener: Function): number {
    const before = this.#listeners.get(event) ?? [];
    this.#listeners.set(event, before.filter((l) => l !== listener));
    return before.length - (this.#listeners.get(event)?.length ?? 0);
  }
  async generateAsync(event: string, data?: unknown): Promise<void> {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      await null; // each call in its own microtask: the recursion never deepens the stack
      await listener(data);
    }
  }
}

const noAction = { before: [], awaits: false, after: [], fails: false };
// L0 starts its own event each time it is called.
const selfStarting: AsyncScenario = {
  scripts: [{ ...noAction, before: [{ kind: "start", event: "x" }] }, noAction, noAction, noAction],
  initial: [{ listener: 0, module: -1, event: "x" }],
  steps: [{ kind: "start", event: "x" }],
};

test("a listener that starts its own event on a bus without the re-entrancy skip fails the run as a runaway", async () => {
  const run = runAsyncScenario(new NoSkipBus(), selfStarting);
  await expect(run).rejects.toThrow(RunawayError);
  await expect(run).rejects.toThrow(`runaway: more than ${MAX_LISTENER_CALLS} listener calls`);
});
