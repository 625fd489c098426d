// Helpers of the awaiting tests (awaiting-*.test.ts): holding a listener at
// its await, letting settled promises run, passing the compile threshold,
// and taking a promise's rejection.
import type { EventBus } from "wasm-events";

/** A promise and its settlers, to hold a listener at its await. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void, reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets every settled promise's reactions (and a timer turn) run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Generates enough times to pass any compile threshold (the compiled path then serves `generate`). */
export const prime = (bus: EventBus, event: string) => {
  for (let i = 0; i < 20; i++) bus.generate(event, "prime");
};

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
