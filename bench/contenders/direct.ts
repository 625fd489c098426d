// `direct`: no dispatcher at all, the physical limit. Each event gets the
// function a person would write by hand to call its listeners: one plain call
// per listener, in a row, so every call site sees one function and V8 may
// inline its body. It is produced with `new Function` only because the
// scenarios vary the number of listeners; the result is the hand-written
// code, compiled lazily on the event's first generate (as codegen emitters
// do, so the memory scenario charges direct only for its arrays).
// There is nothing to churn without a dispatcher, so direct sits out churn.
import type { BenchListener, Contender } from "../contender.js";

/** `function (data) { l0(data); l1(data); ... }` over `listeners`. */
function writeByHand(listeners: readonly BenchListener[]): BenchListener {
  const params = listeners.map((_, i) => `l${i}`);
  const calls = params.map((param) => `  ${param}(data);`).join("\n");
  const source = `"use strict";\nreturn function direct(data) {\n${calls}\n};`;
  return new Function(...params, source)(...listeners) as BenchListener;
}

export const direct: Contender = {
  name: "direct",
  kind: "limit",
  description: "no dispatcher: per event, one hand-written function calling its listeners in a row",
  prepare(table) {
    const lists = table.listeners.map((specs) => specs.map((spec) => spec.fn));
    const written: (BenchListener | undefined)[] = lists.map(() => undefined);
    return {
      generateAll(order, data) {
        for (let i = 0; i < order.length; i++) {
          const event = order[i];
          (written[event] ?? (written[event] = writeByHand(lists[event])))(data);
        }
      },
      add(event, fn) {
        lists[event].push(fn);
        written[event] = undefined;
        return () => {
          const list = lists[event], at = list.lastIndexOf(fn);
          if (at >= 0) list.splice(at, 1);
          written[event] = undefined;
        };
      },
    };
  },
};
