// `direct`: no dispatcher at all, the physical limit. Each event gets the
// function a person would write by hand to call its listeners: one plain call
// per listener, in a row, so every call site sees one function and V8 may
// inline its body. It is produced with `new Function` only because the
// scenarios vary the number of listeners; the result is the hand-written
// code, compiled lazily on the event's first generate (as codegen emitters
// do, so the memory scenario charges direct only for its arrays).
// There is nothing to churn without a dispatcher, so direct sits out churn.
import type { BenchListener, Contender } from "../contender.js";

// V8 caches `new Function` by source text, and the cached code keeps its type
// feedback: two instances with the same number of listeners would share call
// sites and see each other's listeners. Code written by hand for one program
// is its own, so each piece of source is made unique by a serial number.
let serial = 0;

/** `function (data) { l0(data); l1(data); ... }` over `listeners`. */
function writeByHand(listeners: readonly BenchListener[]): BenchListener {
  const params = listeners.map((_, i) => `l${i}`);
  const calls = params.map((param) => `  ${param}(data);`).join("\n");
  const source = `"use strict"; // direct #${++serial}\nreturn function direct(data) {\n${calls}\n};`;
  return new Function(...params, source)(...listeners) as BenchListener;
}

/**
 * The loop over `order`, also written per instance: a loop shared by every
 * direct instance would see every scenario's functions at one call site and
 * go megamorphic, which code written for one program never does.
 */
function writeLoop(written: (BenchListener | undefined)[], lists: BenchListener[][]): (order: Int32Array, data: unknown) => void {
  const source = `"use strict"; // direct loop #${++serial}
return function generateAll(order, data) {
  for (let i = 0; i < order.length; i++) {
    const event = order[i];
    (written[event] ?? (written[event] = writeByHand(lists[event])))(data);
  }
};`;
  return new Function("written", "lists", "writeByHand", source)(written, lists, writeByHand) as (order: Int32Array, data: unknown) => void;
}

export const direct: Contender = {
  name: "direct",
  kind: "limit",
  description: "no dispatcher: per event, one hand-written function calling its listeners in a row",
  prepare(table) {
    const lists = table.listeners.map((specs) => specs.map((spec) => spec.fn));
    const written: (BenchListener | undefined)[] = lists.map(() => undefined);
    return {
      generateAll: writeLoop(written, lists),
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
