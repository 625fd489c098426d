// A contender for the benchmark harness, in plain JavaScript: race your own
// emitter against every other with
//   npm run bench -- --contender ./bench/my-emitter.mjs
// This one wraps a minimal emitter written here; replace it with yours. The
// adapter shape is bench/contender.ts's `Contender` (bench/README.md,
// "Racing your own emitter").

/** A tiny emitter: an array of listeners per name, called in order. */
class MyEmitter {
  #listeners = new Map();
  on(name, fn) {
    const list = this.#listeners.get(name);
    if (list === undefined) this.#listeners.set(name, [fn]);
    else list.push(fn);
  }
  off(name, fn) {
    const list = this.#listeners.get(name);
    const at = list === undefined ? -1 : list.lastIndexOf(fn);
    if (at >= 0) list.splice(at, 1);
  }
  fire(name, data) {
    const list = this.#listeners.get(name);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) list[i](data);
  }
}

export default {
  name: "my-emitter",
  kind: "peer", // counts as a peer: it can be "the fastest peer" of a scenario
  description: "bench/my-emitter.mjs: an array of listeners per name",
  prepare(table) {
    const emitter = new MyEmitter(), names = table.events;
    // table.listeners[e] are registered for names[e], in order; spec.fn takes the event data.
    for (let e = 0; e < names.length; e++) for (const spec of table.listeners[e]) emitter.on(names[e], spec.fn);
    return {
      // The timed loop: one fire per entry of `order`.
      generateAll(order, data) {
        for (let i = 0; i < order.length; i++) emitter.fire(names[order[i]], data);
      },
      // One more listener, and a function that removes it (the churn check uses it).
      add(event, fn) {
        emitter.on(names[event], fn);
        return () => emitter.off(names[event], fn);
      },
      // Optional: without it the contender sits out the churn scenario.
      churn(event, fn, times) {
        const name = names[event];
        for (let i = 0; i < times; i++) {
          emitter.on(name, fn);
          emitter.off(name, fn);
        }
      },
    };
  },
};
